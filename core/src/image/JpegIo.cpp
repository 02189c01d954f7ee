#include "muse/Image.h"

#include "image/AtomicFile.h"
#include "image/ImageChecks.h"

#include <cstdio>
// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <memory>

namespace muse {

namespace {

struct JpegError {
    jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX] = "unknown libjpeg error";
};

void onJpegError(j_common_ptr info)
{
    auto* error = reinterpret_cast<JpegError*>(info->err);
    (*info->err->format_message)(info, error->message);
    longjmp(error->jump, 1);
}

void onJpegMessage(j_common_ptr, int) {} // warnings (e.g. extraneous bytes) are not fatal

} // namespace

Status readJpegImage(const std::string& path, Image& image)
{
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        return Status(ErrorCode::NotFound, path + ": cannot open: " + std::strerror(errno));
    jpeg_decompress_struct info{};
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = onJpegError;
    error.manager.emit_message = onJpegMessage;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        return Status(ErrorCode::CorruptFile, path + ": " + error.message);
    }
    jpeg_create_decompress(&info);
    jpeg_stdio_src(&info, file.get());
    jpeg_read_header(&info, TRUE);
    if (info.image_width > static_cast<unsigned>(kMaxImageSide) || info.image_height > static_cast<unsigned>(kMaxImageSide)) {
        jpeg_destroy_decompress(&info);
        return Status(ErrorCode::UnsupportedFormat, path + ": image is larger than " + std::to_string(kMaxImageSide) +
                                                        " pixels on a side");
    }
    info.out_color_space = JCS_RGB; // gray and CMYK/YCCK come out as RGB
    jpeg_start_decompress(&info);
    if (info.output_components != 3) {
        jpeg_destroy_decompress(&info);
        return Status(ErrorCode::UnsupportedFormat, path + ": unsupported JPEG colour space");
    }
    image.width = static_cast<int>(info.output_width);
    image.height = static_cast<int>(info.output_height);
    image.channels = 3;
    image.pixels.assign(static_cast<std::size_t>(image.width) * image.height * 3, 0);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = image.pixel(0, static_cast<int>(info.output_scanline));
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return Status::ok();
}

Status writeJpeg(const std::string& path, const Image& image, int quality)
{
    MUSE_RETURN_IF_ERROR(checkWritableImage(image, path));
    AtomicFile out(path);
    if (!out.isOpen())
        return out.status();
    jpeg_compress_struct info{};
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = onJpegError;
    error.manager.emit_message = onJpegMessage;
    std::vector<uint8_t> row(static_cast<std::size_t>(image.width) * 3);
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        return Status(ErrorCode::IoError, path + ": " + error.message);
    }
    jpeg_create_compress(&info);
    jpeg_stdio_dest(&info, out.file());
    info.image_width = static_cast<JDIMENSION>(image.width);
    info.image_height = static_cast<JDIMENSION>(image.height);
    info.input_components = image.channels == 1 ? 1 : 3;
    info.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, std::clamp(quality, 1, 100), TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        const uint8_t* src = image.pixel(0, static_cast<int>(info.next_scanline));
        JSAMPROW rowPointer;
        if (image.channels == 4) { // JPEG has no alpha: drop it
            for (int x = 0; x < image.width; ++x)
                std::memcpy(&row[x * 3], src + x * 4, 3);
            rowPointer = row.data();
        } else {
            rowPointer = const_cast<JSAMPROW>(src);
        }
        jpeg_write_scanlines(&info, &rowPointer, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return out.commit();
}

} // namespace muse
