#pragma once

#include <QColor>
#include <QWidget>

class QAction;
class QActionGroup;
class QCheckBox;
class QSlider;
class QSpinBox;
class QToolButton;

namespace muse::ui {

// Mask tools: brush / eraser / pan, brush size and hardness, whole-mask operations, the overlay's
// colour and opacity and the token-grid view. The actions live here; the main window puts them
// in its menus too.
class MaskPanel : public QWidget {
    Q_OBJECT

public:
    explicit MaskPanel(QWidget* parent = nullptr);

    QAction* brushAction() const { return m_brush; }
    QAction* eraserAction() const { return m_eraser; }
    QAction* panAction() const { return m_pan; }
    QAction* fillAction() const { return m_fill; }
    QAction* clearAction() const { return m_clear; }
    QAction* invertAction() const { return m_invert; }
    QAction* growAction() const { return m_grow; }
    QAction* shrinkAction() const { return m_shrink; }
    QAction* featherAction() const { return m_feather; }
    QAction* tokenGridAction() const { return m_tokenGrid; }

    int brushSize() const;
    void setBrushSize(int pixels);
    double brushHardness() const;
    void setBrushHardness(double hardness);
    int growPixels() const;
    int featherRadius() const;
    QColor overlayColor() const { return m_color; }
    void setOverlayColor(const QColor& color);
    double overlayOpacity() const;
    void setOverlayOpacity(double opacity);

signals:
    void brushSizeChanged(int pixels);
    void brushHardnessChanged(double hardness);
    void overlayColorChanged(const QColor& color);
    void overlayOpacityChanged(double opacity);

private:
    QAction* makeAction(const QString& text, const QString& tip, const QKeySequence& shortcut);

    QActionGroup* m_tools = nullptr;
    QAction* m_brush = nullptr;
    QAction* m_eraser = nullptr;
    QAction* m_pan = nullptr;
    QAction* m_fill = nullptr;
    QAction* m_clear = nullptr;
    QAction* m_invert = nullptr;
    QAction* m_grow = nullptr;
    QAction* m_shrink = nullptr;
    QAction* m_feather = nullptr;
    QAction* m_tokenGrid = nullptr;
    QSpinBox* m_size = nullptr;
    QSlider* m_hardness = nullptr;
    QSpinBox* m_growBy = nullptr;
    QSpinBox* m_featherBy = nullptr;
    QToolButton* m_colorButton = nullptr;
    QSlider* m_opacity = nullptr;
    QColor m_color{255, 45, 85};
};

} // namespace muse::ui
