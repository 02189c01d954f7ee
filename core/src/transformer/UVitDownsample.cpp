#include "transformer/UVitDownsample.h"

namespace muse {

UVitDownsampleImpl::UVitDownsampleImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias)
{
    norm = register_module("norm", RMSNorm(channels, eps, elementwiseAffine));
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 2).stride(2).bias(bias)));
}

torch::Tensor UVitDownsampleImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = norm(x.permute({0, 2, 3, 1})).permute({0, 3, 1, 2});
    h = torch::constant_pad_nd(h, {0, 1, 0, 1}, 0);
    return conv(h);
}

} // namespace muse
