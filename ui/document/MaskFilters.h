#pragma once
// Whole-mask operations on Grayscale8 QImages, through core's MaskOps so the GUI, the CLI and the
// engine agree on what "grow", "feather" and "token grid" mean.

#include "muse/MaskOps.h"

#include <QImage>

namespace muse::ui {

class MaskFilters {
public:
    static QImage filled(QSize size);
    static QImage cleared(QSize size);
    static QImage inverted(const QImage& mask);
    // pixels > 0 grows, < 0 shrinks.
    static QImage grown(const QImage& mask, int pixels);
    static QImage feathered(const QImage& mask, int radius);
    // The token cells a mask regenerates (any coverage counts, then `growTokens` of dilation).
    // The mask is padded with "keep" to whole tokens first; the grid covers the padded size.
    static TokenMask tokenGrid(const QImage& mask, int tokenSize, int growTokens);
};

} // namespace muse::ui
