#pragma once
// diffusers' VectorQuantizer (legacy, no remap) reduced to what inference needs: the codebook
// `embedding` [num_codes, dim], nearest-code lookup and code → vector lookup. Distances are
// Euclidean, computed as diffusers does (torch.cdist, then argmin: ties go to the lower index),
// always in float32.

#include <torch/torch.h>

namespace muse {

class VectorQuantizerImpl : public torch::nn::Module {
public:
    VectorQuantizerImpl(int64_t numCodes, int64_t dim);

    // latents (B, dim, h, w) → indices (B, h, w) int64 of the nearest codebook entry.
    torch::Tensor nearestCodes(const torch::Tensor& latents);
    // indices (B, h, w) → codebook vectors (B, dim, h, w) in the codebook's dtype.
    torch::Tensor lookup(const torch::Tensor& indices);
    // Squared distances (N, numCodes) of latent vectors (N, dim) to every code, in float64, for
    // diagnosing near-ties.
    torch::Tensor squaredDistances(const torch::Tensor& vectors);

    int64_t numCodes() const { return m_numCodes; }

    torch::nn::Embedding embedding{nullptr};

private:
    int64_t m_numCodes;
    int64_t m_dim;
};
TORCH_MODULE(VectorQuantizer);

} // namespace muse
