#include "document/MaskFilters.h"

#include "document/ImageConvert.h"

namespace muse::ui {

QImage MaskFilters::filled(QSize size)
{
    QImage mask(size, QImage::Format_Grayscale8);
    mask.fill(255);
    return mask;
}

QImage MaskFilters::cleared(QSize size)
{
    QImage mask(size, QImage::Format_Grayscale8);
    mask.fill(0);
    return mask;
}

QImage MaskFilters::inverted(const QImage& mask) { return toQImage(invertMask(toMuseImage(mask, 1))); }

QImage MaskFilters::grown(const QImage& mask, int pixels) { return toQImage(growMask(toMuseImage(mask, 1), pixels)); }

QImage MaskFilters::feathered(const QImage& mask, int radius)
{
    return toQImage(featherMask(toMuseImage(mask, 1), radius));
}

TokenMask MaskFilters::tokenGrid(const QImage& mask, int tokenSize, int growTokens)
{
    if (mask.isNull() || tokenSize <= 0)
        return {};
    const int w = (mask.width() + tokenSize - 1) / tokenSize * tokenSize;
    const int h = (mask.height() + tokenSize - 1) / tokenSize * tokenSize;
    muse::Image padded(w, h, 1, 0);
    const muse::Image source = toMuseImage(mask, 1);
    for (int y = 0; y < source.height; ++y)
        std::copy(source.pixel(0, y), source.pixel(0, y) + source.width, padded.pixel(0, y));
    return maskToTokenGrid(padded, tokenSize, growTokens);
}

} // namespace muse::ui
