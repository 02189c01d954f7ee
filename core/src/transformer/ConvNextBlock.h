#pragma once
// aMUSEd's ConvNeXt block (UVit down/up blocks), NCHW in and out: depthwise 3×3 → RMSNorm →
// Linear C→4C → GELU → GlobalResponseNorm → Linear 4C→C, residual add, and only then the
// adaptive modulation x·(1 + scale) + shift from cond_embeds_mapper(SiLU(c)) (model-spec §7.2).

#include "transformer/GlobalResponseNorm.h"
#include "transformer/RMSNorm.h"

namespace muse {

class ConvNextBlockImpl : public torch::nn::Module {
public:
    ConvNextBlockImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias, double dropout,
                      int64_t conditioningDim, int64_t ffnFactor = 4);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& conditioning);

    torch::nn::Conv2d depthwise{nullptr};
    RMSNorm norm{nullptr};
    torch::nn::Linear channelwise_linear_1{nullptr};
    GlobalResponseNorm channelwise_norm{nullptr};
    torch::nn::Linear channelwise_linear_2{nullptr};
    torch::nn::Dropout channelwise_dropout{nullptr};
    torch::nn::Linear cond_embeds_mapper{nullptr};
};
TORCH_MODULE(ConvNextBlock);

} // namespace muse
