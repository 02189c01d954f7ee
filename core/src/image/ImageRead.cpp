#include "muse/Image.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace muse {

Status readPngImage(const std::string& path, Image& image, std::map<std::string, std::string>* textChunks);
Status readJpegImage(const std::string& path, Image& image);

Result<Image> readImage(const std::string& path, std::map<std::string, std::string>* textChunks)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Status(ErrorCode::NotFound, path + ": cannot open: " + std::strerror(errno));
    unsigned char magic[8] = {};
    in.read(reinterpret_cast<char*>(magic), 8);
    const std::size_t got = static_cast<std::size_t>(in.gcount());
    in.close();
    Image image;
    Status status;
    if (got == 8 && magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G')
        status = readPngImage(path, image, textChunks);
    else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
        status = readJpegImage(path, image);
    else
        return Status(ErrorCode::UnsupportedFormat, path + ": not a PNG or JPEG image");
    if (!status)
        return status;
    return image;
}

} // namespace muse
