#pragma once
// diffusers' `Attention` (AttnProcessor2_0) for 3-D inputs: to_q / to_k / to_v projections, the
// project-wide attention() on heads, then to_out.0 (to_out.1 is a parameter-free dropout).
// No residual, no norm, no rescale inside; used for self- and cross-attention alike, and by our
// own Muse transformers (with biases).

#include "transformer/KeyValue.h"

#include <torch/torch.h>

namespace muse {

class MultiHeadAttentionImpl : public torch::nn::Module {
public:
    // `contextDim` is the width of what keys and values are computed from (= queryDim for self-attention).
    MultiHeadAttentionImpl(int64_t queryDim, int64_t contextDim, int64_t heads, int64_t headDim, bool bias,
                           bool outBias, double dropout = 0.0);

    // K/V of `context` (B, L, contextDim), for reuse over many queries.
    KeyValue projectKeyValue(const torch::Tensor& context);
    // Attends from x (B, N, queryDim) to `context`; `additiveMask` broadcasts to (B, heads, N, L).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context,
                          const c10::optional<torch::Tensor>& additiveMask = c10::nullopt);
    torch::Tensor forward(const torch::Tensor& x, const KeyValue& keyValue,
                          const c10::optional<torch::Tensor>& additiveMask = c10::nullopt);

    int64_t heads() const { return m_heads; }

    torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
    torch::nn::ModuleList to_out{nullptr};

private:
    int64_t m_heads;
    torch::nn::Linear m_outProj{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(MultiHeadAttention);

} // namespace muse
