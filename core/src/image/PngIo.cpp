#include "muse/Image.h"

#include "image/AtomicFile.h"
#include "image/ImageChecks.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>

namespace muse {

namespace {

struct PngError {
    char message[256] = "unknown libpng error";
};

void onPngError(png_structp png, png_const_charp message)
{
    auto* error = static_cast<PngError*>(png_get_error_ptr(png));
    std::snprintf(error->message, sizeof error->message, "%s", message);
    png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {}

using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

void collectText(png_structp png, png_infop info, std::map<std::string, std::string>& out)
{
    png_textp text = nullptr;
    int count = 0;
    png_get_text(png, info, &text, &count);
    for (int i = 0; i < count; ++i) {
        const std::size_t length = text[i].compression >= PNG_ITXT_COMPRESSION_NONE ? text[i].itxt_length : text[i].text_length;
        out[text[i].key] = std::string(text[i].text ? text[i].text : "", length);
    }
}

// Decodes a PNG; with `pixelsToo` false only the text chunks before and after the image data.
Status readPng(const std::string& path, Image* image, std::map<std::string, std::string>* textChunks)
{
    FilePtr file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        return Status(ErrorCode::NotFound, path + ": cannot open: " + std::strerror(errno));
    unsigned char signature[8];
    if (std::fread(signature, 1, 8, file.get()) != 8 || png_sig_cmp(signature, 0, 8) != 0)
        return Status(ErrorCode::CorruptFile, path + ": not a PNG file");

    PngError error;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, onPngError, onPngWarning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, nullptr);
        return Status(ErrorCode::OutOfMemory, path + ": cannot allocate a PNG decoder");
    }
    std::vector<png_bytep> rows;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return Status(ErrorCode::CorruptFile, path + ": " + error.message);
    }
    png_init_io(png, file.get());
    png_set_sig_bytes(png, 8);
    // Refuse absurd sizes before any allocation: a hostile header can claim 2^31 × 2^31.
    png_set_user_limits(png, kMaxImageSide, kMaxImageSide);
    png_set_chunk_malloc_max(png, 64u << 20);
    png_read_info(png, info);
    if (textChunks)
        collectText(png, info, *textChunks);
    if (image) {
        png_set_expand(png);             // palette → RGB, gray < 8 bit → 8 bit, tRNS → alpha
        png_set_strip_16(png);
        png_set_gray_to_rgb(png);
        png_set_interlace_handling(png);
        png_read_update_info(png, info);
        image->width = static_cast<int>(png_get_image_width(png, info));
        image->height = static_cast<int>(png_get_image_height(png, info));
        image->channels = png_get_channels(png, info);
        if (image->channels != 3 && image->channels != 4) {
            png_destroy_read_struct(&png, &info, nullptr);
            return Status(ErrorCode::UnsupportedFormat, path + ": unsupported PNG channel layout");
        }
        image->pixels.assign(static_cast<std::size_t>(image->width) * image->height * image->channels, 0);
        rows.resize(image->height);
        for (int y = 0; y < image->height; ++y)
            rows[y] = image->pixel(0, y);
        png_read_image(png, rows.data());
        png_read_end(png, info);
        if (textChunks)
            collectText(png, info, *textChunks);
    }
    png_destroy_read_struct(&png, &info, nullptr);
    return Status::ok();
}

} // namespace

Result<std::map<std::string, std::string>> readPngText(const std::string& path)
{
    // Text chunks may follow the image data (as ours do not, but other writers' may), so the
    // whole file is decoded; images are small compared with the cost of a wrong answer.
    Image image;
    std::map<std::string, std::string> text;
    MUSE_RETURN_IF_ERROR(readPng(path, &image, &text));
    return text;
}

Status readPngImage(const std::string& path, Image& image, std::map<std::string, std::string>* textChunks)
{
    return readPng(path, &image, textChunks);
}

Status writePng(const std::string& path, const Image& image, const std::map<std::string, std::string>& textChunks)
{
    MUSE_RETURN_IF_ERROR(checkWritableImage(image, path));
    AtomicFile out(path);
    if (!out.isOpen())
        return out.status();
    PngError error;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, onPngError, onPngWarning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        return Status(ErrorCode::OutOfMemory, path + ": cannot allocate a PNG encoder");
    }
    std::vector<png_text> texts;
    std::vector<std::string> keys;
    keys.reserve(textChunks.size());
    std::vector<png_const_bytep> rows(image.height);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return Status(ErrorCode::IoError, path + ": " + error.message);
    }
    png_init_io(png, out.file());
    const int colorType = image.channels == 4 ? PNG_COLOR_TYPE_RGBA : image.channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY;
    png_set_IHDR(png, info, image.width, image.height, 8, colorType, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    for (const auto& [key, value] : textChunks) {
        keys.push_back(key.substr(0, 79)); // PNG keywords are at most 79 bytes
        png_text t{};
        t.compression = PNG_ITXT_COMPRESSION_NONE;
        t.key = const_cast<char*>(keys.back().c_str());
        t.text = const_cast<char*>(value.c_str());
        t.itxt_length = value.size();
        t.lang = nullptr;
        t.lang_key = nullptr;
        texts.push_back(t);
    }
    if (!texts.empty())
        png_set_text(png, info, texts.data(), static_cast<int>(texts.size()));
    png_write_info(png, info);
    for (int y = 0; y < image.height; ++y)
        rows[y] = image.pixel(0, y);
    png_write_image(png, const_cast<png_bytepp>(rows.data()));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out.commit();
}

} // namespace muse
