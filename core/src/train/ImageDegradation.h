#pragma once
// The degradations the scene judge must survive: the blur of a VQ reconstruction, pixel noise,
// and the blocks and chroma loss of JPEG. Used by the detector tests and `muse dataset --blur/--jpeg`.

#include "muse/Image.h"

#include <cstdint>
#include <string>

namespace muse {

// Gaussian blur with standard deviation `sigma` pixels (edges replicated); sigma ≤ 0 copies.
Image gaussianBlur(const Image& image, double sigma);

// Adds independent Gaussian noise of standard deviation `sigma` (0..255 levels) to every channel
// of every pixel, deterministically from `seed`; sigma ≤ 0 copies.
Image addPixelNoise(const Image& image, double sigma, uint64_t seed);

// Encodes at `quality` (1..100, libjpeg's default 4:2:0 chroma subsampling) and decodes again,
// through `scratchPath` (a file name that may be overwritten and is removed afterwards).
Result<Image> jpegRoundTrip(const Image& image, int quality, const std::string& scratchPath);

} // namespace muse
