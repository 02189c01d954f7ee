#include "transformer/BasicTransformerBlock.h"

namespace muse {

BasicTransformerBlockImpl::BasicTransformerBlockImpl(const BasicTransformerBlockOptions& o)
{
    using Kind = AdaLayerNormContinuousImpl::NormKind;
    norm1 = register_module("norm1", AdaLayerNormContinuous(o.dim, o.conditioningDim, o.elementwiseAffine, o.eps, o.bias, Kind::RmsNorm));
    attn1 = register_module("attn1", MultiHeadAttention(o.dim, o.dim, o.heads, o.headDim, o.bias, o.bias, o.dropout));
    norm2 = register_module("norm2", AdaLayerNormContinuous(o.dim, o.conditioningDim, o.elementwiseAffine, o.eps, o.bias, Kind::RmsNorm));
    attn2 = register_module("attn2",
                            MultiHeadAttention(o.dim, o.crossAttentionDim, o.heads, o.headDim, o.bias, o.bias, o.dropout));
    norm3 = register_module("norm3",
                            AdaLayerNormContinuous(o.dim, o.conditioningDim, o.elementwiseAffine, o.eps, o.bias, Kind::LayerNorm));
    ff = register_module("ff", FeedForward(o.dim, o.ffInnerDim, o.bias, o.dropout));
}

KeyValue BasicTransformerBlockImpl::prepareText(const torch::Tensor& text) { return attn2->projectKeyValue(text); }

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& text,
                                                 const torch::Tensor& conditioning)
{
    return forward(x, prepareText(text), conditioning);
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& input, const KeyValue& text,
                                                 const torch::Tensor& conditioning)
{
    torch::Tensor n = norm1(input, conditioning);
    torch::Tensor x = input + attn1->forward(n, n);
    x = x + attn2->forward(norm2(x, conditioning), text);
    return x + ff(norm3(x, conditioning));
}

} // namespace muse
