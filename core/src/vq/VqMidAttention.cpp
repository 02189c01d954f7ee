#include "vq/VqMidAttention.h"

#include "nn/Attention.h"

namespace muse {

VqMidAttentionImpl::VqMidAttentionImpl(int64_t channels, int64_t groups, double eps, int64_t headDim)
    : m_heads(channels / headDim)
{
    group_norm = register_module("group_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps)));
    to_q = register_module("to_q", torch::nn::Linear(channels, channels));
    to_k = register_module("to_k", torch::nn::Linear(channels, channels));
    to_v = register_module("to_v", torch::nn::Linear(channels, channels));
    m_outProj = torch::nn::Linear(channels, channels);
    to_out = register_module("to_out", torch::nn::ModuleList(m_outProj, torch::nn::Dropout(0.0)));
}

torch::Tensor VqMidAttentionImpl::forward(const torch::Tensor& x)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const torch::Tensor tokens = group_norm(x.reshape({b, c, h * w})).transpose(1, 2);
    const torch::Tensor q = splitHeads(to_q(tokens), m_heads);
    const torch::Tensor k = splitHeads(to_k(tokens), m_heads);
    const torch::Tensor v = splitHeads(to_v(tokens), m_heads);
    const torch::Tensor out = m_outProj(mergeHeads(attention(q, k, v)));
    return out.transpose(1, 2).reshape({b, c, h, w}) + x;
}

} // namespace muse
