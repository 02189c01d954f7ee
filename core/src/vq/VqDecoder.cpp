#include "vq/VqDecoder.h"

namespace muse {

VqDecoderImpl::VqDecoderImpl(const VqConfig& c) : m_activation(c.activation)
{
    const auto& ch = c.blockOutChannels;
    conv_in = register_module("conv_in",
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(c.latentChannels, ch.back(), 3).padding(1)));
    mid_block = register_module("mid_block", VqMidBlock(ch.back(), c.normNumGroups, c.activation, c.midBlockAddAttention));
    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    int64_t prev = ch.back();
    for (int64_t i = c.levels() - 1; i >= 0; --i) {
        m_blocks.push_back(UpDecoderBlock2D(prev, ch[i], c.layersPerBlock + 1, c.normNumGroups, c.activation, i > 0));
        up_blocks->push_back(m_blocks.back());
        prev = ch[i];
    }
    conv_norm_out = register_module("conv_norm_out",
                                    torch::nn::GroupNorm(torch::nn::GroupNormOptions(c.normNumGroups, ch.front()).eps(1e-6)));
    conv_out = register_module("conv_out",
                               torch::nn::Conv2d(torch::nn::Conv2dOptions(ch.front(), c.outChannels, 3).padding(1)));
}

torch::Tensor VqDecoderImpl::forward(const torch::Tensor& latents)
{
    torch::Tensor h = mid_block(conv_in(latents));
    for (auto& block : m_blocks)
        h = block(h);
    return conv_out(applyActivation(m_activation, conv_norm_out(h)));
}

} // namespace muse
