#pragma once

#include "document/Document.h"

#include <QImage>
#include <QMargins>
#include <QUndoCommand>

namespace muse::ui {

// Replaces the image (open, paste, apply a result). A mask of the new size is kept when given,
// otherwise cleared; the outpaint margins are reset because the new image already covers them.
class ReplaceImageCommand : public QUndoCommand {
public:
    ReplaceImageCommand(Document* document, const QImage& image, const QImage& mask, const TextChunks& metadata,
                        const QString& text);

    void undo() override;
    void redo() override;

private:
    struct State {
        QImage image;
        QImage mask;
        QMargins margins;
        TextChunks metadata;
    };
    Document* m_document;
    State m_before;
    State m_after;
};

} // namespace muse::ui
