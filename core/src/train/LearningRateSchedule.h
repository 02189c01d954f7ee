#pragma once
// Linear warm-up from 0 to the peak rate, then a cosine decay to `floor` × peak at the last step.

#include <cstdint>

namespace muse {

class LearningRateSchedule {
public:
    LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double floor = 0.05);
    // The rate for 0-based `step`.
    double rateAt(int step) const;

private:
    double m_peak;
    int m_warmup;
    int m_total;
    double m_floor;
};

} // namespace muse
