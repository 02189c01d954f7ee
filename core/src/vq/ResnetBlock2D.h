#pragma once
// diffusers' ResnetBlock2D as the VQ uses it (no time embedding, output scale 1):
// h = conv1(act(norm1(x))); h = conv2(act(norm2(h))); out = shortcut(x) + h, where the shortcut
// is a 1×1 conv (with bias) only when the channel count changes.

#include "vq/VqConfig.h"

namespace muse {

class ResnetBlock2DImpl : public torch::nn::Module {
public:
    ResnetBlock2DImpl(int64_t inChannels, int64_t outChannels, int64_t groups, double eps, Activation activation);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::GroupNorm norm1{nullptr};
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::GroupNorm norm2{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::Conv2d conv_shortcut{nullptr};

private:
    Activation m_activation;
};
TORCH_MODULE(ResnetBlock2D);

} // namespace muse
