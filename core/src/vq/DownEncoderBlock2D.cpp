#include "vq/DownEncoderBlock2D.h"

namespace muse {

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(int64_t in, int64_t out, int64_t layers, int64_t groups,
                                               Activation activation, bool addDownsample)
{
    resnets = register_module("resnets", torch::nn::ModuleList());
    for (int64_t j = 0; j < layers; ++j) {
        m_resnets.push_back(ResnetBlock2D(j == 0 ? in : out, out, groups, 1e-6, activation));
        resnets->push_back(m_resnets.back());
    }
    if (addDownsample) {
        m_downsample = Downsample2D(out);
        downsamplers = register_module("downsamplers", torch::nn::ModuleList(m_downsample));
    }
}

torch::Tensor DownEncoderBlock2DImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = x;
    for (auto& resnet : m_resnets)
        h = resnet(h);
    return m_downsample ? m_downsample(h) : h;
}

} // namespace muse
