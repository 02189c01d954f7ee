#pragma once

#include "document/MaskBrush.h"
#include "muse/MaskOps.h"

#include <QColor>
#include <QImage>
#include <QMargins>
#include <QPointer>
#include <QWidget>

namespace muse::ui {

class Document;

// The canvas: the document's image with its mask as a coloured overlay, the outpaint margins
// (with drag handles), the token grid the mask maps to, and a staged image on top (the live
// preview of a running job or a result picked in the history), optionally compared with the
// document side by side. Zoom with the wheel, pan with the middle button or Space + drag.
class CanvasView : public QWidget {
    Q_OBJECT

public:
    enum class Tool { Brush, Eraser, Pan };
    enum class CompareMode { Off, ShowOriginal, Split };

    explicit CanvasView(Document* document, QWidget* parent = nullptr);

    Tool tool() const { return m_tool; }
    void setTool(Tool tool);
    const MaskBrush& brush() const { return m_brush; }
    void setBrushSize(int pixels);
    void setBrushHardness(double hardness);

    void setMaskColor(const QColor& color);
    void setMaskOpacity(double opacity);
    // Outlines the token cells the mask regenerates (model token size, inpaint growth).
    void setTokenGrid(bool visible, int tokenSize, int growTokens);
    bool tokenGridVisible() const { return m_showTokenGrid; }

    // The image shown over the document: a preview or a result; `origin` is where its top-left
    // lies in document coordinates (negative for outpaint results). A standalone image (a new
    // generation) is shown alone: the document, its mask and the mask tools step aside.
    void setStagedImage(const QImage& image, QPoint origin, bool standalone = false);
    bool isStagedStandalone() const { return !m_staged.isNull() && m_stagedStandalone; }
    void clearStagedImage();
    bool hasStagedImage() const { return !m_staged.isNull(); }
    const QImage& stagedImage() const { return m_staged; }
    // Gray, one pixel per token; shown as a heat map over the staged image.
    void setConfidenceMap(const QImage& gray);
    void setConfidenceVisible(bool visible);
    void setCompareMode(CompareMode mode);
    // A small picture in the top-left corner (a preview of part of the image); null hides it.
    void setInsetImage(const QImage& image);
    CompareMode compareMode() const { return m_compare; }

    // Drag handles on the canvas edges change the outpaint margins in steps of `step` pixels.
    void setMarginHandlesVisible(bool visible);
    void setMarginStep(int step);

    double zoom() const { return m_zoom; }
    void setZoom(double zoom, QPointF anchor);
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void actualSize();

    QPointF mapToDocument(QPointF widgetPos) const;
    QPointF mapFromDocument(QPointF documentPos) const;

signals:
    void zoomChanged(double zoom);
    void fileDropped(const QString& path);
    void imageDropped(const QImage& image);
    void cursorMoved(QPoint documentPos, bool inside);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    enum class Drag { None, Stroke, Pan, Margin, Split };

    QRectF contentRect() const;
    void onContentChanged();
    void updateOverlay(const QRect& rect);
    void paintStroke(QPointF from, QPointF to);
    int marginHandleAt(QPointF widgetPos) const;
    QPointF marginHandleCenter(int edge) const; // widget coordinates
    void dragMargin(QPointF widgetPos);
    void drawTokenGrid(QPainter& painter);
    void drawMarginArea(QPainter& painter);
    void drawHandles(QPainter& painter);
    void drawBrushCursor(QPainter& painter);
    void drawEmptyHint(QPainter& painter);

    QPointer<Document> m_document;
    Tool m_tool = Tool::Brush;
    MaskBrush m_brush;
    QColor m_maskColor{255, 45, 85};
    double m_maskOpacity = 0.5;
    QImage m_overlay;

    bool m_showTokenGrid = false;
    int m_tokenSize = 16;
    int m_growTokens = 0;
    bool m_gridDirty = true;
    TokenMask m_grid;

    QImage m_staged;
    QPoint m_stagedOrigin;
    bool m_stagedStandalone = false;
    QImage m_confidence;
    QImage m_inset;
    bool m_showConfidence = false;
    CompareMode m_compare = CompareMode::Off;
    double m_split = 0.5; // of the staged image's width

    bool m_handlesVisible = false;
    int m_marginStep = 16;

    double m_zoom = 1.0;
    QPointF m_pan;        // widget position of document (0, 0)
    bool m_autoFit = true; // until the user zooms or pans
    QSize m_lastContentSize;

    Drag m_drag = Drag::None;
    QPointF m_lastDocPos;
    QPoint m_lastWidgetPos;
    int m_strokeId = 0;
    int m_dragEdge = -1;
    int m_dragId = 0;
    QMargins m_dragStartMargins;
    QPointF m_dragStartDocPos;
    bool m_spaceHeld = false;
    bool m_cursorInside = false;
    QPointF m_cursorPos;
};

} // namespace muse::ui
