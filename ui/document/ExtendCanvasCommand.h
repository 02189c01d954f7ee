#pragma once

#include <QMargins>
#include <QUndoCommand>

namespace muse::ui {

class Document;

// Changes the outpaint margins around the image. Commands of one handle drag (same dragId,
// not 0) merge into one undo step.
class ExtendCanvasCommand : public QUndoCommand {
public:
    ExtendCanvasCommand(Document* document, QMargins after, int dragId, const QString& text);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* m_document;
    QMargins m_before;
    QMargins m_after;
    int m_dragId;
};

} // namespace muse::ui
