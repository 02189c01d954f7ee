#pragma once

#include "document/Document.h"

#include <QDateTime>
#include <QImage>
#include <QPoint>
#include <QString>

namespace muse::ui {

// One result on disk (a PNG in the history folder) as the history strip shows it.
struct HistoryEntry {
    QString path;
    TextChunks metadata; // the PNG's text chunks ("muse" = request JSON, "parameters")
    QImage thumbnail;
    QSize size;
    QPoint origin;      // where its top-left lies in the document it was made from
    QString sourcePath; // the input image of inpaint/outpaint/edit requests, when known
    QDateTime created;
    QImage unsavedImage; // only when writing the file failed: then the pixels live here

    QImage loadImage() const; // the full image (from the file, or unsavedImage)

    QString requestJson() const;
    QString prompt() const;
    bool isGeneration() const; // a new image from a prompt (not an edit of an image)
};

} // namespace muse::ui
