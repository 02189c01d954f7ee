#include "document/MaskBrush.h"

#include <QLineF>

#include <algorithm>
#include <cmath>

namespace muse::ui {

QRect MaskBrush::segmentBounds(QPointF from, QPointF to, const QRect& bounds) const
{
    const double r = m_diameter / 2.0 + 1.0;
    const QRectF area(QPointF(std::min(from.x(), to.x()) - r, std::min(from.y(), to.y()) - r),
                      QPointF(std::max(from.x(), to.x()) + r, std::max(from.y(), to.y()) + r));
    return area.toAlignedRect().intersected(bounds);
}

double MaskBrush::coverage(double d) const
{
    const double radius = std::max(0.5, m_diameter / 2.0);
    if (d >= radius)
        return 0.0;
    const double solid = radius * std::clamp(m_hardness, 0.0, 1.0);
    if (d <= solid)
        return 1.0;
    const double t = (d - solid) / (radius - solid);
    return 1.0 - t * t * (3.0 - 2.0 * t); // smoothstep falling edge
}

void MaskBrush::paintSegment(QImage& patch, QPoint origin, QPointF from, QPointF to) const
{
    const double radius = std::max(0.5, m_diameter / 2.0);
    // Distance to the segment, not a row of dabs: the stroke is exactly as wide as the brush
    // at any speed, with no beading.
    const QPointF dir = to - from;
    const double len2 = QPointF::dotProduct(dir, dir);
    const QRect touched = segmentBounds(from, to, QRect(origin, patch.size()));
    for (int y = touched.top(); y <= touched.bottom(); ++y) {
        uchar* row = patch.scanLine(y - origin.y());
        for (int x = touched.left(); x <= touched.right(); ++x) {
            const QPointF p(x + 0.5, y + 0.5);
            double t = len2 > 0 ? QPointF::dotProduct(p - from, dir) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const QPointF nearest = from + dir * t;
            const double d = QLineF(p, nearest).length();
            if (d >= radius)
                continue;
            const int value = static_cast<int>(std::lround(coverage(d) * 255.0));
            uchar& m = row[x - origin.x()];
            if (m_mode == Mode::Paint)
                m = static_cast<uchar>(std::max<int>(m, value));
            else
                m = static_cast<uchar>(std::min<int>(m, 255 - value));
        }
    }
}

} // namespace muse::ui
