#include "transformer/ConvMlmLayer.h"

namespace muse {

ConvMlmLayerImpl::ConvMlmLayerImpl(int64_t blockOutChannels, int64_t inChannels, bool bias, bool elementwiseAffine,
                                   double eps, int64_t codebookSize)
{
    conv1 = register_module("conv1",
                            torch::nn::Conv2d(torch::nn::Conv2dOptions(blockOutChannels, inChannels, 1).bias(bias)));
    layer_norm = register_module("layer_norm", RMSNorm(inChannels, eps, elementwiseAffine));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, codebookSize, 1).bias(bias)));
}

torch::Tensor ConvMlmLayerImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = conv1(x);
    h = layer_norm(h.permute({0, 2, 3, 1})).permute({0, 3, 1, 2});
    return conv2(h);
}

} // namespace muse
