#pragma once
// diffusers' UNetMidBlock2D as the VQ encoder and decoder use it: resnets.0, then (optionally)
// attentions.0, then resnets.1 — all at the innermost width.

#include "vq/ResnetBlock2D.h"
#include "vq/VqMidAttention.h"

namespace muse {

class VqMidBlockImpl : public torch::nn::Module {
public:
    VqMidBlockImpl(int64_t channels, int64_t groups, Activation activation, bool addAttention);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList resnets{nullptr};
    torch::nn::ModuleList attentions{nullptr}; // registered only with attention (no tensors otherwise)

private:
    ResnetBlock2D m_first{nullptr}, m_second{nullptr};
    VqMidAttention m_attention{nullptr};
};
TORCH_MODULE(VqMidBlock);

} // namespace muse
