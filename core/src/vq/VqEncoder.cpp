#include "vq/VqEncoder.h"

namespace muse {

VqEncoderImpl::VqEncoderImpl(const VqConfig& c) : m_activation(c.activation)
{
    const auto& ch = c.blockOutChannels;
    conv_in = register_module("conv_in", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.inChannels, ch.front(), 3).padding(1)));
    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    int64_t prev = ch.front();
    for (int64_t i = 0; i < c.levels(); ++i) {
        m_blocks.push_back(DownEncoderBlock2D(prev, ch[i], c.layersPerBlock, c.normNumGroups, c.activation, i + 1 < c.levels()));
        down_blocks->push_back(m_blocks.back());
        prev = ch[i];
    }
    mid_block = register_module("mid_block", VqMidBlock(ch.back(), c.normNumGroups, c.activation, c.midBlockAddAttention));
    conv_norm_out = register_module("conv_norm_out",
                                    torch::nn::GroupNorm(torch::nn::GroupNormOptions(c.normNumGroups, ch.back()).eps(1e-6)));
    conv_out = register_module("conv_out",
                               torch::nn::Conv2d(torch::nn::Conv2dOptions(ch.back(), c.latentChannels, 3).padding(1)));
}

torch::Tensor VqEncoderImpl::forward(const torch::Tensor& image)
{
    torch::Tensor h = conv_in(image);
    for (auto& block : m_blocks)
        h = block(h);
    h = mid_block(h);
    return conv_out(applyActivation(m_activation, conv_norm_out(h)));
}

} // namespace muse
