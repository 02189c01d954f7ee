#include "canvas/CanvasView.h"

#include "canvas/HeatMap.h"
#include "document/Document.h"
#include "document/ExtendCanvasCommand.h"
#include "document/MaskFilters.h"
#include "document/MaskStrokeCommand.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace muse::ui {

namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 32.0;
constexpr double kHandleRadius = 7.0;

QBrush checkerBrush()
{
    QPixmap tile(16, 16);
    tile.fill(QColor(90, 90, 90));
    QPainter p(&tile);
    p.fillRect(0, 0, 8, 8, QColor(120, 120, 120));
    p.fillRect(8, 8, 8, 8, QColor(120, 120, 120));
    return QBrush(tile);
}

bool isImageFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
}

} // namespace

CanvasView::CanvasView(Document* document, QWidget* parent) : QWidget(parent), m_document(document)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAcceptDrops(true);
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_brush = MaskBrush(40, 0.7, MaskBrush::Mode::Paint);
    connect(document, &Document::contentChanged, this, &CanvasView::onContentChanged);
    connect(document, &Document::maskChanged, this, [this](const QRect& rect) {
        updateOverlay(rect);
        m_gridDirty = true;
        update();
    });
    connect(document, &Document::marginsChanged, this, [this] {
        if (m_autoFit)
            fitToWindow();
        update();
    });
    onContentChanged();
}

void CanvasView::setTool(Tool tool)
{
    m_tool = tool;
    if (tool != Tool::Pan)
        m_brush.setMode(tool == Tool::Eraser ? MaskBrush::Mode::Erase : MaskBrush::Mode::Paint);
    setCursor(tool == Tool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
    update();
}

void CanvasView::setBrushSize(int pixels)
{
    m_brush.setDiameter(std::clamp(pixels, 1, 1000));
    update();
}

void CanvasView::setBrushHardness(double hardness) { m_brush.setHardness(std::clamp(hardness, 0.0, 1.0)); }

void CanvasView::setMaskColor(const QColor& color)
{
    m_maskColor = color;
    updateOverlay(QRect());
    update();
}

void CanvasView::setMaskOpacity(double opacity)
{
    m_maskOpacity = std::clamp(opacity, 0.0, 1.0);
    updateOverlay(QRect());
    update();
}

void CanvasView::setTokenGrid(bool visible, int tokenSize, int growTokens)
{
    m_showTokenGrid = visible;
    m_tokenSize = std::max(1, tokenSize);
    m_growTokens = std::max(0, growTokens);
    m_gridDirty = true;
    update();
}

void CanvasView::setStagedImage(const QImage& image, QPoint origin, bool standalone)
{
    const bool geometryChanged =
        image.size() != m_staged.size() || origin != m_stagedOrigin || standalone != m_stagedStandalone;
    m_staged = image;
    m_stagedOrigin = origin;
    m_stagedStandalone = standalone;
    if (geometryChanged && m_autoFit)
        fitToWindow();
    update();
}

void CanvasView::clearStagedImage()
{
    m_staged = QImage();
    m_confidence = QImage();
    m_compare = CompareMode::Off;
    if (m_autoFit)
        fitToWindow();
    update();
}

void CanvasView::setConfidenceMap(const QImage& gray)
{
    m_confidence = HeatMap::colorize(gray);
    update();
}

void CanvasView::setConfidenceVisible(bool visible)
{
    m_showConfidence = visible;
    update();
}

void CanvasView::setCompareMode(CompareMode mode)
{
    m_compare = mode;
    update();
}

void CanvasView::setInsetImage(const QImage& image)
{
    m_inset = image;
    update();
}

void CanvasView::setMarginHandlesVisible(bool visible)
{
    m_handlesVisible = visible;
    if (m_autoFit)
        fitToWindow();
    update();
}

void CanvasView::setMarginStep(int step) { m_marginStep = std::max(1, step); }

QRectF CanvasView::contentRect() const
{
    if (isStagedStandalone())
        return QRectF(m_stagedOrigin, m_staged.size());
    QRectF rect;
    if (m_document && !m_document->isEmpty())
        rect = m_handlesVisible ? QRectF(m_document->canvasRect()) : QRectF(QPointF(0, 0), QSizeF(m_document->imageSize()));
    if (!m_staged.isNull())
        rect = rect.united(QRectF(m_stagedOrigin, m_staged.size()));
    return rect;
}

void CanvasView::setZoom(double zoom, QPointF anchor)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF docAnchor = mapToDocument(anchor);
    m_zoom = zoom;
    m_pan = anchor - docAnchor * m_zoom;
    emit zoomChanged(m_zoom);
    update();
}

void CanvasView::zoomIn()
{
    m_autoFit = false;
    setZoom(m_zoom * 1.25, rect().center());
}

void CanvasView::zoomOut()
{
    m_autoFit = false;
    setZoom(m_zoom / 1.25, rect().center());
}

void CanvasView::fitToWindow()
{
    m_autoFit = true;
    const QRectF content = contentRect();
    if (content.isEmpty() || width() < 10 || height() < 10)
        return;
    const double margin = 24.0;
    m_zoom = std::clamp(std::min((width() - margin) / content.width(), (height() - margin) / content.height()), kMinZoom,
                        kMaxZoom);
    m_pan = QPointF(width() / 2.0, height() / 2.0) - content.center() * m_zoom;
    emit zoomChanged(m_zoom);
    update();
}

void CanvasView::actualSize()
{
    m_autoFit = false;
    const QRectF content = contentRect();
    m_zoom = 1.0;
    m_pan = QPointF(width() / 2.0, height() / 2.0) - content.center();
    m_pan = QPointF(std::round(m_pan.x()), std::round(m_pan.y())); // whole pixels: no resampling blur
    emit zoomChanged(m_zoom);
    update();
}

QPointF CanvasView::mapToDocument(QPointF widgetPos) const { return (widgetPos - m_pan) / m_zoom; }

QPointF CanvasView::mapFromDocument(QPointF documentPos) const { return documentPos * m_zoom + m_pan; }

void CanvasView::onContentChanged()
{
    updateOverlay(QRect());
    m_gridDirty = true;
    const QSize size = m_document ? m_document->imageSize() : QSize();
    if (size != m_lastContentSize) {
        m_lastContentSize = size;
        fitToWindow();
    }
    update();
}

void CanvasView::updateOverlay(const QRect& requested)
{
    if (!m_document || m_document->isEmpty()) {
        m_overlay = QImage();
        return;
    }
    const QImage& mask = m_document->mask();
    QRect rect = requested;
    if (m_overlay.size() != mask.size() || rect.isNull()) {
        m_overlay = QImage(mask.size(), QImage::Format_ARGB32_Premultiplied);
        rect = mask.rect();
    }
    rect = rect.intersected(mask.rect());
    const int r = m_maskColor.red(), g = m_maskColor.green(), b = m_maskColor.blue();
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        const uchar* in = mask.constScanLine(y);
        auto* out = reinterpret_cast<QRgb*>(m_overlay.scanLine(y));
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const int a = static_cast<int>(in[x] * m_maskOpacity + 0.5);
            out[x] = qRgba(r * a / 255, g * a / 255, b * a / 255, a);
        }
    }
}

void CanvasView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    if ((!m_document || m_document->isEmpty()) && m_staged.isNull()) {
        drawEmptyHint(painter);
        return;
    }
    painter.save();
    painter.translate(m_pan);
    painter.scale(m_zoom, m_zoom);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);

    const bool standalone = isStagedStandalone();
    if (m_document && !m_document->isEmpty() && !standalone) {
        if (m_handlesVisible) // the margins matter in Outpaint mode only
            drawMarginArea(painter);
        painter.drawImage(QPoint(0, 0), m_document->image());
    }
    if (!m_staged.isNull() && (m_compare != CompareMode::ShowOriginal || standalone)) {
        const QRect stagedRect(m_stagedOrigin, m_staged.size());
        if (m_compare == CompareMode::Split && !standalone) {
            const int splitX = static_cast<int>(std::round(m_staged.width() * m_split));
            painter.drawImage(QRect(stagedRect.topLeft() + QPoint(splitX, 0), QSize(m_staged.width() - splitX, m_staged.height())),
                              m_staged, QRect(splitX, 0, m_staged.width() - splitX, m_staged.height()));
        } else {
            painter.fillRect(stagedRect, palette().color(QPalette::Dark));
            painter.drawImage(stagedRect.topLeft(), m_staged);
        }
        if (m_showConfidence && !m_confidence.isNull()) {
            painter.save();
            painter.setOpacity(0.45);
            painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
            painter.drawImage(QRectF(stagedRect), m_confidence);
            painter.restore();
        }
    }
    // The mask stays visible over previews and results too: it says what was regenerated.
    if (!m_overlay.isNull() && m_maskOpacity > 0 && !standalone)
        painter.drawImage(QPoint(0, 0), m_overlay);
    if (m_showTokenGrid && !standalone)
        drawTokenGrid(painter);
    painter.restore();

    if (!m_staged.isNull() && m_compare == CompareMode::Split && !standalone) {
        const double x = mapFromDocument(QPointF(m_stagedOrigin.x() + m_staged.width() * m_split, 0)).x();
        const double top = mapFromDocument(QPointF(0, m_stagedOrigin.y())).y();
        const double bottom = mapFromDocument(QPointF(0, m_stagedOrigin.y() + m_staged.height())).y();
        painter.setPen(QPen(Qt::white, 2));
        painter.drawLine(QPointF(x, top), QPointF(x, bottom));
        painter.setBrush(Qt::white);
        painter.drawEllipse(QPointF(x, (top + bottom) / 2), 6, 6);
    }
    if (m_handlesVisible && m_document && !m_document->isEmpty() && !standalone)
        drawHandles(painter);
    if (!m_inset.isNull()) {
        const QSize size = m_inset.size().scaled(QSize(220, 220), Qt::KeepAspectRatio);
        const QRect inset(QPoint(10, 10), size);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(inset, m_inset);
        painter.setPen(QPen(Qt::white, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(inset.adjusted(-1, -1, 1, 1));
    }
    drawBrushCursor(painter);
}

void CanvasView::drawEmptyHint(QPainter& painter)
{
    painter.setPen(palette().color(QPalette::BrightText));
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Write a prompt and press Generate (Ctrl+Return), or open an image (Ctrl+O), drop one here,\n"
                        "or paste one (Ctrl+V).\n\n"
                        "Inpaint: choose Inpaint, paint over the part to change with the brush (B), then Generate.\n"
                        "Outpaint: choose Outpaint and drag the canvas edges outward, then Generate.\n"
                        "Edit: choose Edit, describe the change, then Generate; no mask needed."));
}

void CanvasView::drawMarginArea(QPainter& painter)
{
    const QRect canvas = m_document->canvasRect();
    const QRect image(QPoint(0, 0), m_document->imageSize());
    if (canvas == image)
        return;
    QPainterPath area;
    area.addRect(canvas);
    QPainterPath inner;
    inner.addRect(image);
    area = area.subtracted(inner);
    painter.save();
    painter.setBrushOrigin(canvas.topLeft());
    painter.fillPath(area, checkerBrush());
    QColor tint = m_maskColor;
    tint.setAlphaF(std::max(0.15, m_maskOpacity * 0.6));
    painter.fillPath(area, tint);
    QPen pen(Qt::white, 0, Qt::DashLine);
    pen.setCosmetic(true);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(canvas);
    painter.restore();
}

void CanvasView::drawTokenGrid(QPainter& painter)
{
    if (!m_document || m_document->isEmpty())
        return;
    if (m_gridDirty) {
        m_grid = MaskFilters::tokenGrid(m_document->mask(), m_tokenSize, m_growTokens);
        m_gridDirty = false;
    }
    painter.save();
    const QRect canvas = m_document->canvasRect();
    // Whole tokens from the canvas's top-left (outpaint margins are whole tokens too).
    if (m_tokenSize * m_zoom >= 5.0) {
        QPen gridPen(QColor(255, 255, 255, 60), 0);
        gridPen.setCosmetic(true);
        painter.setPen(gridPen);
        for (int x = canvas.left(); x <= canvas.right() + 1; x += m_tokenSize)
            painter.drawLine(QPointF(x, canvas.top()), QPointF(x, canvas.bottom() + 1));
        for (int y = canvas.top(); y <= canvas.bottom() + 1; y += m_tokenSize)
            painter.drawLine(QPointF(canvas.left(), y), QPointF(canvas.right() + 1, y));
    }
    QColor fill = m_maskColor.darker(150);
    fill.setAlpha(90);
    QPen cellPen(m_maskColor.lighter(130), 0);
    cellPen.setCosmetic(true);
    painter.setPen(cellPen);
    painter.setBrush(fill);
    for (int ty = 0; ty < m_grid.height; ++ty)
        for (int tx = 0; tx < m_grid.width; ++tx)
            if (m_grid.at(tx, ty))
                painter.drawRect(QRect(tx * m_tokenSize, ty * m_tokenSize, m_tokenSize, m_tokenSize));
    painter.restore();
}

QPointF CanvasView::marginHandleCenter(int edge) const
{
    const QRectF canvas(m_document->canvasRect());
    switch (edge) {
    case 0: return mapFromDocument(QPointF(canvas.left(), canvas.center().y()));
    case 1: return mapFromDocument(QPointF(canvas.center().x(), canvas.top()));
    case 2: return mapFromDocument(QPointF(canvas.right() + 1, canvas.center().y()));
    default: return mapFromDocument(QPointF(canvas.center().x(), canvas.bottom() + 1));
    }
}

int CanvasView::marginHandleAt(QPointF widgetPos) const
{
    if (!m_handlesVisible || !m_document || m_document->isEmpty())
        return -1;
    for (int edge = 0; edge < 4; ++edge)
        if (QLineF(widgetPos, marginHandleCenter(edge)).length() <= kHandleRadius + 3)
            return edge;
    return -1;
}

void CanvasView::drawHandles(QPainter& painter)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (int edge = 0; edge < 4; ++edge) {
        const QPointF c = marginHandleCenter(edge);
        painter.setPen(QPen(Qt::black, 1.5));
        painter.setBrush(edge == m_dragEdge ? QColor(255, 210, 60) : QColor(255, 255, 255));
        painter.drawRoundedRect(QRectF(c.x() - kHandleRadius, c.y() - kHandleRadius, 2 * kHandleRadius, 2 * kHandleRadius), 3, 3);
    }
    painter.restore();
}

void CanvasView::drawBrushCursor(QPainter& painter)
{
    if (!m_cursorInside || m_tool == Tool::Pan || m_spaceHeld || !m_document || m_document->isEmpty() || isStagedStandalone() ||
        m_drag == Drag::Pan || m_drag == Drag::Margin || m_drag == Drag::Split)
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const double r = m_brush.diameter() / 2.0 * m_zoom;
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
    painter.drawEllipse(m_cursorPos, r, r);
    painter.setPen(QPen(m_tool == Tool::Eraser ? QColor(180, 220, 255) : QColor(Qt::white), 1));
    painter.drawEllipse(m_cursorPos, r, r);
    painter.restore();
}

void CanvasView::resizeEvent(QResizeEvent*)
{
    if (m_autoFit)
        fitToWindow();
}

void CanvasView::paintStroke(QPointF from, QPointF to)
{
    const QImage& mask = m_document->mask();
    const QRect rect = m_brush.segmentBounds(from, to, mask.rect());
    if (rect.isEmpty())
        return;
    const QImage before = mask.copy(rect);
    QImage after = before.copy();
    m_brush.paintSegment(after, rect.topLeft(), from, to);
    if (after == before)
        return;
    const QString text = m_tool == Tool::Eraser ? tr("Erase mask") : tr("Paint mask");
    m_document->undoStack()->push(new MaskStrokeCommand(m_document, m_strokeId, rect, before, after, text));
}

void CanvasView::mousePressEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    m_lastWidgetPos = pos.toPoint();
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && (m_tool == Tool::Pan || m_spaceHeld))) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() != Qt::LeftButton || !m_document || isStagedStandalone())
        return;
    if (!m_staged.isNull() && m_compare == CompareMode::Split) {
        const double x = mapFromDocument(QPointF(m_stagedOrigin.x() + m_staged.width() * m_split, 0)).x();
        if (std::abs(pos.x() - x) <= 8) {
            m_drag = Drag::Split;
            return;
        }
    }
    const int edge = marginHandleAt(pos);
    if (edge >= 0) {
        m_drag = Drag::Margin;
        m_dragEdge = edge;
        ++m_dragId;
        m_dragStartMargins = m_document->margins();
        m_dragStartDocPos = mapToDocument(pos);
        return;
    }
    if (m_document->isEmpty())
        return;
    m_drag = Drag::Stroke;
    ++m_strokeId;
    m_lastDocPos = mapToDocument(pos);
    paintStroke(m_lastDocPos, m_lastDocPos);
}

void CanvasView::dragMargin(QPointF widgetPos)
{
    const QPointF delta = mapToDocument(widgetPos) - m_dragStartDocPos;
    QMargins margins = m_dragStartMargins;
    const auto snap = [this](double value) {
        return std::max(0, static_cast<int>(std::lround(value / m_marginStep)) * m_marginStep);
    };
    switch (m_dragEdge) {
    case 0: margins.setLeft(snap(m_dragStartMargins.left() - delta.x())); break;
    case 1: margins.setTop(snap(m_dragStartMargins.top() - delta.y())); break;
    case 2: margins.setRight(snap(m_dragStartMargins.right() + delta.x())); break;
    default: margins.setBottom(snap(m_dragStartMargins.bottom() + delta.y())); break;
    }
    if (margins != m_document->margins())
        m_document->undoStack()->push(new ExtendCanvasCommand(m_document, margins, m_dragId, tr("Extend canvas")));
}

void CanvasView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    m_cursorPos = pos;
    m_cursorInside = true;
    const QPointF docPos = mapToDocument(pos);
    emit cursorMoved(QPoint(static_cast<int>(std::floor(docPos.x())), static_cast<int>(std::floor(docPos.y()))),
                     m_document && QRectF(QPointF(0, 0), QSizeF(m_document->imageSize())).contains(docPos));
    switch (m_drag) {
    case Drag::Pan:
        m_autoFit = false;
        m_pan += pos - QPointF(m_lastWidgetPos);
        break;
    case Drag::Stroke:
        paintStroke(m_lastDocPos, docPos);
        m_lastDocPos = docPos;
        break;
    case Drag::Margin: dragMargin(pos); break;
    case Drag::Split:
        if (!m_staged.isNull())
            m_split = std::clamp((docPos.x() - m_stagedOrigin.x()) / m_staged.width(), 0.0, 1.0);
        break;
    case Drag::None:
        if (m_tool != Tool::Pan && !m_spaceHeld)
            setCursor(marginHandleAt(pos) >= 0 ? Qt::SizeAllCursor : Qt::CrossCursor);
        break;
    }
    m_lastWidgetPos = pos.toPoint();
    update();
}

void CanvasView::mouseReleaseEvent(QMouseEvent*)
{
    if (m_drag == Drag::Pan)
        setCursor(m_tool == Tool::Pan || m_spaceHeld ? Qt::OpenHandCursor : Qt::CrossCursor);
    m_drag = Drag::None;
    m_dragEdge = -1;
    update();
}

void CanvasView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    m_autoFit = false;
    setZoom(m_zoom * std::pow(1.25, steps), event->position());
}

void CanvasView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        setCursor(Qt::OpenHandCursor);
        update();
        return;
    }
    QWidget::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        setCursor(m_tool == Tool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
        update();
        return;
    }
    QWidget::keyReleaseEvent(event);
}

void CanvasView::leaveEvent(QEvent*)
{
    m_cursorInside = false;
    update();
}

void CanvasView::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime->hasImage()) {
        event->acceptProposedAction();
        return;
    }
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && isImageFile(url.toLocalFile())) {
            event->acceptProposedAction();
            return;
        }
}

void CanvasView::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && isImageFile(url.toLocalFile())) {
            emit fileDropped(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    if (mime->hasImage()) {
        emit imageDropped(qvariant_cast<QImage>(mime->imageData()));
        event->acceptProposedAction();
    }
}

} // namespace muse::ui
