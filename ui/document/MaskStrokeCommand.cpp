#include "document/MaskStrokeCommand.h"

#include "document/CommandIds.h"
#include "document/Document.h"

#include <QPainter>

namespace muse::ui {

MaskStrokeCommand::MaskStrokeCommand(Document* document, int strokeId, const QRect& rect, const QImage& before,
                                     const QImage& after, const QString& text)
    : QUndoCommand(text), m_document(document), m_strokeId(strokeId), m_rect(rect), m_before(before), m_after(after)
{
}

void MaskStrokeCommand::undo() { m_document->writeMaskPatch(m_rect.topLeft(), m_before); }

void MaskStrokeCommand::redo() { m_document->writeMaskPatch(m_rect.topLeft(), m_after); }

int MaskStrokeCommand::id() const { return kMaskStrokeCommandId; }

bool MaskStrokeCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const MaskStrokeCommand*>(other);
    if (next->m_strokeId != m_strokeId || next->m_document != m_document)
        return false;
    // push() has already run next->redo(), so the document holds the state after both segments.
    // "Before" of the union: the current mask, overwritten by the older snapshots, oldest last.
    const QRect united = m_rect.united(next->m_rect);
    QImage before = m_document->mask().copy(united);
    {
        QPainter painter(&before);
        painter.setCompositionMode(QPainter::CompositionMode_Source);
        painter.drawImage(next->m_rect.topLeft() - united.topLeft(), next->m_before);
        painter.drawImage(m_rect.topLeft() - united.topLeft(), m_before);
    }
    m_before = before;
    m_after = m_document->mask().copy(united);
    m_rect = united;
    return true;
}

} // namespace muse::ui
