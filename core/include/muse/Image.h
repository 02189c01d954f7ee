#pragma once
// An 8-bit image in memory (RGB or RGBA, rows top to bottom, no padding) and the files it comes
// from: PNG and JPEG read and written with libpng/libjpeg, PNG text chunks for metadata.

#include "muse/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace muse {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 3; // 3 = RGB, 4 = RGBA, 1 = gray (masks)
    std::vector<uint8_t> pixels;

    Image() = default;
    Image(int w, int h, int c, uint8_t fill = 0)
        : width(w), height(h), channels(c), pixels(static_cast<std::size_t>(w) * h * c, fill) {}
    bool isEmpty() const { return width <= 0 || height <= 0 || pixels.empty(); }
    uint8_t* pixel(int x, int y) { return pixels.data() + (static_cast<std::size_t>(y) * width + x) * channels; }
    const uint8_t* pixel(int x, int y) const { return pixels.data() + (static_cast<std::size_t>(y) * width + x) * channels; }
};

// Largest image side the readers accept; bigger files are refused before allocating.
constexpr int kMaxImageSide = 16384;

// Reads a PNG or JPEG (recognised by content). Gray, palette and 16-bit PNGs become RGB(A) 8-bit;
// `textChunks`, when given, receives the PNG's tEXt/iTXt/zTXt chunks (keyword → UTF-8 text).
Result<Image> readImage(const std::string& path, std::map<std::string, std::string>* textChunks = nullptr);
// Reads only a PNG's text chunks (for metadata) without decoding the pixels.
Result<std::map<std::string, std::string>> readPngText(const std::string& path);

// Writes atomically (temporary file, then rename). Text chunks are stored as iTXt (UTF-8).
Status writePng(const std::string& path, const Image& image, const std::map<std::string, std::string>& textChunks = {});
Status writeJpeg(const std::string& path, const Image& image, int quality = 92);

} // namespace muse
