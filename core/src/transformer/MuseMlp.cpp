#include "transformer/MuseMlp.h"

namespace muse {

MuseMlpImpl::MuseMlpImpl(int64_t dim, int64_t inner, double dropout)
{
    fc1 = register_module("fc1", torch::nn::Linear(dim, inner));
    fc2 = register_module("fc2", torch::nn::Linear(inner, dim));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor MuseMlpImpl::forward(const torch::Tensor& x) { return m_dropout(fc2(m_dropout(torch::gelu(fc1(x))))); }

} // namespace muse
