#pragma once
// Conversions between muse::Image (the engine's tightly packed 8-bit pixels) and QImage
// (32-bit aligned rows). Always deep copies: the two never share memory across threads.

#include "muse/Image.h"

#include <QImage>

namespace muse::ui {

// RGB → Format_RGB888, RGBA → Format_RGBA8888, gray → Format_Grayscale8.
QImage toQImage(const muse::Image& image);
// channels 3 = RGB, 4 = RGBA, 1 = gray (luma of colour input).
muse::Image toMuseImage(const QImage& image, int channels);

} // namespace muse::ui
