#pragma once
// diffusers' SkipFFTransformerBlock as the U-ViT's down/up blocks use it. Despite the name it has
// no feed-forward and both of its attentions are CROSS-attentions to the text (model-spec §7.4):
// t = kv_mapper(SiLU(text)); x += attn1(norm1(x), t); x += attn2(norm2(x), t). The RMSNorms have
// learned weights and a fixed eps of 1e-6.

#include "transformer/MultiHeadAttention.h"
#include "transformer/RMSNorm.h"

#include <array>

namespace muse {

class SkipFFTransformerBlockImpl : public torch::nn::Module {
public:
    using TextKeyValues = std::array<KeyValue, 2>; // attn1, attn2

    SkipFFTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim, int64_t kvInputDim, bool kvMapperBias,
                               double dropout, bool attentionBias, bool attentionOutBias);

    // K/V of both attentions for the (already projected) text states (B, L, kvInputDim).
    TextKeyValues prepareText(const torch::Tensor& text);
    // x: (B, N, dim) tokens.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& text);
    torch::Tensor forward(const torch::Tensor& x, const TextKeyValues& text);

    torch::nn::Linear kv_mapper{nullptr}; // only when kvInputDim != dim
    RMSNorm norm1{nullptr};
    MultiHeadAttention attn1{nullptr};
    RMSNorm norm2{nullptr};
    MultiHeadAttention attn2{nullptr};
};
TORCH_MODULE(SkipFFTransformerBlock);

} // namespace muse
