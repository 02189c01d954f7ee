#include "nn/Attention.h"

#include <cmath>

namespace muse {

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const c10::optional<torch::Tensor>& additiveMask, c10::optional<double> scale, bool causal)
{
    const double s = scale.value_or(1.0 / std::sqrt(static_cast<double>(q.size(-1))));
#if TORCH_VERSION_MAJOR >= 2
    c10::optional<torch::Tensor> mask = additiveMask;
    if (mask && mask->scalar_type() != q.scalar_type())
        mask = mask->to(q.scalar_type());
    if (causal && mask) {
        // SDPA refuses a mask together with is_causal: fold the causal part into the mask.
        const int64_t lq = q.size(-2), lk = k.size(-2);
        auto upper = torch::ones({lq, lk}, q.options().dtype(torch::kBool)).triu(1);
        mask = mask->masked_fill(upper, -std::numeric_limits<float>::infinity());
        causal = false;
    }
    return at::scaled_dot_product_attention(q, k, v, mask, 0.0, causal, s);
#else
    const bool half = q.scalar_type() == torch::kFloat16 || q.scalar_type() == torch::kBFloat16;
    torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1));
    if (half)
        scores = scores.to(torch::kFloat32);
    if (s != 1.0)
        scores = scores * s;
    if (additiveMask)
        scores = scores + additiveMask->to(scores.scalar_type());
    if (causal) {
        const int64_t lq = q.size(-2), lk = k.size(-2);
        auto upper = torch::ones({lq, lk}, q.options().dtype(torch::kBool)).triu(1);
        scores = scores.masked_fill(upper, -std::numeric_limits<float>::infinity());
    }
    torch::Tensor weights = torch::softmax(scores, -1).to(v.scalar_type());
    return torch::matmul(weights, v);
#endif
}

torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads)
{
    const int64_t b = x.size(0), l = x.size(1), d = x.size(2) / heads;
    return x.view({b, l, heads, d}).transpose(1, 2);
}

torch::Tensor mergeHeads(const torch::Tensor& x)
{
    const int64_t b = x.size(0), h = x.size(1), l = x.size(2), d = x.size(3);
    return x.transpose(1, 2).reshape({b, l, h * d});
}

} // namespace muse
