#pragma once

#include <QColor>
#include <QImage>

namespace muse::ui {

// Colours for the confidence map: low confidence hot (red), high cool (blue), so the tokens the
// model was unsure about stand out.
class HeatMap {
public:
    static QColor color(double value); // value 0..1
    // A gray token-grid image → ARGB32 of the same size (one pixel per token).
    static QImage colorize(const QImage& gray);
};

} // namespace muse::ui
