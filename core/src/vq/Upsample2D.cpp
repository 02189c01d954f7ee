#include "vq/Upsample2D.h"

namespace muse {

Upsample2DImpl::Upsample2DImpl(int64_t channels)
{
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x)
{
    const torch::Tensor up = torch::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
    return conv(up);
}

} // namespace muse
