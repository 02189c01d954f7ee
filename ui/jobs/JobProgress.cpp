#include "jobs/JobProgress.h"

namespace muse::ui {

JobProgress JobProgress::from(const Progress& p)
{
    JobProgress out;
    out.stage = p.stage;
    out.step = p.step;
    out.totalSteps = p.totalSteps;
    out.tokensMasked = p.tokensMasked;
    out.totalTokens = p.totalTokens;
    out.meanConfidence = p.meanConfidence;
    out.elapsedSeconds = p.elapsedSeconds;
    out.stepSeconds = p.stepSeconds;
    return out;
}

} // namespace muse::ui
