#include "transformer/GEGLU.h"

namespace muse {

GEGLUImpl::GEGLUImpl(int64_t dim, int64_t inner, bool bias)
{
    proj = register_module("proj", torch::nn::Linear(torch::nn::LinearOptions(dim, 2 * inner).bias(bias)));
}

torch::Tensor GEGLUImpl::forward(const torch::Tensor& x)
{
    const auto parts = proj(x).chunk(2, -1);
    return parts[0] * torch::gelu(parts[1]);
}

} // namespace muse
