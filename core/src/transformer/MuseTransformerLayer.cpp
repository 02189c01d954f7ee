#include "transformer/MuseTransformerLayer.h"

namespace muse {

MuseTransformerLayerImpl::MuseTransformerLayerImpl(int64_t dim, int64_t heads, int64_t inner, double eps,
                                                   double dropout, bool crossAttention)
{
    self_attn_norm = register_module("self_attn_norm", LayerNorm(dim, eps));
    self_attn = register_module("self_attn", MultiHeadAttention(dim, dim, heads, dim / heads, true, true, dropout));
    if (crossAttention) {
        cross_attn_norm = register_module("cross_attn_norm", LayerNorm(dim, eps));
        cross_attn = register_module("cross_attn", MultiHeadAttention(dim, dim, heads, dim / heads, true, true, dropout));
    }
    mlp_norm = register_module("mlp_norm", LayerNorm(dim, eps));
    mlp = register_module("mlp", MuseMlp(dim, inner, dropout));
}

KeyValue MuseTransformerLayerImpl::prepareContext(const torch::Tensor& context)
{
    TORCH_CHECK(cross_attn, "MuseTransformerLayer: this layer has no cross-attention");
    return cross_attn->projectKeyValue(context);
}

torch::Tensor MuseTransformerLayerImpl::selfAttention(const torch::Tensor& x)
{
    const torch::Tensor n = self_attn_norm(x);
    return x + self_attn->forward(n, n);
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& input)
{
    const torch::Tensor x = selfAttention(input);
    return x + mlp(mlp_norm(x));
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                const c10::optional<torch::Tensor>& contextMask)
{
    return forward(x, prepareContext(context), contextMask);
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& input, const KeyValue& context,
                                                const c10::optional<torch::Tensor>& contextMask)
{
    TORCH_CHECK(cross_attn, "MuseTransformerLayer: this layer has no cross-attention");
    torch::Tensor x = selfAttention(input);
    x = x + cross_attn->forward(cross_attn_norm(x), context, contextMask);
    return x + mlp(mlp_norm(x));
}

} // namespace muse
