#pragma once
// The 2×2 downsampling of amused-512's U-ViT (diffusers Downsample2D with norm_type "rms_norm",
// kernel 2, padding 0): RMSNorm over channels, zero-pad right/bottom by one (a no-op for even
// grids, kept for odd ones), Conv2d k2 s2.

#include "transformer/RMSNorm.h"

namespace muse {

class UVitDownsampleImpl : public torch::nn::Module {
public:
    UVitDownsampleImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias);
    torch::Tensor forward(const torch::Tensor& x); // (B, C, H, W) → (B, C, ⌈H/2⌉, ⌈W/2⌉)

    RMSNorm norm{nullptr};
    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(UVitDownsample);

} // namespace muse
