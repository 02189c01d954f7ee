#pragma once
// diffusers' get_timestep_embedding and TimestepEmbedding, which aMUSEd reuses for its
// micro-conditioning (image size, crop, aesthetic score) rather than for timesteps.

#include <torch/torch.h>

namespace muse {

// values (N,) → (N, dim) in float32: [sin(v·f_k), cos(v·f_k)] with f_k = exp(−ln(maxPeriod)·k /
// (dim/2 − downscaleFreqShift)), halves swapped when flipSinToCos (aMUSEd: cos first).
torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim, bool flipSinToCos,
                                  double downscaleFreqShift, double maxPeriod = 10000.0);

// linear_1 → SiLU → linear_2 (no conditioning projection, no post-activation).
class TimestepEmbeddingImpl : public torch::nn::Module {
public:
    TimestepEmbeddingImpl(int64_t inChannels, int64_t embedDim, bool bias);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear linear_1{nullptr}, linear_2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

} // namespace muse
