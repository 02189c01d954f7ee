#pragma once

#include <QImage>
#include <QPointF>
#include <QRect>

namespace muse::ui {

// A round brush for masks. A dab is fully opaque inside hardness·radius and falls off smoothly
// to the rim; painting takes the maximum with the mask and erasing the minimum, so going over
// the same spot twice does not build up (the mask means "how much to regenerate", not paint).
class MaskBrush {
public:
    enum class Mode { Paint, Erase };

    MaskBrush() = default;
    MaskBrush(double diameter, double hardness, Mode mode) : m_diameter(diameter), m_hardness(hardness), m_mode(mode) {}

    double diameter() const { return m_diameter; }
    double hardness() const { return m_hardness; }
    Mode mode() const { return m_mode; }
    void setDiameter(double diameter) { m_diameter = diameter; }
    void setHardness(double hardness) { m_hardness = hardness; }
    void setMode(Mode mode) { m_mode = mode; }

    // The pixels a segment from `from` to `to` can touch, clipped to `bounds`.
    QRect segmentBounds(QPointF from, QPointF to, const QRect& bounds) const;
    // Stamps dabs along the segment into `patch` (Grayscale8) whose top-left sits at `origin` in
    // mask coordinates. Pixel centres are at +0.5.
    void paintSegment(QImage& patch, QPoint origin, QPointF from, QPointF to) const;
    // Coverage 0..1 of a dab at distance `d` from its centre.
    double coverage(double d) const;

private:
    double m_diameter = 32.0;
    double m_hardness = 0.8;
    Mode m_mode = Mode::Paint;
};

} // namespace muse::ui
