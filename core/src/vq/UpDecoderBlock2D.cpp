#include "vq/UpDecoderBlock2D.h"

namespace muse {

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(int64_t in, int64_t out, int64_t layers, int64_t groups,
                                           Activation activation, bool addUpsample)
{
    resnets = register_module("resnets", torch::nn::ModuleList());
    for (int64_t j = 0; j < layers; ++j) {
        m_resnets.push_back(ResnetBlock2D(j == 0 ? in : out, out, groups, 1e-6, activation));
        resnets->push_back(m_resnets.back());
    }
    if (addUpsample) {
        m_upsample = Upsample2D(out);
        upsamplers = register_module("upsamplers", torch::nn::ModuleList(m_upsample));
    }
}

torch::Tensor UpDecoderBlock2DImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = x;
    for (auto& resnet : m_resnets)
        h = resnet(h);
    return m_upsample ? m_upsample(h) : h;
}

} // namespace muse
