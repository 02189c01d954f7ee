#pragma once
// Keys and values of one attention layer, already split into heads: (B, heads, L, head_dim).
// The text context is the same at every decoding step, so the transformers compute the
// cross-attention K/V once per image and keep them in a text context (see UVit2DModel.h,
// MuseTransformer.h).

#include <torch/torch.h>

namespace muse {

struct KeyValue {
    torch::Tensor key;
    torch::Tensor value;

    // The same K/V for a batch gathered by `index` (e.g. to pair every image with its prompt).
    KeyValue indexSelect(const torch::Tensor& index) const { return {key.index_select(0, index), value.index_select(0, index)}; }
};

} // namespace muse
