#pragma once
// The VQ encoder's downsampler: zero-pad right and bottom by one pixel, then a 3×3 stride-2
// convolution without padding (model-spec §7.13; a symmetric pad would shift the image).
// Key: downsamplers.0.conv.

#include <torch/torch.h>

namespace muse {

class Downsample2DImpl : public torch::nn::Module {
public:
    explicit Downsample2DImpl(int64_t channels);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample2D);

} // namespace muse
