#pragma once
// diffusers' BasicTransformerBlock with norm_type "ada_norm_continuous", as every layer of the
// aMUSEd U-ViT is built: pre-norm self-attention, cross-attention to the projected text, GEGLU
// feed-forward, each behind an AdaLayerNormContinuous driven by the pooled conditioning vector.
// norm1/norm2 are RMS-based, norm3 is a mean-subtracting LayerNorm (model-spec §7.1).

#include "transformer/AdaLayerNormContinuous.h"
#include "transformer/FeedForward.h"
#include "transformer/MultiHeadAttention.h"

namespace muse {

struct BasicTransformerBlockOptions {
    int64_t dim = 1024;
    int64_t heads = 16;
    int64_t headDim = 64;
    int64_t crossAttentionDim = 1024;
    int64_t conditioningDim = 1024;
    int64_t ffInnerDim = 2816;
    double dropout = 0.0;
    double eps = 1e-6;
    bool elementwiseAffine = true;
    bool bias = false; // attention, attention out, ada-norm and feed-forward biases (use_bias)
};

class BasicTransformerBlockImpl : public torch::nn::Module {
public:
    explicit BasicTransformerBlockImpl(const BasicTransformerBlockOptions& options);

    // K/V of the cross-attention for the projected text (B, L, crossAttentionDim).
    KeyValue prepareText(const torch::Tensor& text);
    // x: (B, N, dim); conditioning: (B, conditioningDim).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& text, const torch::Tensor& conditioning);
    torch::Tensor forward(const torch::Tensor& x, const KeyValue& text, const torch::Tensor& conditioning);

    AdaLayerNormContinuous norm1{nullptr};
    MultiHeadAttention attn1{nullptr};
    AdaLayerNormContinuous norm2{nullptr};
    MultiHeadAttention attn2{nullptr};
    AdaLayerNormContinuous norm3{nullptr};
    FeedForward ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

} // namespace muse
