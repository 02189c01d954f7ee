#pragma once
// Token embedding of the U-ViT: Embedding(vocab, in_channels) → RMSNorm (channels-last) → NCHW →
// 1×1 conv to block_out_channels. (B, h, w) ids → (B, C, h, w).

#include "transformer/RMSNorm.h"

namespace muse {

class UVit2DConvEmbedImpl : public torch::nn::Module {
public:
    UVit2DConvEmbedImpl(int64_t inChannels, int64_t blockOutChannels, int64_t vocabSize, bool elementwiseAffine,
                        double eps, bool bias);
    torch::Tensor forward(const torch::Tensor& inputIds);

    torch::nn::Embedding embeddings{nullptr};
    RMSNorm layer_norm{nullptr};
    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(UVit2DConvEmbed);

} // namespace muse
