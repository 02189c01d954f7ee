#pragma once
// Checks shared by the image writers (core-internal).

#include "muse/Image.h"

namespace muse {

// Ok when `image` has 1, 3 or 4 channels and as many bytes as its size says.
inline Status checkWritableImage(const Image& image, const std::string& path)
{
    if (image.isEmpty() || (image.channels != 1 && image.channels != 3 && image.channels != 4) ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
        return Status(ErrorCode::InvalidArgument, path + ": the image to write is empty or inconsistent");
    return Status::ok();
}

} // namespace muse
