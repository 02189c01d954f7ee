#include "transformer/SkipFFTransformerBlock.h"

namespace muse {

SkipFFTransformerBlockImpl::SkipFFTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim, int64_t kvInputDim,
                                                       bool kvMapperBias, double dropout, bool attentionBias,
                                                       bool attentionOutBias)
{
    if (kvInputDim != dim)
        kv_mapper = register_module("kv_mapper",
                                    torch::nn::Linear(torch::nn::LinearOptions(kvInputDim, dim).bias(kvMapperBias)));
    norm1 = register_module("norm1", RMSNorm(dim, 1e-6));
    attn1 = register_module("attn1", MultiHeadAttention(dim, dim, heads, headDim, attentionBias, attentionOutBias, dropout));
    norm2 = register_module("norm2", RMSNorm(dim, 1e-6));
    attn2 = register_module("attn2", MultiHeadAttention(dim, dim, heads, headDim, attentionBias, attentionOutBias, dropout));
}

SkipFFTransformerBlockImpl::TextKeyValues SkipFFTransformerBlockImpl::prepareText(const torch::Tensor& text)
{
    // diffusers applies the kv_mapper only when it exists; without it the text is used as is
    // (no SiLU either).
    const torch::Tensor mapped = kv_mapper ? kv_mapper(torch::silu(text)) : text;
    return {attn1->projectKeyValue(mapped), attn2->projectKeyValue(mapped)};
}

torch::Tensor SkipFFTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& text)
{
    return forward(x, prepareText(text));
}

torch::Tensor SkipFFTransformerBlockImpl::forward(const torch::Tensor& input, const TextKeyValues& text)
{
    torch::Tensor x = input + attn1->forward(norm1(input), text[0]);
    return x + attn2->forward(norm2(x), text[1]);
}

} // namespace muse
