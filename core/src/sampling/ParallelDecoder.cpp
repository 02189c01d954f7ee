#include "sampling/ParallelDecoder.h"

#include <cmath>
#include <limits>

namespace muse {

float guidanceScaleAt(const DecodeSettings& settings, int step)
{
    if (settings.guidanceScale <= 1.0f || settings.guidanceSchedule == GuidanceSchedule::Constant || settings.steps <= 1)
        return settings.guidanceScale;
    const float progress = static_cast<float>(step) / static_cast<float>(settings.steps - 1);
    return 1.0f + (settings.guidanceScale - 1.0f) * progress;
}

torch::Tensor applyGuidance(const GuidedLogits& logits, float scale)
{
    if (!logits.unconditional.defined() || scale == 1.0f)
        return logits.conditional;
    return logits.unconditional + scale * (logits.conditional - logits.unconditional);
}

torch::Tensor drawTokens(const torch::Tensor& probs, DecodeSettings::TokenDraw draw, at::Generator& generator)
{
    if (draw == DecodeSettings::TokenDraw::Reference)
        return torch::multinomial(probs, 1, /*replacement=*/false, generator);
    // The first code whose cumulative probability exceeds u · total (total, not 1: rounding); a
    // code of probability 0 adds nothing to the sum, so it is never the first to exceed it.
    const torch::Tensor cumulative = probs.cumsum(1);
    const torch::Tensor total = cumulative.narrow(1, probs.size(1) - 1, 1);
    const torch::Tensor u = torch::rand({probs.size(0), 1}, generator, probs.options());
    const torch::Tensor index = torch::searchsorted(cumulative, u * total, /*out_int32=*/false, /*right=*/true);
    return index.clamp_max(probs.size(1) - 1);
}

std::optional<torch::Tensor> decodeTokens(torch::Tensor tokens, const LogitsFunction& logitsOf, const DecodeSettings& settings,
                                          at::Generator& generator, const DecodeHooks& hooks, float startingMaskRatio)
{
    const int64_t batch = tokens.size(0), height = tokens.size(1), width = tokens.size(2);
    const int64_t sequence = height * width;
    const std::vector<float> temperatures = linspaceFloat(settings.temperatureStart, settings.temperatureEnd, settings.steps);
    const bool guided = settings.guidanceScale > 1.0f;

    for (int step = settings.firstStep; step < settings.steps; ++step) {
        if (hooks.cancelled && hooks.cancelled())
            return std::nullopt;
        const torch::Tensor flat = tokens.view({batch, sequence});
        const torch::Tensor unknown = flat.eq(settings.maskTokenId);
        const float scale = guidanceScaleAt(settings, step);
        torch::Tensor logits = applyGuidance(logitsOf(tokens, guided && scale > 1.0f), scale);
        // (B, K, h, w) → (B·S, K), softmax in float32 whatever the model's precision.
        logits = logits.to(torch::kFloat32).view({batch, settings.codebookSize, sequence}).transpose(1, 2);
        if (settings.sampleTemperature != 1.0f)
            logits = logits / settings.sampleTemperature;
        const torch::Tensor probs = torch::softmax(logits, -1).reshape({batch * sequence, settings.codebookSize});
        torch::Tensor sampled = drawTokens(probs, settings.tokenDraw, generator).view({batch, sequence});
        torch::Tensor prediction = torch::where(unknown, sampled, flat);
        torch::Tensor chosen = probs.gather(1, prediction.view({batch * sequence, 1})).view({batch, sequence});
        chosen = torch::where(unknown, chosen, torch::ones_like(chosen));

        DecodeStep info;
        info.step = step;
        info.steps = settings.steps;
        info.guidanceScale = guided ? scale : 1.0f;
        const int64_t maskedBefore = unknown.sum().item<int64_t>();
        info.meanConfidence = maskedBefore ? chosen.masked_select(unknown).mean().item<double>() : 1.0;

        if (step == settings.steps - 1) {
            tokens = prediction.view({batch, height, width});
            info.stillMasked = 0;
            if (hooks.onStep)
                hooks.onStep(info, tokens, chosen.view({batch, height, width}));
            break;
        }

        // Confidence = log p + temperature·Gumbel; committed tokens are never re-masked.
        const torch::Tensor uniform = torch::rand({batch, sequence}, generator,
                                                  torch::TensorOptions().dtype(torch::kFloat32).device(tokens.device()));
        const torch::Tensor gumbel = -torch::log(torch::clamp(-torch::log(torch::clamp(uniform, 1e-20)), 1e-20));
        torch::Tensor confidence = torch::log(torch::clamp(chosen, 1e-20)) + temperatures[step] * gumbel;
        confidence = torch::where(unknown, confidence, torch::full_like(confidence, std::numeric_limits<float>::infinity()));

        const torch::Tensor unknownCounts = unknown.sum(1).to(torch::kCPU);
        const torch::Tensor order = confidence.argsort(/*dim=*/int64_t(1), /*descending=*/false); // ascending: least confident first
        torch::Tensor remask = torch::zeros_like(unknown);
        for (int64_t b = 0; b < batch; ++b) {
            const int64_t stillMasked = unknownCounts[b].item<int64_t>();
            if (stillMasked == 0)
                continue;
            const int64_t count = tokensToRemask(settings.schedule, step, settings.steps, sequence, stillMasked, startingMaskRatio);
            remask[b].index_fill_(0, order[b].slice(0, 0, count), true);
        }
        tokens = torch::where(remask, torch::full_like(prediction, settings.maskTokenId), prediction).view({batch, height, width});
        info.stillMasked = remask.sum().item<int64_t>();
        if (hooks.onStep)
            hooks.onStep(info, prediction.view({batch, height, width}), chosen.view({batch, height, width}));
    }
    return tokens;
}

} // namespace muse
