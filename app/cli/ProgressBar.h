#pragma once
// The terminal progress display of the generation commands: one self-updating line on a
// terminal, one line per stage otherwise (logs, CI).

#include "muse/Engine.h"

namespace muse::cli {

class ProgressBar {
public:
    explicit ProgressBar(bool quiet);
    void update(const Progress& progress);
    void finish();

private:
    bool m_quiet;
    bool m_tty;
    bool m_open = false;
    Stage m_lastStage = Stage::Done;
};

} // namespace muse::cli
