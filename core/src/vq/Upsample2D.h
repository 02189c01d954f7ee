#pragma once
// The VQ decoder's upsampler: nearest-neighbour ×2, then a 3×3 convolution (padding 1).
// Key: upsamplers.0.conv.

#include <torch/torch.h>

namespace muse {

class Upsample2DImpl : public torch::nn::Module {
public:
    explicit Upsample2DImpl(int64_t channels);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

} // namespace muse
