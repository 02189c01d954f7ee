#pragma once
// The optional self-attention of the VQ mid-blocks (diffusers `Attention` built with
// _from_deprecated_attn_block): GroupNorm over channels, single head over all pixels, q/k/v and
// to_out.0 with biases, residual add. Keys: group_norm, to_q, to_k, to_v, to_out.0.

#include <torch/torch.h>

namespace muse {

class VqMidAttentionImpl : public torch::nn::Module {
public:
    VqMidAttentionImpl(int64_t channels, int64_t groups, double eps, int64_t headDim);
    torch::Tensor forward(const torch::Tensor& x); // (B, C, H, W) → same

    torch::nn::GroupNorm group_norm{nullptr};
    torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
    torch::nn::ModuleList to_out{nullptr};

private:
    int64_t m_heads;
    torch::nn::Linear m_outProj{nullptr};
};
TORCH_MODULE(VqMidAttention);

} // namespace muse
