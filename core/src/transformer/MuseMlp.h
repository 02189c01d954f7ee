#pragma once
// The MLP of our Muse transformer layers: fc1 (hidden → intermediate) → exact GELU → dropout →
// fc2 (intermediate → hidden) → dropout.

#include <torch/torch.h>

namespace muse {

class MuseMlpImpl : public torch::nn::Module {
public:
    MuseMlpImpl(int64_t dim, int64_t inner, double dropout);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr}, fc2{nullptr};

private:
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(MuseMlp);

} // namespace muse
