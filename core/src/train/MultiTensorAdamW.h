#pragma once
// AdamW's step and gradient-norm clipping over all parameters at once, with ATen's multi-tensor
// (`_foreach_`) operators. torch::optim::AdamW::step and torch::nn::utils::clip_grad_norm_ issue
// about a dozen operators per parameter tensor (~2000 for a base stage of ~160 tensors), and for our
// small models on a GPU those launches, not the arithmetic, bound the step (62 ms at batch 64 on an
// H200, docs/training.md); the multi-tensor operators do each stage of the update for every tensor
// in a few launches. The arithmetic is the same, operator for operator, so on the CPU (where the
// multi-tensor operators loop over the same per-tensor kernels) the results are bit-identical
// (tst_trainer multiTensorAdamWMatchesLibTorch). The state stays in torch::optim::AdamW, so
// checkpoints (TrainingCheckpoint) read and write it as before.

#include <torch/torch.h>

#include <string>
#include <type_traits>
#include <vector>

namespace muse {

// AdamW keys its per-parameter state by the parameter's TensorImpl: LibTorch 1.13 (Debian) by its
// address printed as a string, LibTorch 2.x (the GPU machine's) by the address itself.
using AdamWStateKey = std::decay_t<decltype(std::declval<torch::optim::AdamW&>().state())>::key_type;
AdamWStateKey adamwStateKey(const torch::Tensor& parameter);

// Scales the gradients so that their global L2 norm is at most maxNorm (clip_grad_norm_'s rule).
void clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm);

// One AdamW step (decoupled weight decay, bias-corrected moments; not AMSGrad) over every parameter
// of `optimizer` that has a gradient, creating missing states as AdamW::step does.
void stepAdamW(torch::optim::AdamW& optimizer);

} // namespace muse
