#pragma once
// One decoder level (diffusers UpDecoderBlock2D): `layers` resnets (= layers_per_block + 1; the
// first changes the width), then an optional Upsample2D (all levels but the last). Keys resnets.j,
// upsamplers.0.

#include "vq/ResnetBlock2D.h"
#include "vq/Upsample2D.h"

#include <vector>

namespace muse {

class UpDecoderBlock2DImpl : public torch::nn::Module {
public:
    UpDecoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int64_t layers, int64_t groups,
                         Activation activation, bool addUpsample);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList resnets{nullptr};
    torch::nn::ModuleList upsamplers{nullptr};

private:
    std::vector<ResnetBlock2D> m_resnets;
    Upsample2D m_upsample{nullptr};
};
TORCH_MODULE(UpDecoderBlock2D);

} // namespace muse
