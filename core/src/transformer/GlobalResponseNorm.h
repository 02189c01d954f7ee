#pragma once
// Global response normalisation of ConvNeXt-V2 on channels-last (B, H, W, C) activations:
// out = gamma·(x·n) + beta + x with n = ‖x‖₂ over (H, W) divided by its mean over channels.

#include <torch/torch.h>

namespace muse {

class GlobalResponseNormImpl : public torch::nn::Module {
public:
    explicit GlobalResponseNormImpl(int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor gamma; // [1, 1, 1, dim]
    torch::Tensor beta;  // [1, 1, 1, dim]
};
TORCH_MODULE(GlobalResponseNorm);

} // namespace muse
