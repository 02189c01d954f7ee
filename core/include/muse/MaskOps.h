#pragma once
// Pixel masks (1-channel muse::Image, 0 = keep, 255 = regenerate) and what editing does with them:
// grow/shrink, feather, invert, the token grid a mask maps to, compositing a result over the
// original, and the extended canvas of outpainting. Shared by the engine, the CLI and the GUI.

#include "muse/Image.h"

#include <cstdint>
#include <vector>

namespace muse {

// A token-grid mask: width × height cells, row-major, true = the token is regenerated.
struct TokenMask {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> cells;
    int count() const;
    bool at(int x, int y) const { return cells[static_cast<std::size_t>(y) * width + x] != 0; }
};

Image invertMask(const Image& mask);
// Dilates (pixels > 0) or erodes (pixels < 0) with a round kernel.
Image growMask(const Image& mask, int pixels);
// A soft-edged alpha for compositing: 255 on the mask, falling to 0 about `radius` pixels outside it.
Image featherMask(const Image& mask, int radius);
// Any covered pixel (value > 0) marks its token; `growTokens` then dilates the grid by whole tokens,
// so thin strokes and edges get regenerated context. The mask must be tokenSize·gridW × tokenSize·gridH.
TokenMask maskToTokenGrid(const Image& mask, int tokenSize, int growTokens = 0);
// The pixel mask a token mask covers (for showing the grid over the canvas).
Image tokenGridToMask(const TokenMask& tokens, int tokenSize);

// original·(1 − α) + generated·α per pixel; where α is 0 the original's bytes are kept exactly.
// All three must have the same size; the result has the original's channels.
Result<Image> compositeThroughMask(const Image& original, const Image& generated, const Image& alpha);

// Pads right/bottom by repeating the edge so both sides are whole multiples of `multiple`.
Image padToMultiple(const Image& image, int multiple);
// The part of the rectangle inside the image (empty when they do not meet).
Image cropImage(const Image& image, int x, int y, int width, int height);

struct Margins {
    int left = 0, top = 0, right = 0, bottom = 0;
};

struct OutpaintCanvas {
    Image image;     // the original placed on the larger canvas, new area filled from its edges
    Image mask;      // 255 on the new area
    Margins margins; // margins actually added (rounded up to whole tokens)
};

// Extends the canvas by the margins, each rounded up to a multiple of `tokenSize` (the original
// must already be whole tokens; pad it first). Fails on negative margins or an empty image.
Result<OutpaintCanvas> extendCanvas(const Image& image, Margins margins, int tokenSize);

} // namespace muse
