#include "document/ImageConvert.h"

#include <cstring>

namespace muse::ui {

QImage toQImage(const muse::Image& image)
{
    if (image.isEmpty())
        return {};
    QImage::Format format = QImage::Format_RGB888;
    if (image.channels == 4)
        format = QImage::Format_RGBA8888;
    else if (image.channels == 1)
        format = QImage::Format_Grayscale8;
    else if (image.channels != 3)
        return {};
    QImage out(image.width, image.height, format);
    const std::size_t rowBytes = static_cast<std::size_t>(image.width) * image.channels;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), image.pixels.data() + rowBytes * y, rowBytes);
    return out;
}

muse::Image toMuseImage(const QImage& image, int channels)
{
    if (image.isNull())
        return {};
    QImage::Format format = QImage::Format_RGB888;
    if (channels == 4)
        format = QImage::Format_RGBA8888;
    else if (channels == 1)
        format = QImage::Format_Grayscale8;
    const QImage source = image.format() == format ? image : image.convertToFormat(format);
    muse::Image out(source.width(), source.height(), channels);
    const std::size_t rowBytes = static_cast<std::size_t>(source.width()) * channels;
    for (int y = 0; y < source.height(); ++y)
        std::memcpy(out.pixels.data() + rowBytes * y, source.constScanLine(y), rowBytes);
    return out;
}

} // namespace muse::ui
