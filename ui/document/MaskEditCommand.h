#pragma once

#include <QImage>
#include <QUndoCommand>

namespace muse::ui {

class Document;

// Replaces the whole mask (fill, clear, invert, grow, shrink, feather, a restored mask).
class MaskEditCommand : public QUndoCommand {
public:
    MaskEditCommand(Document* document, const QImage& after, const QString& text);

    void undo() override;
    void redo() override;

private:
    Document* m_document;
    QImage m_before;
    QImage m_after;
};

} // namespace muse::ui
