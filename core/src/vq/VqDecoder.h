#pragma once
// diffusers' Decoder (norm_type "group"): conv_in from latent_channels to the innermost width,
// mid_block, one UpDecoderBlock2D per level in reverse width order (layers_per_block + 1 resnets,
// a nearest ×2 upsample after each but the last), GroupNorm + activation, conv_out.

#include "vq/UpDecoderBlock2D.h"
#include "vq/VqMidBlock.h"

namespace muse {

class VqDecoderImpl : public torch::nn::Module {
public:
    explicit VqDecoderImpl(const VqConfig& config);
    torch::Tensor forward(const torch::Tensor& latents);

    torch::nn::Conv2d conv_in{nullptr};
    VqMidBlock mid_block{nullptr};
    torch::nn::ModuleList up_blocks{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};

private:
    std::vector<UpDecoderBlock2D> m_blocks;
    Activation m_activation;
};
TORCH_MODULE(VqDecoder);

} // namespace muse
