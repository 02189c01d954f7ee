#include "ProgressBar.h"

#include <cstdio>
#include <unistd.h>

namespace muse::cli {

ProgressBar::ProgressBar(bool quiet) : m_quiet(quiet), m_tty(isatty(fileno(stderr)) != 0) {}

void ProgressBar::update(const Progress& p)
{
    if (m_quiet || p.stage == Stage::Done)
        return;
    const bool newStage = p.stage != m_lastStage;
    m_lastStage = p.stage;
    if (p.totalSteps <= 0) {
        if (newStage) {
            finish();
            std::fprintf(stderr, "%s...\n", stageName(p.stage));
        }
        return;
    }
    if (!m_tty) {
        if (p.step == p.totalSteps || newStage)
            std::fprintf(stderr, "%-9s %3d/%-3d masked %6lld/%-6lld confidence %.3f  %.1f s\n", stageName(p.stage), p.step,
                         p.totalSteps, static_cast<long long>(p.tokensMasked), static_cast<long long>(p.totalTokens),
                         p.meanConfidence, p.elapsedSeconds);
        return;
    }
    const int width = 30;
    const int filled = p.totalSteps ? width * p.step / p.totalSteps : 0;
    char bar[width + 1];
    for (int i = 0; i < width; ++i)
        bar[i] = i < filled ? '#' : '-';
    bar[width] = '\0';
    const double left = p.step > 0 ? p.stepSeconds * (p.totalSteps - p.step) : 0.0;
    std::fprintf(stderr, "\r%-9s [%s] %3d/%-3d masked %6lld confidence %.3f  %.1f s (%.1f s left)   ", stageName(p.stage), bar,
                 p.step, p.totalSteps, static_cast<long long>(p.tokensMasked), p.meanConfidence, p.elapsedSeconds, left);
    std::fflush(stderr);
    m_open = true;
    if (p.step == p.totalSteps)
        finish();
}

void ProgressBar::finish()
{
    if (m_open)
        std::fprintf(stderr, "\n");
    m_open = false;
}

} // namespace muse::cli
