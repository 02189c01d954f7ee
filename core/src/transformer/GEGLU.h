#pragma once
// Gated GELU of diffusers' FeedForward: proj maps dim → 2·inner; rows [0, inner) are the linear
// branch and rows [inner, 2·inner) the gate passed through the exact (erf) GELU (model-spec §7.3).

#include <torch/torch.h>

namespace muse {

class GEGLUImpl : public torch::nn::Module {
public:
    GEGLUImpl(int64_t dim, int64_t inner, bool bias);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(GEGLU);

} // namespace muse
