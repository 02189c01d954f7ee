#include "transformer/FeedForward.h"

namespace muse {

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t inner, bool bias, double dropout)
{
    m_geglu = GEGLU(dim, inner, bias);
    m_dropout = torch::nn::Dropout(dropout);
    m_out = torch::nn::Linear(torch::nn::LinearOptions(inner, dim).bias(bias));
    net = register_module("net", torch::nn::ModuleList(m_geglu, m_dropout, m_out));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
{
    return m_out(m_dropout(m_geglu(x)));
}

} // namespace muse
