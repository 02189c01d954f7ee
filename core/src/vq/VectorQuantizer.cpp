#include "vq/VectorQuantizer.h"

namespace muse {

namespace {
// Rows of latent vectors per cdist call, so a large image never builds a (pixels × 8192) matrix at once.
constexpr int64_t kRowsPerChunk = 4096;
} // namespace

VectorQuantizerImpl::VectorQuantizerImpl(int64_t numCodes, int64_t dim) : m_numCodes(numCodes), m_dim(dim)
{
    embedding = register_module("embedding", torch::nn::Embedding(numCodes, dim));
}

torch::Tensor VectorQuantizerImpl::nearestCodes(const torch::Tensor& latents)
{
    TORCH_CHECK(latents.dim() == 4 && latents.size(1) == m_dim, "VectorQuantizer: latents must be (B, ", m_dim,
                ", h, w), got ", latents.sizes());
    const int64_t b = latents.size(0), h = latents.size(2), w = latents.size(3);
    const torch::Tensor flat = latents.permute({0, 2, 3, 1}).reshape({-1, m_dim}).to(torch::kFloat32);
    const torch::Tensor codes = embedding->weight.to(torch::kFloat32);
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < flat.size(0); start += kRowsPerChunk) {
        const torch::Tensor rows = flat.narrow(0, start, std::min(kRowsPerChunk, flat.size(0) - start));
        parts.push_back(torch::cdist(rows, codes).argmin(1));
    }
    return torch::cat(parts).reshape({b, h, w});
}

torch::Tensor VectorQuantizerImpl::lookup(const torch::Tensor& indices)
{
    TORCH_CHECK(indices.dim() == 3, "VectorQuantizer: indices must be (B, h, w), got ", indices.sizes());
    TORCH_CHECK(indices.numel() == 0 || (indices.min().item<int64_t>() >= 0 && indices.max().item<int64_t>() < m_numCodes),
                "VectorQuantizer: token ids must be in [0, ", m_numCodes, ")");
    return embedding(indices.to(torch::kInt64)).permute({0, 3, 1, 2}).contiguous();
}

torch::Tensor VectorQuantizerImpl::squaredDistances(const torch::Tensor& vectors)
{
    const torch::Tensor v = vectors.to(torch::kFloat64);
    const torch::Tensor e = embedding->weight.to(vectors.device(), torch::kFloat64);
    return (v.unsqueeze(1) - e.unsqueeze(0)).pow(2).sum(-1);
}

} // namespace muse
