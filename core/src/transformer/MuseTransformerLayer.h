#pragma once
// One layer of our Muse transformers, pre-LayerNorm with residuals:
//   x += self_attn(self_attn_norm(x));
//   x += cross_attn(cross_attn_norm(x), context)   (only when the layer has cross-attention)
//   x += mlp(mlp_norm(x)).
// With a local convolution (config key local_conv_kernel_size > 0) each layer first mixes every
// token with its grid neighbours:
//   x += local_conv(local_conv_norm(x))   (depthwise k×k over the h×w token grid, zero padding),
// a convolutional position encoding in the manner of CPVT (Chu et al. 2021): attention with only
// absolute position embeddings learned neighbourhoods slowly (docs/training.md, "Local convolution").
// The low-resolution encoder of the super-res model uses layers without cross-attention.

#include "transformer/LayerNorm.h"
#include "transformer/MultiHeadAttention.h"
#include "transformer/MuseMlp.h"

namespace muse {

class MuseTransformerLayerImpl : public torch::nn::Module {
public:
    MuseTransformerLayerImpl(int64_t dim, int64_t heads, int64_t inner, double eps, double dropout, bool crossAttention,
                             int64_t localConvKernel = 0);

    KeyValue prepareContext(const torch::Tensor& context); // cross-attention K/V
    // x (B, h·w, dim): the tokens of an h×w grid in row-major order. `contextMask` is additive,
    // broadcastable to (B, heads, N, L).
    torch::Tensor forward(const torch::Tensor& x, int64_t h, int64_t w);
    torch::Tensor forward(const torch::Tensor& x, int64_t h, int64_t w, const torch::Tensor& context,
                          const c10::optional<torch::Tensor>& contextMask);
    torch::Tensor forward(const torch::Tensor& x, int64_t h, int64_t w, const KeyValue& context,
                          const c10::optional<torch::Tensor>& contextMask);

    LayerNorm local_conv_norm{nullptr};
    torch::nn::Conv2d local_conv{nullptr};
    LayerNorm self_attn_norm{nullptr};
    MultiHeadAttention self_attn{nullptr};
    LayerNorm cross_attn_norm{nullptr};
    MultiHeadAttention cross_attn{nullptr};
    LayerNorm mlp_norm{nullptr};
    MuseMlp mlp{nullptr};

private:
    torch::Tensor selfAttention(const torch::Tensor& x, int64_t h, int64_t w);
};
TORCH_MODULE(MuseTransformerLayer);

} // namespace muse
