#include "panels/MaskPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QColorDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace muse::ui {

namespace {

QToolButton* toolButton(QAction* action, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return button;
}

QIcon swatch(const QColor& color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(color);
    QPainter painter(&pixmap);
    painter.setPen(Qt::black);
    painter.drawRect(0, 0, 15, 15);
    return QIcon(pixmap);
}

} // namespace

MaskPanel::MaskPanel(QWidget* parent) : QWidget(parent)
{
    m_tools = new QActionGroup(this);
    m_brush = makeAction(tr("Brush"), tr("Paint the area to regenerate (B)"), QKeySequence(Qt::Key_B));
    m_eraser = makeAction(tr("Eraser"), tr("Erase from the mask (E)"), QKeySequence(Qt::Key_E));
    m_pan = makeAction(tr("Pan"), tr("Move the view (H, or hold Space)"), QKeySequence(Qt::Key_H));
    for (QAction* a : {m_brush, m_eraser, m_pan}) {
        a->setCheckable(true);
        m_tools->addAction(a);
    }
    m_brush->setChecked(true);
    m_fill = makeAction(tr("Fill"), tr("Mask the whole image"), QKeySequence());
    m_clear = makeAction(tr("Clear"), tr("Clear the mask"), QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    m_invert = makeAction(tr("Invert"), tr("Swap masked and kept areas"), QKeySequence(Qt::CTRL | Qt::Key_I));
    m_grow = makeAction(tr("Grow"), tr("Grow the mask by the given pixels"), QKeySequence());
    m_shrink = makeAction(tr("Shrink"), tr("Shrink the mask by the given pixels"), QKeySequence());
    m_feather = makeAction(tr("Feather"), tr("Soften the mask's edge over the given radius"), QKeySequence());
    m_tokenGrid = makeAction(tr("Token grid"), tr("Show the model's token grid and the tokens the mask regenerates (T)"),
                             QKeySequence(Qt::Key_T));
    m_tokenGrid->setCheckable(true);

    auto* layout = new QVBoxLayout(this);
    auto* toolsRow = new QHBoxLayout;
    for (QAction* a : {m_brush, m_eraser, m_pan})
        toolsRow->addWidget(toolButton(a, this));
    layout->addLayout(toolsRow);

    auto* form = new QFormLayout;
    m_size = new QSpinBox(this);
    m_size->setRange(1, 1000);
    m_size->setValue(40);
    m_size->setSuffix(tr(" px"));
    m_size->setToolTip(tr("Brush diameter ([ smaller, ] larger)"));
    form->addRow(tr("Size"), m_size);
    m_hardness = new QSlider(Qt::Horizontal, this);
    m_hardness->setRange(0, 100);
    m_hardness->setValue(70);
    m_hardness->setToolTip(tr("0 = soft edge, 100 = hard edge"));
    form->addRow(tr("Hardness"), m_hardness);
    layout->addLayout(form);

    auto* ops = new QGridLayout;
    ops->addWidget(toolButton(m_fill, this), 0, 0);
    ops->addWidget(toolButton(m_clear, this), 0, 1);
    ops->addWidget(toolButton(m_invert, this), 0, 2);
    m_growBy = new QSpinBox(this);
    m_growBy->setRange(1, 256);
    m_growBy->setValue(8);
    m_growBy->setSuffix(tr(" px"));
    ops->addWidget(m_growBy, 1, 0);
    ops->addWidget(toolButton(m_grow, this), 1, 1);
    ops->addWidget(toolButton(m_shrink, this), 1, 2);
    m_featherBy = new QSpinBox(this);
    m_featherBy->setRange(1, 256);
    m_featherBy->setValue(8);
    m_featherBy->setSuffix(tr(" px"));
    ops->addWidget(m_featherBy, 2, 0);
    ops->addWidget(toolButton(m_feather, this), 2, 1);
    ops->addWidget(toolButton(m_tokenGrid, this), 2, 2);
    layout->addLayout(ops);

    auto* overlay = new QFormLayout;
    m_colorButton = new QToolButton(this);
    m_colorButton->setIcon(swatch(m_color));
    m_colorButton->setToolTip(tr("Colour of the mask overlay"));
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    auto* overlayRow = new QHBoxLayout;
    overlayRow->addWidget(m_colorButton);
    overlayRow->addWidget(m_opacity, 1);
    overlay->addRow(tr("Overlay"), overlayRow);
    layout->addLayout(overlay);
    layout->addStretch(1);

    connect(m_size, &QSpinBox::valueChanged, this, &MaskPanel::brushSizeChanged);
    connect(m_hardness, &QSlider::valueChanged, this, [this](int v) { emit brushHardnessChanged(v / 100.0); });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) { emit overlayOpacityChanged(v / 100.0); });
    connect(m_colorButton, &QToolButton::clicked, this, [this] {
        const QColor color = QColorDialog::getColor(m_color, this, tr("Mask overlay colour"));
        if (color.isValid()) {
            setOverlayColor(color);
            emit overlayColorChanged(color);
        }
    });
}

QAction* MaskPanel::makeAction(const QString& text, const QString& tip, const QKeySequence& shortcut)
{
    auto* action = new QAction(text, this);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    return action;
}

int MaskPanel::brushSize() const { return m_size->value(); }
void MaskPanel::setBrushSize(int pixels) { m_size->setValue(pixels); }
double MaskPanel::brushHardness() const { return m_hardness->value() / 100.0; }
void MaskPanel::setBrushHardness(double hardness) { m_hardness->setValue(static_cast<int>(std::lround(hardness * 100))); }
int MaskPanel::growPixels() const { return m_growBy->value(); }
int MaskPanel::featherRadius() const { return m_featherBy->value(); }

void MaskPanel::setOverlayColor(const QColor& color)
{
    m_color = color;
    m_colorButton->setIcon(swatch(color));
}

double MaskPanel::overlayOpacity() const { return m_opacity->value() / 100.0; }
void MaskPanel::setOverlayOpacity(double opacity) { m_opacity->setValue(static_cast<int>(std::lround(opacity * 100))); }

} // namespace muse::ui
