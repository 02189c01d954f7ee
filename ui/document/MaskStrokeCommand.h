#pragma once

#include <QImage>
#include <QRect>
#include <QUndoCommand>

namespace muse::ui {

class Document;

// One segment of a brush or eraser stroke. Segments of the same stroke (same strokeId) merge
// into one undo step, so Ctrl+Z removes the whole stroke.
class MaskStrokeCommand : public QUndoCommand {
public:
    // `before` and `after` cover `rect` of the mask (image coordinates).
    MaskStrokeCommand(Document* document, int strokeId, const QRect& rect, const QImage& before, const QImage& after,
                      const QString& text);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    int strokeId() const { return m_strokeId; }
    QRect rect() const { return m_rect; }

private:
    Document* m_document;
    int m_strokeId;
    QRect m_rect;
    QImage m_before;
    QImage m_after;
};

} // namespace muse::ui
