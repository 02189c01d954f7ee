#pragma once
// diffusers' Encoder with double_z = false: conv_in, one DownEncoderBlock2D per entry of
// block_out_channels (a downsample after each but the last), mid_block, GroupNorm + activation,
// conv_out to latent_channels.

#include "vq/DownEncoderBlock2D.h"
#include "vq/VqMidBlock.h"

namespace muse {

class VqEncoderImpl : public torch::nn::Module {
public:
    explicit VqEncoderImpl(const VqConfig& config);
    torch::Tensor forward(const torch::Tensor& image);

    torch::nn::Conv2d conv_in{nullptr};
    torch::nn::ModuleList down_blocks{nullptr};
    VqMidBlock mid_block{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};

private:
    std::vector<DownEncoderBlock2D> m_blocks;
    Activation m_activation;
};
TORCH_MODULE(VqEncoder);

} // namespace muse
