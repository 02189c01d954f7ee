#include "io/ImageFiles.h"

#include "document/ImageConvert.h"
#include "muse/Image.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace muse::ui {

namespace {

QString suffixOf(const QString& path) { return QFileInfo(path).suffix().toLower(); }

} // namespace

Result<ImageFiles::Opened> ImageFiles::open(const QString& path)
{
    TextChunks chunks;
    Result<Image> image = readImage(path.toStdString(), &chunks);
    if (!image)
        return image.status();
    Opened opened;
    opened.image = toQImage(*image).convertToFormat(QImage::Format_RGB888);
    opened.metadata = std::move(chunks);
    return opened;
}

Status ImageFiles::save(const QString& path, const QImage& image, const TextChunks& metadata, int jpegQuality)
{
    if (image.isNull())
        return Status(ErrorCode::InvalidArgument, "there is no image to save");
    const QString suffix = suffixOf(path);
    if (suffix == QLatin1String("png"))
        return writePng(path.toStdString(), toMuseImage(image, 3), metadata);
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg"))
        return writeJpeg(path.toStdString(), toMuseImage(image, 3), jpegQuality);
    return Status(ErrorCode::UnsupportedFormat, path.toStdString() + ": save as .png or .jpg");
}

bool ImageFiles::isSupported(const QString& path)
{
    const QString suffix = suffixOf(path);
    return suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
}

QString ImageFiles::openFilter()
{
    return QCoreApplication::translate("muse::ui::ImageFiles", "Images (*.png *.jpg *.jpeg)");
}

QString ImageFiles::saveFilter()
{
    return QCoreApplication::translate("muse::ui::ImageFiles", "PNG with metadata (*.png);;JPEG (*.jpg *.jpeg)");
}

} // namespace muse::ui
