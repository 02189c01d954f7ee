#include "canvas/HeatMap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace muse::ui {

QColor HeatMap::color(double value)
{
    // red → orange → yellow → cyan → blue
    static const std::array<QColor, 5> stops = {QColor(220, 30, 30), QColor(245, 140, 20), QColor(240, 230, 40),
                                                QColor(40, 200, 220), QColor(40, 70, 220)};
    const double v = std::clamp(value, 0.0, 1.0) * (stops.size() - 1);
    const int i = std::min(static_cast<int>(std::floor(v)), static_cast<int>(stops.size()) - 2);
    const double t = v - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}

QImage HeatMap::colorize(const QImage& gray)
{
    if (gray.isNull())
        return {};
    const QImage source = gray.convertToFormat(QImage::Format_Grayscale8);
    QImage out(source.size(), QImage::Format_ARGB32);
    for (int y = 0; y < source.height(); ++y) {
        const uchar* in = source.constScanLine(y);
        auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < source.width(); ++x)
            row[x] = color(in[x] / 255.0).rgb();
    }
    return out;
}

} // namespace muse::ui
