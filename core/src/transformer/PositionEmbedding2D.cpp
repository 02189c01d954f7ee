#include "transformer/PositionEmbedding2D.h"

namespace muse {

PositionEmbedding2DImpl::PositionEmbedding2DImpl(int64_t maxHeight, int64_t maxWidth, int64_t dim)
    : m_maxHeight(maxHeight), m_maxWidth(maxWidth)
{
    row = register_module("row", torch::nn::Embedding(maxHeight, dim));
    column = register_module("column", torch::nn::Embedding(maxWidth, dim));
}

torch::Tensor PositionEmbedding2DImpl::forward(int64_t height, int64_t width)
{
    TORCH_CHECK(height >= 1 && height <= m_maxHeight && width >= 1 && width <= m_maxWidth, "token grid ", height, "×",
                width, " exceeds the position embedding's ", m_maxHeight, "×", m_maxWidth);
    const torch::Tensor rows = row->weight.narrow(0, 0, height).unsqueeze(1);
    const torch::Tensor columns = column->weight.narrow(0, 0, width).unsqueeze(0);
    return (rows + columns).reshape({height * width, -1});
}

} // namespace muse
