#include "muse/MaskOps.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace muse {

namespace {

cv::Mat wrap(const Image& image)
{
    return cv::Mat(image.height, image.width, CV_8UC(image.channels), const_cast<uint8_t*>(image.pixels.data()));
}

Image fromMat(const cv::Mat& mat)
{
    Image out(mat.cols, mat.rows, mat.channels());
    cv::Mat dst(mat.rows, mat.cols, mat.type(), out.pixels.data());
    mat.copyTo(dst);
    return out;
}

cv::Mat roundKernel(int radius)
{
    return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
}

} // namespace

int TokenMask::count() const { return static_cast<int>(std::count(cells.begin(), cells.end(), uint8_t(1))); }

Image invertMask(const Image& mask)
{
    Image out = mask;
    for (auto& v : out.pixels)
        v = static_cast<uint8_t>(255 - v);
    return out;
}

Image growMask(const Image& mask, int pixels)
{
    if (pixels == 0 || mask.isEmpty())
        return mask;
    cv::Mat out;
    if (pixels > 0)
        cv::dilate(wrap(mask), out, roundKernel(pixels));
    else
        cv::erode(wrap(mask), out, roundKernel(-pixels), cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(255));
    return fromMat(out);
}

Image featherMask(const Image& mask, int radius)
{
    if (radius <= 0 || mask.isEmpty())
        return mask;
    // Grow by half the radius, blur over the radius: the ramp sits mostly outside the painted
    // area, so what the user painted is fully regenerated and the seam is softened beyond it.
    cv::Mat grown, blurred;
    cv::dilate(wrap(mask), grown, roundKernel(std::max(1, radius / 2)));
    const int k = 2 * radius + 1;
    cv::GaussianBlur(grown, blurred, cv::Size(k, k), radius / 2.0, radius / 2.0, cv::BORDER_REPLICATE);
    cv::Mat out;
    cv::max(blurred, wrap(mask), out);
    return fromMat(out);
}

TokenMask maskToTokenGrid(const Image& mask, int tokenSize, int growTokens)
{
    TokenMask tokens;
    tokens.width = mask.width / tokenSize;
    tokens.height = mask.height / tokenSize;
    tokens.cells.assign(static_cast<std::size_t>(tokens.width) * tokens.height, 0);
    for (int y = 0; y < tokens.height * tokenSize; ++y)
        for (int x = 0; x < tokens.width * tokenSize; ++x)
            if (mask.pixel(x, y)[0] > 0)
                tokens.cells[static_cast<std::size_t>(y / tokenSize) * tokens.width + x / tokenSize] = 1;
    if (growTokens > 0) {
        cv::Mat grid(tokens.height, tokens.width, CV_8UC1, tokens.cells.data()), grown;
        cv::dilate(grid, grown, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * growTokens + 1, 2 * growTokens + 1)));
        std::copy(grown.data, grown.data + tokens.cells.size(), tokens.cells.begin());
    }
    return tokens;
}

Image tokenGridToMask(const TokenMask& tokens, int tokenSize)
{
    Image out(tokens.width * tokenSize, tokens.height * tokenSize, 1, 0);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            out.pixel(x, y)[0] = tokens.at(x / tokenSize, y / tokenSize) ? 255 : 0;
    return out;
}

Result<Image> compositeThroughMask(const Image& original, const Image& generated, const Image& alpha)
{
    if (original.width != generated.width || original.height != generated.height || original.width != alpha.width ||
        original.height != alpha.height)
        return Status(ErrorCode::InvalidArgument,
                      "composite: image " + std::to_string(original.width) + "×" + std::to_string(original.height) +
                          ", result " + std::to_string(generated.width) + "×" + std::to_string(generated.height) +
                          " and mask " + std::to_string(alpha.width) + "×" + std::to_string(alpha.height) + " differ in size");
    if (alpha.channels != 1 || generated.channels < 3 || original.channels < 3)
        return Status(ErrorCode::InvalidArgument, "composite: needs RGB(A) images and a 1-channel mask");
    Image out = original;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const int a = alpha.pixel(x, y)[0];
            if (a == 0)
                continue;
            uint8_t* dst = out.pixel(x, y);
            const uint8_t* src = generated.pixel(x, y);
            for (int c = 0; c < 3; ++c)
                dst[c] = static_cast<uint8_t>((dst[c] * (255 - a) + src[c] * a + 127) / 255);
        }
    }
    return out;
}

Image padToMultiple(const Image& image, int multiple)
{
    const int w = (image.width + multiple - 1) / multiple * multiple;
    const int h = (image.height + multiple - 1) / multiple * multiple;
    if (w == image.width && h == image.height)
        return image;
    cv::Mat out;
    cv::copyMakeBorder(wrap(image), out, 0, h - image.height, 0, w - image.width, cv::BORDER_REPLICATE);
    return fromMat(out);
}

Image cropImage(const Image& image, int x, int y, int width, int height)
{
    const cv::Rect rect = cv::Rect(x, y, width, height) & cv::Rect(0, 0, image.width, image.height);
    if (rect.empty())
        return Image();
    return fromMat(wrap(image)(rect).clone());
}

Result<OutpaintCanvas> extendCanvas(const Image& image, Margins margins, int tokenSize)
{
    if (image.isEmpty())
        return Status(ErrorCode::InvalidArgument, "outpaint: the image is empty");
    if (margins.left < 0 || margins.top < 0 || margins.right < 0 || margins.bottom < 0)
        return Status(ErrorCode::InvalidArgument, "outpaint: margins cannot be negative");
    if (image.width % tokenSize || image.height % tokenSize)
        return Status(ErrorCode::InvalidArgument, "outpaint: the image is not a whole number of " +
                                                      std::to_string(tokenSize) + "-pixel tokens");
    auto roundUp = [&](int v) { return (v + tokenSize - 1) / tokenSize * tokenSize; };
    OutpaintCanvas canvas;
    canvas.margins = {roundUp(margins.left), roundUp(margins.top), roundUp(margins.right), roundUp(margins.bottom)};
    const Margins& m = canvas.margins;
    cv::Mat extended;
    // Edge colours continue into the new area: the VQ encoder sees a plausible image there, and
    // the area is regenerated anyway.
    cv::copyMakeBorder(wrap(image), extended, m.top, m.bottom, m.left, m.right, cv::BORDER_REPLICATE);
    canvas.image = fromMat(extended);
    canvas.mask = Image(canvas.image.width, canvas.image.height, 1, 255);
    for (int y = 0; y < image.height; ++y)
        std::fill_n(canvas.mask.pixel(m.left, m.top + y), image.width, uint8_t(0));
    return canvas;
}

} // namespace muse
