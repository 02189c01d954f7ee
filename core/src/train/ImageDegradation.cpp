#include "train/ImageDegradation.h"

#include "train/SceneRng.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace muse {

Image gaussianBlur(const Image& image, double sigma)
{
    if (sigma <= 0.0 || image.isEmpty())
        return image;
    const cv::Mat source(image.height, image.width, CV_8UC(image.channels), const_cast<uint8_t*>(image.pixels.data()));
    Image result(image.width, image.height, image.channels);
    cv::Mat target(result.height, result.width, CV_8UC(result.channels), result.pixels.data());
    cv::GaussianBlur(source, target, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
    return result;
}

Image addPixelNoise(const Image& image, double sigma, uint64_t seed)
{
    if (sigma <= 0.0)
        return image;
    Image result = image;
    SceneRng rng(seed);
    for (auto& value : result.pixels) {
        // Box–Muller; one of the pair is enough here.
        const double u1 = std::max(rng.uniform(), 1e-12), u2 = rng.uniform();
        const double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        value = uint8_t(std::clamp(std::lround(value + sigma * g), 0L, 255L));
    }
    return result;
}

Result<Image> jpegRoundTrip(const Image& image, int quality, const std::string& scratchPath)
{
    if (quality < 1 || quality > 100)
        return Status(ErrorCode::InvalidArgument, "JPEG quality must be 1..100, not " + std::to_string(quality));
    MUSE_RETURN_IF_ERROR(writeJpeg(scratchPath, image, quality)); // drops an alpha channel
    Result<Image> decoded = readImage(scratchPath);
    std::remove(scratchPath.c_str());
    return decoded;
}

} // namespace muse
