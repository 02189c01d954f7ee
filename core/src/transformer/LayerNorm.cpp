#include "transformer/LayerNorm.h"

namespace muse {

LayerNormImpl::LayerNormImpl(int64_t dim, double eps, bool elementwiseAffine, bool withBias) : m_dim(dim), m_eps(eps)
{
    if (elementwiseAffine) {
        weight = register_parameter("weight", torch::ones({dim}));
        if (withBias)
            bias = register_parameter("bias", torch::zeros({dim}));
    }
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x)
{
    return torch::layer_norm(x, {m_dim}, weight, bias, m_eps);
}

} // namespace muse
