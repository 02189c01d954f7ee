#pragma once
// MaskGIT / Muse parallel decoding: starting from a grid where some tokens are [MASK], each step
// predicts every masked token at once, keeps the most confident ones as the cosine schedule
// allows and re-masks the rest. Classifier-free guidance mixes conditional and unconditional
// logits; the confidence of each sampled token gets Gumbel noise whose temperature anneals.

#include "sampling/MaskSchedule.h"

#include <torch/torch.h>

#include <functional>
#include <optional>

namespace muse {

enum class GuidanceSchedule {
    Constant, // aMUSEd: every step uses the full scale
    Linear,   // Muse: the scale rises linearly from 1 (no guidance) at the first step to the full scale
};

struct DecodeSettings {
    int steps = 12;
    int firstStep = 0; // img2img starts part-way into the schedule
    MaskScheduleKind schedule = MaskScheduleKind::Cosine;
    float guidanceScale = 10.0f; // logits = uncond + scale·(cond − uncond); ≤ 1 disables guidance
    GuidanceSchedule guidanceSchedule = GuidanceSchedule::Constant;
    float temperatureStart = 2.0f; // Gumbel temperature of the confidence, linspace(start, end, steps)
    float temperatureEnd = 0.0f;
    // Softmax temperature of the token sampling. Below 1 it suppresses the low-probability tail:
    // a model trained with label smoothing ε over K codes keeps ε/K on every code, so plain
    // sampling draws a token from that uniform floor at about ε of the positions (10 % with ε 0.1).
    float sampleTemperature = 1.0f;
    // How a token is drawn from its distribution. Reference: torch.multinomial's own draw (an Exp(1)
    // per code, argmax p / q), so aMUSEd's images match diffusers' for the same CPU generator seed
    // (model-spec §3.7). InverseCdf: one uniform per position against the cumulative distribution,
    // the same distribution for a K-th of the random numbers (on 2 CPU cores multinomial's 256 × 2048
    // exponential draws were 6 ms of a 28 ms base step). Our own models use it.
    enum class TokenDraw : uint8_t { Reference, InverseCdf };
    TokenDraw tokenDraw = TokenDraw::Reference;
    int64_t maskTokenId = 0;
    int64_t codebookSize = 0; // logits channels
};

float guidanceScaleAt(const DecodeSettings& settings, int step);

// One code per row of probs (N, K) (rows sum to 1), drawn as `draw` says; (N, 1) int64.
torch::Tensor drawTokens(const torch::Tensor& probs, DecodeSettings::TokenDraw draw, at::Generator& generator);

// What one step did, for progress displays and plots.
struct DecodeStep {
    int step = 0;
    int steps = 0;
    int64_t stillMasked = 0;     // tokens masked after this step (summed over the batch)
    double meanConfidence = 0.0; // mean probability of the tokens sampled at masked positions
    float guidanceScale = 1.0f;
};

// The model: conditional logits and, when guidance is on, unconditional ones, both (B, K, h, w),
// for tokens (B, h, w). Batching both branches into one forward is the caller's business.
struct GuidedLogits {
    torch::Tensor conditional;
    torch::Tensor unconditional; // undefined when guidance is off
};
using LogitsFunction = std::function<GuidedLogits(const torch::Tensor& tokens, bool withUnconditional)>;

struct DecodeHooks {
    // Checked before every step; returning true stops decoding (decodeTokens returns nullopt).
    std::function<bool()> cancelled;
    // After every step: statistics, the current prediction (every masked token sampled, B×h×w)
    // and the per-token probability of that prediction (B×h×w, 1 for kept tokens).
    std::function<void(const DecodeStep&, const torch::Tensor& prediction, const torch::Tensor& confidence)> onStep;
};

// Decodes `tokens` (B, h, w int64, masked positions = maskTokenId). Unmasked tokens are never
// changed. `startingMaskRatio` scales the schedule for partial masks (inpainting: the masked
// share of the grid). All random draws come from `generator` (same seed → same tokens on the
// same device). Returns nullopt when cancelled.
std::optional<torch::Tensor> decodeTokens(torch::Tensor tokens, const LogitsFunction& logits, const DecodeSettings& settings,
                                          at::Generator& generator, const DecodeHooks& hooks = {},
                                          float startingMaskRatio = 1.0f);

// Guided logits for one step.
torch::Tensor applyGuidance(const GuidedLogits& logits, float scale);

} // namespace muse
