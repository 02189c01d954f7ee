#include "transformer/AdaLayerNormContinuous.h"

namespace muse {

AdaLayerNormContinuousImpl::AdaLayerNormContinuousImpl(int64_t dim, int64_t conditioningDim, bool elementwiseAffine,
                                                       double eps, bool bias, NormKind kind)
{
    linear = register_module("linear", torch::nn::Linear(torch::nn::LinearOptions(conditioningDim, 2 * dim).bias(bias)));
    if (kind == NormKind::RmsNorm) {
        m_rms = register_module("norm", RMSNorm(dim, eps, elementwiseAffine));
    } else {
        m_layer = register_module("norm", LayerNorm(dim, eps, elementwiseAffine, bias));
    }
}

torch::Tensor AdaLayerNormContinuousImpl::forward(const torch::Tensor& x, const torch::Tensor& conditioning)
{
    const auto parts = linear(torch::silu(conditioning).to(x.scalar_type())).chunk(2, 1);
    const torch::Tensor normed = m_rms ? m_rms(x) : m_layer(x);
    return normed * (1 + parts[0]).unsqueeze(1) + parts[1].unsqueeze(1);
}

} // namespace muse
