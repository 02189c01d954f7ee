#include "train/LearningRateSchedule.h"

#include <algorithm>
#include <cmath>

namespace muse {

LearningRateSchedule::LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double floor)
    : m_peak(peak), m_warmup(std::max(0, warmupSteps)), m_total(std::max(1, totalSteps)), m_floor(floor)
{
}

double LearningRateSchedule::rateAt(int step) const
{
    if (step < m_warmup)
        return m_peak * double(step + 1) / double(m_warmup);
    const int decaySteps = std::max(1, m_total - m_warmup);
    const double progress = std::clamp(double(step - m_warmup) / double(decaySteps), 0.0, 1.0);
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
    return m_peak * (m_floor + (1.0 - m_floor) * cosine);
}

} // namespace muse
