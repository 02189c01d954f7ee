#pragma once
// LayerNorm whose bias is optional: aMUSEd's norm3 has a weight but no bias (use_bias = false),
// which torch::nn::LayerNorm of LibTorch 1.13 cannot express. Parameter names follow PyTorch.

#include <torch/torch.h>

namespace muse {

class LayerNormImpl : public torch::nn::Module {
public:
    LayerNormImpl(int64_t dim, double eps, bool elementwiseAffine = true, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight; // [dim] when elementwiseAffine
    torch::Tensor bias;   // [dim] when elementwiseAffine and bias

private:
    int64_t m_dim;
    double m_eps;
};
TORCH_MODULE(LayerNorm);

} // namespace muse
