#pragma once
// Output head of the U-ViT: 1×1 conv block_out → in_channels, RMSNorm over channels, 1×1 conv to
// codebook_size logits. The mask token has no logit (model-spec §7.8).

#include "transformer/RMSNorm.h"

namespace muse {

class ConvMlmLayerImpl : public torch::nn::Module {
public:
    ConvMlmLayerImpl(int64_t blockOutChannels, int64_t inChannels, bool bias, bool elementwiseAffine, double eps,
                     int64_t codebookSize);
    torch::Tensor forward(const torch::Tensor& x); // (B, C, h, w) → (B, codebook, h, w)

    torch::nn::Conv2d conv1{nullptr};
    RMSNorm layer_norm{nullptr};
    torch::nn::Conv2d conv2{nullptr};
};
TORCH_MODULE(ConvMlmLayer);

} // namespace muse
