#pragma once
// diffusers' AdaLayerNormContinuous: (scale, shift) = chunk2(linear(SiLU(c))) — scale first — and
// y = norm(x)·(1 + scale) + shift, broadcast over the tokens of x (B, N, dim). The norm is an
// RMSNorm or a LayerNorm (weight only when bias is off), both with their own affine weight.

#include "transformer/LayerNorm.h"
#include "transformer/RMSNorm.h"

namespace muse {

class AdaLayerNormContinuousImpl : public torch::nn::Module {
public:
    enum class NormKind { RmsNorm, LayerNorm };

    AdaLayerNormContinuousImpl(int64_t dim, int64_t conditioningDim, bool elementwiseAffine, double eps, bool bias,
                               NormKind kind);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& conditioning);

    torch::nn::Linear linear{nullptr};

private:
    // Exactly one is set; it is registered under the checkpoint name "norm".
    RMSNorm m_rms{nullptr};
    LayerNorm m_layer{nullptr};
};
TORCH_MODULE(AdaLayerNormContinuous);

} // namespace muse
