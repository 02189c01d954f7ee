#include "transformer/UVit2DConvEmbed.h"

namespace muse {

UVit2DConvEmbedImpl::UVit2DConvEmbedImpl(int64_t inChannels, int64_t blockOutChannels, int64_t vocabSize,
                                         bool elementwiseAffine, double eps, bool bias)
{
    embeddings = register_module("embeddings", torch::nn::Embedding(vocabSize, inChannels));
    layer_norm = register_module("layer_norm", RMSNorm(inChannels, eps, elementwiseAffine));
    conv = register_module("conv",
                           torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, blockOutChannels, 1).bias(bias)));
}

torch::Tensor UVit2DConvEmbedImpl::forward(const torch::Tensor& inputIds)
{
    return conv(layer_norm(embeddings(inputIds)).permute({0, 3, 1, 2}));
}

} // namespace muse
