#include "document/ExtendCanvasCommand.h"

#include "document/CommandIds.h"
#include "document/Document.h"

namespace muse::ui {

ExtendCanvasCommand::ExtendCanvasCommand(Document* document, QMargins after, int dragId, const QString& text)
    : QUndoCommand(text), m_document(document), m_before(document->margins()), m_after(after), m_dragId(dragId)
{
}

void ExtendCanvasCommand::undo() { m_document->setMargins(m_before); }

void ExtendCanvasCommand::redo() { m_document->setMargins(m_after); }

int ExtendCanvasCommand::id() const { return m_dragId != 0 ? kExtendCanvasCommandId : -1; }

bool ExtendCanvasCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const ExtendCanvasCommand*>(other);
    if (next->m_dragId != m_dragId || next->m_document != m_document)
        return false;
    m_after = next->m_after;
    // A drag that ends where it started is no step at all.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace muse::ui
