#include "pipeline/ImageTensor.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace muse {

Image toRgb(const Image& image)
{
    if (image.channels == 3)
        return image;
    Image out(image.width, image.height, 3);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            for (int c = 0; c < 3; ++c)
                out.pixel(x, y)[c] = image.pixel(x, y)[image.channels == 1 ? 0 : c];
    return out;
}

Image toGray(const Image& image)
{
    if (image.channels == 1)
        return image;
    Image out(image.width, image.height, 1);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            out.pixel(x, y)[0] = image.pixel(x, y)[0];
    return out;
}

torch::Tensor imageToTensor(const Image& image, torch::Device device)
{
    const Image rgb = toRgb(image);
    torch::Tensor t = torch::from_blob(const_cast<uint8_t*>(rgb.pixels.data()), {rgb.height, rgb.width, 3}, torch::kUInt8)
                          .permute({2, 0, 1})
                          .to(torch::kFloat32)
                          .div(255.0)
                          .unsqueeze(0)
                          .contiguous();
    return t.to(device);
}

Image tensorToImage(const torch::Tensor& image)
{
    torch::Tensor t = image.detach().to(torch::kCPU, torch::kFloat32);
    if (t.dim() == 4)
        t = t[0];
    if (t.size(0) == 1)
        t = t.expand({3, t.size(1), t.size(2)});
    t = t.clamp(0.0, 1.0).mul(255.0).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    Image out(static_cast<int>(t.size(1)), static_cast<int>(t.size(0)), 3);
    std::memcpy(out.pixels.data(), t.data_ptr(), out.pixels.size());
    return out;
}

Image resizeImage(const Image& image, int width, int height)
{
    if (image.width == width && image.height == height)
        return image;
    cv::Mat src(image.height, image.width, CV_8UC(image.channels), const_cast<uint8_t*>(image.pixels.data()));
    Image out(width, height, image.channels);
    cv::Mat dst(height, width, CV_8UC(image.channels), out.pixels.data());
    const bool shrinking = width < image.width && height < image.height;
    cv::resize(src, dst, cv::Size(width, height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

} // namespace muse
