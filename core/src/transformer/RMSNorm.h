#pragma once
// RMSNorm as diffusers computes it (aMUSEd's U-ViT uses it everywhere): the mean square is taken
// in float32, and with half-precision weights the normalised activations are cast to the weight
// dtype before the multiply (model-spec §7.14).

#include <torch/torch.h>

namespace muse {

class RMSNormImpl : public torch::nn::Module {
public:
    RMSNormImpl(int64_t dim, double eps, bool elementwiseAffine = true);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight; // [dim], absent when elementwiseAffine is false

private:
    double m_eps;
};
TORCH_MODULE(RMSNorm);

} // namespace muse
