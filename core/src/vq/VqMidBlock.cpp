#include "vq/VqMidBlock.h"

namespace muse {

VqMidBlockImpl::VqMidBlockImpl(int64_t channels, int64_t groups, Activation activation, bool addAttention)
{
    m_first = ResnetBlock2D(channels, channels, groups, 1e-6, activation);
    m_second = ResnetBlock2D(channels, channels, groups, 1e-6, activation);
    resnets = register_module("resnets", torch::nn::ModuleList(m_first, m_second));
    if (addAttention) {
        // diffusers gives the mid-block attention head_dim = channels, i.e. a single head.
        m_attention = VqMidAttention(channels, groups, 1e-6, channels);
        attentions = register_module("attentions", torch::nn::ModuleList(m_attention));
    }
}

torch::Tensor VqMidBlockImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = m_first(x);
    if (m_attention)
        h = m_attention(h);
    return m_second(h);
}

} // namespace muse
