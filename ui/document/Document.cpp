#include "document/Document.h"

#include <QUndoStack>

namespace muse::ui {

Document::Document(QObject* parent) : QObject(parent), m_undoStack(new QUndoStack(this)) {}

QRect Document::canvasRect() const
{
    if (m_image.isNull())
        return {};
    return QRect(QPoint(0, 0), m_image.size()).marginsAdded(m_margins);
}

bool Document::hasMask() const
{
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar* row = m_mask.constScanLine(y);
        for (int x = 0; x < m_mask.width(); ++x)
            if (row[x])
                return true;
    }
    return false;
}

void Document::setFilePath(const QString& path)
{
    if (path == m_filePath)
        return;
    m_filePath = path;
    emit filePathChanged(path);
}

bool Document::isModified() const { return !m_undoStack->isClean(); }

void Document::setContent(const QImage& image, const QImage& mask, QMargins margins, const TextChunks& metadata)
{
    m_image = image.isNull() || image.format() == QImage::Format_RGB888 ? image : image.convertToFormat(QImage::Format_RGB888);
    m_mask = mask.size() == m_image.size() ? mask.convertToFormat(QImage::Format_Grayscale8) : emptyMask(m_image.size());
    m_metadata = metadata;
    const bool marginsMoved = m_margins != margins;
    m_margins = margins;
    emit contentChanged();
    emit maskChanged(QRect(QPoint(0, 0), m_mask.size()));
    if (marginsMoved)
        emit marginsChanged(m_margins);
}

void Document::setMask(const QImage& mask)
{
    if (mask.size() != m_image.size())
        return;
    m_mask = mask.convertToFormat(QImage::Format_Grayscale8);
    emit maskChanged(QRect(QPoint(0, 0), m_mask.size()));
}

void Document::writeMaskPatch(const QPoint& topLeft, const QImage& patch)
{
    const QRect rect = QRect(topLeft, patch.size()).intersected(m_mask.rect());
    if (rect.isEmpty())
        return;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        const uchar* src = patch.constScanLine(y - topLeft.y()) + (rect.left() - topLeft.x());
        std::copy(src, src + rect.width(), m_mask.scanLine(y) + rect.left());
    }
    emit maskChanged(rect);
}

void Document::setMargins(QMargins margins)
{
    if (margins == m_margins)
        return;
    m_margins = margins;
    emit marginsChanged(m_margins);
}

QImage Document::emptyMask(QSize size)
{
    if (size.isEmpty())
        return {};
    QImage mask(size, QImage::Format_Grayscale8);
    mask.fill(0);
    return mask;
}

} // namespace muse::ui
