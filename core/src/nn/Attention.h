#pragma once
// The one attention function of the project: softmax(scale·QKᵀ + mask)·V over (B, heads, L, d)
// tensors. Uses LibTorch's fused kernel where it exists (2.x; flash/memory-efficient on CUDA) and
// the explicit form on Debian's LibTorch 1.13.

#include <torch/torch.h>

namespace muse {

// `additiveMask` broadcasts to (B, heads, Lq, Lk) and is added to the scores (0 = keep,
// large negative = drop); `scale` defaults to 1/√d. Scores are soft-maxed in float32 when the
// inputs are half precision, as the reference implementations do.
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const c10::optional<torch::Tensor>& additiveMask = c10::nullopt,
                        c10::optional<double> scale = c10::nullopt, bool causal = false);

// (B, L, heads·d) → (B, heads, L, d) and back.
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
torch::Tensor mergeHeads(const torch::Tensor& x);

} // namespace muse
