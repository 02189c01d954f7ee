#include "train/MaskedTokenObjective.h"

#include <cmath>

namespace muse {

MaskedTokenObjective::MaskedTokenObjective(int64_t maskTokenId, double labelSmoothing)
    : m_maskTokenId(maskTokenId), m_labelSmoothing(labelSmoothing)
{
}

int64_t MaskedTokenObjective::maskedCount(int64_t sequenceLength, double u)
{
    const double rate = std::cos(M_PI * u / 2.0);
    return std::clamp<int64_t>(int64_t(std::llround(double(sequenceLength) * rate)), 1, sequenceLength);
}

MaskedTokens MaskedTokenObjective::mask(const torch::Tensor& tokens, torch::Generator& generator,
                                       const torch::Tensor& regions, const torch::Tensor& always) const
{
    const int64_t batch = tokens.size(0);
    const int64_t length = tokens.size(1) * tokens.size(2);
    const auto cpu = torch::TensorOptions().dtype(torch::kFloat32);
    const torch::Tensor inside = regions.defined() ? regions.reshape({batch, length}).to(torch::kCPU, torch::kBool)
                                                   : torch::Tensor();
    torch::Tensor u = torch::rand({batch}, generator, cpu);
    std::vector<int64_t> counts(batch);
    for (int64_t b = 0; b < batch; ++b) {
        const int64_t size = inside.defined() ? inside[b].sum().item<int64_t>() : length;
        counts[b] = size > 0 ? maskedCount(size, u[b].item<double>()) : 0;
    }
    // A uniformly random subset of `count` positions of the region: the positions whose random key
    // ranks below count, keys outside the region pushed past every key inside.
    torch::Tensor keys = torch::rand({batch, length}, generator, cpu);
    if (inside.defined())
        keys = torch::where(inside, keys, keys + 2.0);
    torch::Tensor ranks = keys.argsort(int64_t(1)).argsort(int64_t(1));
    torch::Tensor masked = ranks < torch::tensor(counts, torch::kInt64).unsqueeze(1);
    masked = masked.view(tokens.sizes());
    if (always.defined())
        masked = masked | always.to(torch::kCPU, torch::kBool).view(tokens.sizes());
    masked = masked.to(tokens.device());
    MaskedTokens out;
    out.masked = masked;
    out.input = torch::where(masked, torch::full_like(tokens, m_maskTokenId), tokens);
    return out;
}

torch::Tensor MaskedTokenObjective::loss(const torch::Tensor& logits, const torch::Tensor& targets,
                                         const torch::Tensor& masked) const
{
    const int64_t k = logits.size(1);
    torch::Tensor flat = logits.permute({0, 2, 3, 1}).reshape({-1, k});
    torch::Tensor index = masked.reshape({-1}).nonzero().squeeze(1);
    return maskedLoss(flat.index_select(0, index), targets, masked);
}

torch::Tensor MaskedTokenObjective::maskedLoss(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                                               const torch::Tensor& masked) const
{
    namespace F = torch::nn::functional;
    return F::cross_entropy(maskedLogits.to(torch::kFloat32), targets.masked_select(masked),
                            F::CrossEntropyFuncOptions().label_smoothing(m_labelSmoothing));
}

torch::Tensor MaskedTokenObjective::maskedNllPerSample(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                                                      const torch::Tensor& masked)
{
    namespace F = torch::nn::functional;
    const torch::Tensor nll = F::cross_entropy(maskedLogits.to(torch::kFloat32), targets.masked_select(masked),
                                               F::CrossEntropyFuncOptions().reduction(torch::kNone));
    // forwardSelected's rows are the masked positions in (b, y, x) order, so each row's sample is
    // the first coordinate of the same nonzero().
    const torch::Tensor sample = masked.nonzero().select(1, 0);
    return torch::zeros({masked.size(0)}, nll.options()).index_add(0, sample, nll);
}

double MaskedTokenObjective::maskedAccuracy(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                                            const torch::Tensor& masked) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor right = maskedLogits.argmax(1).eq(targets.masked_select(masked));
    return right.sum().item<double>() / std::max<double>(1.0, double(right.numel()));
}

double MaskedTokenObjective::accuracy(const torch::Tensor& logits, const torch::Tensor& targets,
                                      const torch::Tensor& masked) const
{
    torch::NoGradGuard noGrad;
    torch::Tensor right = (logits.argmax(1) == targets) & masked;
    return right.sum().item<double>() / std::max<double>(1.0, masked.sum().item<double>());
}

} // namespace muse
