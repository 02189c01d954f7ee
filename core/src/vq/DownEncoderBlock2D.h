#pragma once
// One encoder level (diffusers DownEncoderBlock2D): `layers` resnets (the first changes the
// width), then an optional Downsample2D (all levels but the last). Keys resnets.j, downsamplers.0.

#include "vq/Downsample2D.h"
#include "vq/ResnetBlock2D.h"

#include <vector>

namespace muse {

class DownEncoderBlock2DImpl : public torch::nn::Module {
public:
    DownEncoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int64_t layers, int64_t groups,
                           Activation activation, bool addDownsample);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList resnets{nullptr};
    torch::nn::ModuleList downsamplers{nullptr};

private:
    std::vector<ResnetBlock2D> m_resnets;
    Downsample2D m_downsample{nullptr};
};
TORCH_MODULE(DownEncoderBlock2D);

} // namespace muse
