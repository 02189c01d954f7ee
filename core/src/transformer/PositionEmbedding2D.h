#pragma once
// Learned 2-D position embedding of our Muse transformers, factorised as a row table plus a
// column table: pos(y, x) = row[y] + column[x]. Chosen over a full (H·W) table because it has
// H + W instead of H·W rows, learns from every row/column of every image, and serves any grid up
// to the configured size (including non-square ones).

#include <torch/torch.h>

namespace muse {

class PositionEmbedding2DImpl : public torch::nn::Module {
public:
    PositionEmbedding2DImpl(int64_t maxHeight, int64_t maxWidth, int64_t dim);
    // (h·w, dim) in row-major (y, x) order, the order tokens are flattened in.
    torch::Tensor forward(int64_t height, int64_t width);

    torch::nn::Embedding row{nullptr};
    torch::nn::Embedding column{nullptr};

private:
    int64_t m_maxHeight, m_maxWidth;
};
TORCH_MODULE(PositionEmbedding2D);

} // namespace muse
