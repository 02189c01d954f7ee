#include "sampling/PromptAgreement.h"

#include <algorithm>

namespace muse {

torch::Tensor maskingGroups(int64_t sequence, int passes, at::Generator& generator, torch::Device device)
{
    // A random permutation's rank modulo `passes`.
    const torch::Tensor rank = torch::rand({sequence}, generator, torch::TensorOptions().dtype(torch::kFloat32).device(device))
                                   .argsort()
                                   .argsort();
    return rank.remainder(std::max(passes, 1));
}

torch::Tensor scoringMasks(int64_t sequence, int passes, float maskRatio, at::Generator& generator, torch::Device device)
{
    passes = std::max(passes, 1);
    const int64_t k = std::clamp<int64_t>(std::llround(double(maskRatio) * passes), 1, passes);
    // Per position, a random order of the passes; it is masked in the first k of them.
    const torch::Tensor order = torch::rand({sequence, int64_t(passes)}, generator, torch::TensorOptions().dtype(torch::kFloat32).device(device))
                                    .argsort(/*dim=*/int64_t(1))
                                    .argsort(/*dim=*/int64_t(1));
    return order.lt(k).transpose(0, 1).contiguous();
}

torch::Tensor promptDisagreement(const torch::Tensor& tokens, const LogitsFunction& logitsOf, const torch::Tensor& codebook,
                                 int64_t maskTokenId, int passes, float maskRatio, float blindWeight, at::Generator& generator)
{
    const int64_t batch = tokens.size(0), height = tokens.size(1), width = tokens.size(2);
    const int64_t sequence = height * width;
    passes = static_cast<int>(std::clamp<int64_t>(passes, 1, sequence));
    const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat32).device(tokens.device());
    const torch::Tensor flat = tokens.reshape({batch, sequence});

    const torch::Tensor codes = codebook.to(torch::kFloat32);            // (K, D)
    const torch::Tensor squaredNorms = codes.pow(2).sum(1);              // (K)
    const torch::Tensor variance = (codes - codes.mean(0)).pow(2).sum(1).mean().clamp_min(1e-12);
    const torch::Tensor current = codes.index_select(0, flat.reshape({-1})).view({batch, sequence, -1}); // (B, S, D)
    const torch::Tensor currentNorms = current.pow(2).sum(-1);           // (B, S)
    // E_p ‖e_k − c‖² = E_p ‖e_k‖² − 2 c · E_p e_k + ‖c‖², with p (B, K, S) over the codes.
    auto expectedDistance = [&](const torch::Tensor& logits) {
        const torch::Tensor p = torch::softmax(logits.to(torch::kFloat32).reshape({batch, -1, sequence}), 1).transpose(1, 2);
        const torch::Tensor mean = torch::matmul(p, codes);              // (B, S, D)
        const torch::Tensor secondMoment = torch::matmul(p, squaredNorms); // (B, S)
        return secondMoment - 2.0f * (mean * current).sum(-1) + currentNorms;
    };

    const torch::Tensor masks = scoringMasks(sequence, passes, maskRatio, generator, tokens.device());
    torch::Tensor sum = torch::zeros({batch, sequence}, floatOptions);
    for (int pass = 0; pass < passes; ++pass) {
        const torch::Tensor masked = masks[pass].unsqueeze(0).expand({batch, sequence});
        const torch::Tensor input = torch::where(masked, torch::full_like(flat, maskTokenId), flat).view({batch, height, width});
        const GuidedLogits logits = logitsOf(input, true);
        torch::Tensor d = expectedDistance(logits.conditional);
        if (logits.unconditional.defined())
            d = d - expectedDistance(logits.unconditional);
        sum = sum + torch::where(masked, d, torch::zeros_like(d));
    }
    const torch::Tensor disagreement = sum / masks.sum(0).to(torch::kFloat32).unsqueeze(0);
    // With most of the image visible the model redraws what it sees: a prompt that changes the
    // whole background ("on a black background") shows up only when nothing is visible.
    const GuidedLogits blind = logitsOf(torch::full_like(tokens, maskTokenId), true);
    torch::Tensor global = expectedDistance(blind.conditional);
    if (blind.unconditional.defined())
        global = global - expectedDistance(blind.unconditional);
    return (torch::maximum(disagreement, blindWeight * global) / variance).view({batch, height, width});
}

torch::Tensor disagreeingTokens(const torch::Tensor& disagreement, float threshold, int64_t budget)
{
    const int64_t batch = disagreement.size(0), height = disagreement.size(1), width = disagreement.size(2);
    const torch::Tensor core = disagreement.gt(threshold);
    const torch::Tensor grown =
        torch::max_pool2d(core.to(torch::kFloat32).unsqueeze(1), {3, 3}, {1, 1}, {1, 1}).squeeze(1).gt(0.5f);
    // Rank: the core by its disagreement, then the rim (after every core token), then the rest.
    const float rimOffset = 1e6f;
    torch::Tensor key = torch::where(core, -disagreement, -disagreement + rimOffset);
    key = torch::where(grown, key, torch::full_like(key, 3 * rimOffset)).view({batch, height * width});
    const torch::Tensor order = key.argsort(/*dim=*/int64_t(1));
    const torch::Tensor counts = grown.view({batch, -1}).sum(1).clamp_max(std::max<int64_t>(budget, 0)).to(torch::kCPU);
    torch::Tensor chosen = torch::zeros({batch, height * width}, disagreement.options().dtype(torch::kBool));
    for (int64_t b = 0; b < batch; ++b)
        chosen[b].index_fill_(0, order[b].slice(0, 0, counts[b].item<int64_t>()), true);
    return chosen.view({batch, height, width});
}

torch::Tensor snapToModelCodes(const torch::Tensor& tokens, const LogitsFunction& logitsOf, const torch::Tensor& codebook,
                               int64_t maskTokenId, int passes, float maxDistance, at::Generator& generator)
{
    const int64_t batch = tokens.size(0), height = tokens.size(1), width = tokens.size(2);
    const int64_t sequence = height * width;
    passes = static_cast<int>(std::clamp<int64_t>(passes, 1, sequence));
    const torch::Tensor codes = codebook.to(torch::kFloat32);
    const torch::Tensor variance = (codes - codes.mean(0)).pow(2).sum(1).mean().clamp_min(1e-12);
    const torch::Tensor flat = tokens.reshape({batch, sequence});
    const torch::Tensor current = codes.index_select(0, flat.reshape({-1}));
    const torch::Tensor group = maskingGroups(sequence, passes, generator, tokens.device()).unsqueeze(0).expand({batch, sequence});
    torch::Tensor snapped = flat.clone();
    for (int pass = 0; pass < passes; ++pass) {
        const torch::Tensor masked = group.eq(pass);
        const torch::Tensor input = torch::where(masked, torch::full_like(flat, maskTokenId), flat).view({batch, height, width});
        const torch::Tensor preferred = logitsOf(input, false).conditional.reshape({batch, -1, sequence}).argmax(1);
        const torch::Tensor distance =
            (codes.index_select(0, preferred.reshape({-1})) - current).pow(2).sum(1).view({batch, sequence}) / variance;
        snapped = torch::where(masked & distance.lt(maxDistance), preferred, snapped);
    }
    return snapped.view({batch, height, width});
}

} // namespace muse
