#include "transformer/TimestepEmbedding.h"

#include <cmath>

namespace muse {

torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim, bool flipSinToCos,
                                  double downscaleFreqShift, double maxPeriod)
{
    const int64_t half = dim / 2;
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(values.device());
    torch::Tensor exponent = -std::log(maxPeriod) * torch::arange(0, half, f32);
    exponent = exponent / (static_cast<double>(half) - downscaleFreqShift);
    const torch::Tensor args = values.reshape({-1, 1}).to(torch::kFloat32) * torch::exp(exponent).unsqueeze(0);
    torch::Tensor emb = flipSinToCos ? torch::cat({torch::cos(args), torch::sin(args)}, -1)
                                     : torch::cat({torch::sin(args), torch::cos(args)}, -1);
    if (dim % 2 == 1)
        emb = torch::constant_pad_nd(emb, {0, 1}, 0);
    return emb;
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t inChannels, int64_t embedDim, bool bias)
{
    linear_1 = register_module("linear_1", torch::nn::Linear(torch::nn::LinearOptions(inChannels, embedDim).bias(bias)));
    linear_2 = register_module("linear_2", torch::nn::Linear(torch::nn::LinearOptions(embedDim, embedDim).bias(bias)));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x) { return linear_2(torch::silu(linear_1(x))); }

} // namespace muse
