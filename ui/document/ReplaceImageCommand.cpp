#include "document/ReplaceImageCommand.h"

namespace muse::ui {

ReplaceImageCommand::ReplaceImageCommand(Document* document, const QImage& image, const QImage& mask,
                                         const TextChunks& metadata, const QString& text)
    : QUndoCommand(text), m_document(document)
{
    m_before = {document->image(), document->mask(), document->margins(), document->metadata()};
    m_after = {image.convertToFormat(QImage::Format_RGB888),
               mask.size() == image.size() ? mask : Document::emptyMask(image.size()), QMargins(), metadata};
}

void ReplaceImageCommand::undo()
{
    m_document->setContent(m_before.image, m_before.mask, m_before.margins, m_before.metadata);
}

void ReplaceImageCommand::redo()
{
    m_document->setContent(m_after.image, m_after.mask, m_after.margins, m_after.metadata);
}

} // namespace muse::ui
