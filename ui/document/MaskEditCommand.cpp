#include "document/MaskEditCommand.h"

#include "document/Document.h"

namespace muse::ui {

MaskEditCommand::MaskEditCommand(Document* document, const QImage& after, const QString& text)
    : QUndoCommand(text), m_document(document), m_before(document->mask()), m_after(after)
{
}

void MaskEditCommand::undo() { m_document->setMask(m_before); }

void MaskEditCommand::redo() { m_document->setMask(m_after); }

} // namespace muse::ui
