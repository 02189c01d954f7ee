#pragma once
// How many tokens stay masked after each parallel-decoding step, and the Gumbel temperature of
// each step. The arithmetic follows diffusers' AmusedScheduler in float32, op for op, because
// exact math differs from it (e.g. 128 instead of 127 tokens at step 7 of 12 for 256 tokens).

#include <cstdint>
#include <string>
#include <vector>

namespace muse {

enum class MaskScheduleKind { Cosine, Linear };

const char* maskScheduleName(MaskScheduleKind kind);
bool parseMaskSchedule(const std::string& text, MaskScheduleKind& kind);

// The scheduled fraction still masked after step `step` (0-based) of `steps`: cos(π/2·(step+1)/steps)
// or 1 − (step+1)/steps, computed in float32 like the reference.
float scheduledMaskRatio(MaskScheduleKind kind, int step, int steps);

// Tokens to re-mask after step `step`, given `sequenceLength` tokens, `stillMasked` tokens masked
// before this step and the fraction of the sequence masked at the start (1 for generation, the
// mask's share for inpainting). Clamped so each step commits at least one token and never
// re-masks more than were masked; 0 after the last step.
int64_t tokensToRemask(MaskScheduleKind kind, int step, int steps, int64_t sequenceLength, int64_t stillMasked,
                       float startingMaskRatio = 1.0f);

// Masked counts after each step when decoding starts from `initiallyMasked` tokens.
std::vector<int64_t> maskedCountsPerStep(MaskScheduleKind kind, int steps, int64_t sequenceLength,
                                         int64_t initiallyMasked, float startingMaskRatio = 1.0f);

// torch.linspace(start, end, steps) in float32 (its symmetric two-ended evaluation).
std::vector<float> linspaceFloat(float start, float end, int steps);

} // namespace muse
