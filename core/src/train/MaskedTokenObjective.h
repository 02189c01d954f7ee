#pragma once
// The Muse / MaskGIT training objective (model-spec §1.2): per sample a masking rate
// r = cos(π u / 2), u ~ U(0, 1); round(S·r) (at least 1) uniformly chosen positions of the S tokens
// become [MASK]; the loss is the cross-entropy of the logits at the masked positions only.

#include <torch/torch.h>

namespace muse {

struct MaskedTokens {
    torch::Tensor input;  // (B, h, w) int64: the tokens with the chosen positions set to the mask id
    torch::Tensor masked; // (B, h, w) bool: which positions were masked
};

class MaskedTokenObjective {
public:
    MaskedTokenObjective(int64_t maskTokenId, double labelSmoothing);

    // tokens (B, h, w) int64. Random numbers come from `generator` (CPU), so a run is reproducible.
    // regions (B, h, w) bool, optional: each sample masks round(S_b · r) of its region's S_b positions
    // only (an inpainting hole, partly filled as parallel decoding leaves it mid-way); an all-true
    // region is the plain objective, with the same random draws.
    // always (B, h, w) bool, optional: positions masked on top of those drawn (a hidden object), with
    // the random draws unchanged.
    MaskedTokens mask(const torch::Tensor& tokens, torch::Generator& generator,
                      const torch::Tensor& regions = torch::Tensor(), const torch::Tensor& always = torch::Tensor()) const;
    // logits (B, K, h, w), targets (B, h, w), masked (B, h, w) → mean cross-entropy over masked positions.
    torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& masked) const;
    // Share of masked positions whose arg-max prediction is right (no gradient).
    double accuracy(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& masked) const;
    // The same two from the masked positions' logits alone, (N, K) in row-major (b, y, x) order
    // (the transformers' forwardSelected): the same numbers without the unmasked positions' logits.
    torch::Tensor maskedLoss(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                             const torch::Tensor& masked) const;
    double maskedAccuracy(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                          const torch::Tensor& masked) const;
    // Per sample, the summed cross-entropy (no label smoothing) of its masked positions: the negative
    // log-likelihood of what it hides, (B) float32 with a gradient, from forwardSelected's logits.
    static torch::Tensor maskedNllPerSample(const torch::Tensor& maskedLogits, const torch::Tensor& targets,
                                            const torch::Tensor& masked);

    // The per-sample masked count for a rate draw u in [0, 1): max(1, round(S · cos(π u / 2))).
    static int64_t maskedCount(int64_t sequenceLength, double u);

private:
    int64_t m_maskTokenId;
    double m_labelSmoothing;
};

} // namespace muse
