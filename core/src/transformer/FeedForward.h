#pragma once
// diffusers' FeedForward with the GEGLU activation, laid out as its `net` list so the checkpoint
// keys match: net.0 = GEGLU (net.0.proj), net.1 = dropout, net.2 = Linear(inner → dim).

#include "transformer/GEGLU.h"

namespace muse {

class FeedForwardImpl : public torch::nn::Module {
public:
    FeedForwardImpl(int64_t dim, int64_t inner, bool bias, double dropout);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList net{nullptr};

private:
    GEGLU m_geglu{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_out{nullptr};
};
TORCH_MODULE(FeedForward);

} // namespace muse
