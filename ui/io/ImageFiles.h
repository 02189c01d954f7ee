#pragma once

#include "document/Document.h"
#include "muse/Status.h"

#include <QImage>
#include <QString>

namespace muse::ui {

// Opening and exporting images through core's readers and atomic writers, so the GUI writes
// the same metadata the CLI does.
class ImageFiles {
public:
    struct Opened {
        QImage image;        // RGB888
        TextChunks metadata; // PNG text chunks
    };

    static Result<Opened> open(const QString& path);
    // PNG (with the metadata as text chunks) or JPEG (quality 0..100), by the file's suffix.
    static Status save(const QString& path, const QImage& image, const TextChunks& metadata, int jpegQuality = 92);
    static bool isSupported(const QString& path);
    // Name filters for QFileDialog (translated).
    static QString openFilter();
    static QString saveFilter();
};

} // namespace muse::ui
