#include "vq/ResnetBlock2D.h"

namespace muse {

ResnetBlock2DImpl::ResnetBlock2DImpl(int64_t in, int64_t out, int64_t groups, double eps, Activation activation)
    : m_activation(activation)
{
    norm1 = register_module("norm1", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, in).eps(eps)));
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    norm2 = register_module("norm2", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, out).eps(eps)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
    if (in != out)
        conv_shortcut = register_module("conv_shortcut", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = conv1(applyActivation(m_activation, norm1(x)));
    h = conv2(applyActivation(m_activation, norm2(h)));
    return (conv_shortcut ? conv_shortcut(x) : x) + h;
}

} // namespace muse
