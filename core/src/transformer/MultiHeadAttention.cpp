#include "transformer/MultiHeadAttention.h"

#include "nn/Attention.h"

namespace muse {

MultiHeadAttentionImpl::MultiHeadAttentionImpl(int64_t queryDim, int64_t contextDim, int64_t heads, int64_t headDim,
                                               bool bias, bool outBias, double dropout)
    : m_heads(heads)
{
    const int64_t inner = heads * headDim;
    to_q = register_module("to_q", torch::nn::Linear(torch::nn::LinearOptions(queryDim, inner).bias(bias)));
    to_k = register_module("to_k", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(bias)));
    to_v = register_module("to_v", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(bias)));
    m_outProj = torch::nn::Linear(torch::nn::LinearOptions(inner, queryDim).bias(outBias));
    m_dropout = torch::nn::Dropout(dropout);
    to_out = register_module("to_out", torch::nn::ModuleList(m_outProj, m_dropout));
}

KeyValue MultiHeadAttentionImpl::projectKeyValue(const torch::Tensor& context)
{
    return {splitHeads(to_k(context), m_heads), splitHeads(to_v(context), m_heads)};
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                              const c10::optional<torch::Tensor>& additiveMask)
{
    return forward(x, projectKeyValue(context), additiveMask);
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor& x, const KeyValue& keyValue,
                                              const c10::optional<torch::Tensor>& additiveMask)
{
    const torch::Tensor q = splitHeads(to_q(x), m_heads);
    const torch::Tensor out = mergeHeads(attention(q, keyValue.key, keyValue.value, additiveMask));
    return m_dropout(m_outProj(out));
}

} // namespace muse
