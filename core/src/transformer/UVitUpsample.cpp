#include "transformer/UVitUpsample.h"

namespace muse {

UVitUpsampleImpl::UVitUpsampleImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias)
{
    norm = register_module("norm", RMSNorm(channels, eps, elementwiseAffine));
    conv = register_module(
        "conv", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(channels, channels, 2).stride(2).bias(bias)));
}

torch::Tensor UVitUpsampleImpl::forward(const torch::Tensor& x)
{
    const torch::Tensor h = norm(x.permute({0, 2, 3, 1})).permute({0, 3, 1, 2});
    const bool reducedOnCpu = h.device().is_cpu() && (h.scalar_type() == torch::kBFloat16 || h.scalar_type() == torch::kFloat16);
    if (!reducedOnCpu)
        return conv(h);
    // LibTorch 1.13's CPU ConvTranspose2d returns a wrongly sized output in bfloat16 (8×8 → 2×2
    // instead of 16×16) and has no float16 kernel: compute in float32 and round back.
    const torch::Tensor bias = conv->bias.defined() ? conv->bias.to(torch::kFloat32) : torch::Tensor();
    return torch::conv_transpose2d(h.to(torch::kFloat32), conv->weight.to(torch::kFloat32), bias, /*stride=*/2)
        .to(h.scalar_type());
}

} // namespace muse
