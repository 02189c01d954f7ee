#include "sampling/MaskSchedule.h"

#include <algorithm>
#include <cmath>

namespace muse {

const char* maskScheduleName(MaskScheduleKind kind)
{
    return kind == MaskScheduleKind::Cosine ? "cosine" : "linear";
}

bool parseMaskSchedule(const std::string& text, MaskScheduleKind& kind)
{
    if (text == "cosine") {
        kind = MaskScheduleKind::Cosine;
        return true;
    }
    if (text == "linear") {
        kind = MaskScheduleKind::Linear;
        return true;
    }
    return false;
}

float scheduledMaskRatio(MaskScheduleKind kind, int step, int steps)
{
    // volatile keeps each intermediate a float32, as the reference's tensor ops round them.
    volatile float ratio = static_cast<float>(step + 1) / static_cast<float>(steps);
    if (kind == MaskScheduleKind::Linear)
        return 1.0f - ratio;
    volatile float angle = ratio * static_cast<float>(M_PI);
    angle = angle / 2.0f;
    return std::cos(static_cast<float>(angle));
}

int64_t tokensToRemask(MaskScheduleKind kind, int step, int steps, int64_t sequenceLength, int64_t stillMasked,
                       float startingMaskRatio)
{
    if (step >= steps - 1)
        return 0;
    volatile float ratio = scheduledMaskRatio(kind, step, steps);
    ratio = ratio * startingMaskRatio;
    volatile float length = static_cast<float>(sequenceLength) * ratio;
    int64_t masked = static_cast<int64_t>(std::floor(static_cast<float>(length)));
    masked = std::min(stillMasked - 1, masked);
    return std::max<int64_t>(1, masked);
}

std::vector<int64_t> maskedCountsPerStep(MaskScheduleKind kind, int steps, int64_t sequenceLength,
                                         int64_t initiallyMasked, float startingMaskRatio)
{
    std::vector<int64_t> counts;
    int64_t masked = initiallyMasked;
    for (int step = 0; step < steps; ++step) {
        masked = tokensToRemask(kind, step, steps, sequenceLength, masked, startingMaskRatio);
        counts.push_back(masked);
    }
    return counts;
}

std::vector<float> linspaceFloat(float start, float end, int steps)
{
    std::vector<float> out;
    if (steps <= 0)
        return out;
    if (steps == 1)
        return {start};
    const float step = (end - start) / static_cast<float>(steps - 1);
    const int half = steps / 2;
    for (int i = 0; i < steps; ++i)
        out.push_back(i < half ? start + step * static_cast<float>(i)
                               : end - step * static_cast<float>(steps - i - 1));
    return out;
}

} // namespace muse
