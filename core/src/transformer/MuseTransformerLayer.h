#pragma once
// One layer of our Muse transformers, pre-LayerNorm with residuals:
//   x += self_attn(self_attn_norm(x));
//   x += cross_attn(cross_attn_norm(x), context)   (only when the layer has cross-attention)
//   x += mlp(mlp_norm(x)).
// The low-resolution encoder of the super-res model uses layers without cross-attention.

#include "transformer/LayerNorm.h"
#include "transformer/MultiHeadAttention.h"
#include "transformer/MuseMlp.h"

namespace muse {

class MuseTransformerLayerImpl : public torch::nn::Module {
public:
    MuseTransformerLayerImpl(int64_t dim, int64_t heads, int64_t inner, double eps, double dropout, bool crossAttention);

    KeyValue prepareContext(const torch::Tensor& context); // cross-attention K/V
    // `contextMask` is additive, broadcastable to (B, heads, N, L).
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context,
                          const c10::optional<torch::Tensor>& contextMask);
    torch::Tensor forward(const torch::Tensor& x, const KeyValue& context,
                          const c10::optional<torch::Tensor>& contextMask);

    LayerNorm self_attn_norm{nullptr};
    MultiHeadAttention self_attn{nullptr};
    LayerNorm cross_attn_norm{nullptr};
    MultiHeadAttention cross_attn{nullptr};
    LayerNorm mlp_norm{nullptr};
    MuseMlp mlp{nullptr};

private:
    torch::Tensor selfAttention(const torch::Tensor& x);
};
TORCH_MODULE(MuseTransformerLayer);

} // namespace muse
