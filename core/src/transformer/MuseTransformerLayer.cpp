#include "transformer/MuseTransformerLayer.h"

namespace muse {

MuseTransformerLayerImpl::MuseTransformerLayerImpl(int64_t dim, int64_t heads, int64_t inner, double eps,
                                                   double dropout, bool crossAttention, int64_t localConvKernel)
{
    if (localConvKernel > 0) {
        local_conv_norm = register_module("local_conv_norm", LayerNorm(dim, eps));
        local_conv = register_module("local_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, localConvKernel)
                                                                         .groups(dim)
                                                                         .padding(localConvKernel / 2)
                                                                         .bias(true)));
    }
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

torch::Tensor MuseTransformerLayerImpl::selfAttention(const torch::Tensor& input, int64_t h, int64_t w)
{
    torch::Tensor x = input;
    if (local_conv) {
        TORCH_CHECK(x.dim() == 3 && x.size(1) == h * w, "MuseTransformerLayer: ", x.sizes(), " is not a ", h, "×", w,
                    " token grid");
        const int64_t b = x.size(0), d = x.size(2);
        const torch::Tensor grid = local_conv_norm(x).transpose(1, 2).reshape({b, d, h, w});
        x = x + local_conv(grid).reshape({b, d, h * w}).transpose(1, 2);
    }
    const torch::Tensor n = self_attn_norm(x);
    return x + self_attn->forward(n, n);
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& input, int64_t h, int64_t w)
{
    const torch::Tensor x = selfAttention(input, h, w);
    return x + mlp(mlp_norm(x));
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& x, int64_t h, int64_t w,
                                                const torch::Tensor& context,
                                                const c10::optional<torch::Tensor>& contextMask)
{
    return forward(x, h, w, prepareContext(context), contextMask);
}

torch::Tensor MuseTransformerLayerImpl::forward(const torch::Tensor& input, int64_t h, int64_t w,
                                                const KeyValue& context,
                                                const c10::optional<torch::Tensor>& contextMask)
{
    TORCH_CHECK(cross_attn, "MuseTransformerLayer: this layer has no cross-attention");
    torch::Tensor x = selfAttention(input, h, w);
    x = x + cross_attn->forward(cross_attn_norm(x), context, contextMask);
    return x + mlp(mlp_norm(x));
}

} // namespace muse
