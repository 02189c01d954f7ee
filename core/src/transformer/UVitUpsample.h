#pragma once
// The 2×2 upsampling of amused-512's U-ViT (diffusers Upsample2D with use_conv_transpose,
// kernel 2, padding 0, norm_type "rms_norm"): RMSNorm over channels, ConvTranspose2d k2 s2
// (weight layout [in, out, 2, 2]).

#include "transformer/RMSNorm.h"

namespace muse {

class UVitUpsampleImpl : public torch::nn::Module {
public:
    UVitUpsampleImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias);
    torch::Tensor forward(const torch::Tensor& x); // (B, C, H, W) → (B, C, 2H, 2W)

    RMSNorm norm{nullptr};
    torch::nn::ConvTranspose2d conv{nullptr};
};
TORCH_MODULE(UVitUpsample);

} // namespace muse
