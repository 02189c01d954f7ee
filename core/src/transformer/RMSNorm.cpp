#include "transformer/RMSNorm.h"

namespace muse {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps, bool elementwiseAffine) : m_eps(eps)
{
    if (elementwiseAffine)
        weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor& x)
{
    const torch::Tensor variance = x.to(torch::kFloat32).pow(2).mean(-1, /*keepdim=*/true);
    torch::Tensor y = x * torch::rsqrt(variance + m_eps);
    if (!weight.defined())
        return y.to(x.scalar_type());
    if (weight.scalar_type() == torch::kFloat16 || weight.scalar_type() == torch::kBFloat16)
        y = y.to(weight.scalar_type());
    return y * weight;
}

} // namespace muse
