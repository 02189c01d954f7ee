#include "panels/PromptPanel.h"

#include "io/ImageFiles.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <variant>

namespace muse::ui {

namespace {

QPlainTextEdit* textEdit(int lines, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    const int lineHeight = edit->fontMetrics().lineSpacing();
    edit->setFixedHeight(lineHeight * lines + 14);
    return edit;
}

QSpinBox* spinBox(int min, int max, int value, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(value);
    return box;
}

} // namespace

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent)
{
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);

    auto* modeRow = new QHBoxLayout;
    modeRow->setSpacing(0);
    m_modeGroup = new QButtonGroup(this);
    const QString modeNames[] = {tr("Generate"), tr("Inpaint"), tr("Outpaint"), tr("Edit")};
    const QString modeTips[] = {tr("A new image from the prompt"), tr("Regenerate the masked part of the image"),
                                tr("Extend the canvas and fill the new area"),
                                tr("Change the whole image towards the prompt, without a mask")};
    for (int i = 0; i < 4; ++i) {
        auto* button = new QPushButton(modeNames[i], this);
        button->setCheckable(true);
        button->setToolTip(modeTips[i]);
        m_modeGroup->addButton(button, i);
        modeRow->addWidget(button);
    }
    m_modeGroup->button(0)->setChecked(true);
    layout->addLayout(modeRow);

    m_prompt = textEdit(4, tr("Describe the image…"), this);
    m_negative = textEdit(2, tr("Negative prompt: what to avoid (optional)"), this);
    layout->addWidget(new QLabel(tr("Prompt"), this));
    layout->addWidget(m_prompt);
    layout->addWidget(new QLabel(tr("Negative prompt"), this));
    layout->addWidget(m_negative);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* seedRow = new QHBoxLayout;
    m_seed = new QLineEdit(QStringLiteral("0"), this);
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), m_seed));
    m_seed->setToolTip(tr("The same seed and settings give the same image"));
    m_seedLock = new QToolButton(this);
    m_seedLock->setText(tr("Lock"));
    m_seedLock->setCheckable(true);
    m_seedLock->setToolTip(tr("Keep this seed for the next jobs (otherwise every job draws a new one)"));
    auto* dice = new QToolButton(this);
    dice->setText(tr("New"));
    dice->setToolTip(tr("Draw a new random seed"));
    connect(dice, &QToolButton::clicked, this, &PromptPanel::randomizeSeed);
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(m_seedLock);
    seedRow->addWidget(dice);
    form->addRow(tr("Seed"), seedRow);

    m_steps = spinBox(0, 1000, 0, this);
    m_steps->setSpecialValueText(tr("Default"));
    m_steps->setToolTip(tr("Parallel decoding steps of the base transformer"));
    form->addRow(tr("Steps"), m_steps);
    m_superResSteps = spinBox(0, 1000, 0, this);
    m_superResSteps->setSpecialValueText(tr("Default"));
    m_superResSteps->setToolTip(tr("Decoding steps of the super-resolution transformer (Muse models only)"));
    form->addRow(tr("Super-res steps"), m_superResSteps);

    m_guidance = new QDoubleSpinBox(this);
    m_guidance->setRange(0.0, 100.0);
    m_guidance->setSingleStep(0.5);
    m_guidance->setDecimals(1);
    m_guidance->setSpecialValueText(tr("Default"));
    m_guidance->setToolTip(tr("Classifier-free guidance: how strongly the image follows the prompt (1 = off)"));
    form->addRow(tr("Guidance scale"), m_guidance);
    m_guidanceMode = new QComboBox(this);
    m_guidanceMode->addItem(tr("Model default"), static_cast<int>(GuidanceMode::ModelDefault));
    m_guidanceMode->addItem(tr("Constant"), static_cast<int>(GuidanceMode::Constant));
    m_guidanceMode->addItem(tr("Linear (rising)"), static_cast<int>(GuidanceMode::Linear));
    form->addRow(tr("Guidance schedule"), m_guidanceMode);

    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0.0, 100.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(2.0);
    m_temperature->setToolTip(tr("Randomness of the token choice at the first step; it falls to 0 by the last"));
    form->addRow(tr("Temperature"), m_temperature);
    m_maskSchedule = new QComboBox(this);
    m_maskSchedule->addItem(tr("Cosine"), QStringLiteral("cosine"));
    m_maskSchedule->addItem(tr("Linear"), QStringLiteral("linear"));
    m_maskSchedule->setToolTip(tr("How many tokens stay masked after each step"));
    form->addRow(tr("Mask schedule"), m_maskSchedule);
    m_numImages = spinBox(1, 16, 1, this);
    form->addRow(tr("Images"), m_numImages);
    layout->addLayout(form);

    m_modePages = new QStackedWidget(this);
    for (int i = 0; i < 4; ++i)
        m_modePages->addWidget(createModePage(static_cast<GenerationMode>(i)));
    layout->addWidget(m_modePages);

    m_generate = new QPushButton(tr("Generate"), this);
    m_generate->setToolTip(tr("Queue a job with these settings (Ctrl+Return)"));
    QFont bold = m_generate->font();
    bold.setBold(true);
    m_generate->setFont(bold);
    m_generate->setMinimumHeight(34);
    connect(m_generate, &QPushButton::clicked, this, &PromptPanel::generateRequested);
    layout->addWidget(m_generate);
    layout->addStretch(1);

    connect(m_modeGroup, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (!checked)
            return;
        m_modePages->setCurrentIndex(id);
        emit modeChanged(static_cast<GenerationMode>(id));
    });
    setTokenStep(16);
}

QWidget* PromptPanel::createModePage(GenerationMode mode)
{
    auto* box = new QGroupBox(this);
    auto* form = new QFormLayout(box);
    // Muse models read the prompt as a caption of the whole picture (they were trained on captions of
    // whole images): naming only what the mask should get leaves the rest unexplained, and our own
    // model then erases or scatters objects (inpainting 45 % right with such prompts, 76 % with the
    // whole scene's caption; docs/training.md, "Fifteenth session").
    auto addHint = [&](const QString& text) {
        auto* hint = new QLabel(text, box);
        hint->setWordWrap(true);
        hint->setObjectName(QStringLiteral("modeHint"));
        form->addRow(hint);
    };
    switch (mode) {
    case GenerationMode::Generate:
        box->setTitle(tr("Size"));
        m_width = spinBox(0, 4096, 0, box);
        m_height = spinBox(0, 4096, 0, box);
        m_width->setSpecialValueText(tr("Native"));
        m_height->setSpecialValueText(tr("Native"));
        m_width->setSuffix(tr(" px"));
        m_height->setSuffix(tr(" px"));
        form->addRow(tr("Width"), m_width);
        form->addRow(tr("Height"), m_height);
        break;
    case GenerationMode::Inpaint:
        box->setTitle(tr("Inpaint"));
        m_growTokens = spinBox(0, 64, 0, box);
        m_growTokens->setToolTip(tr("Regenerate this many extra tokens around the mask"));
        form->addRow(tr("Grow tokens"), m_growTokens);
        m_inpaintFeather = spinBox(0, 256, 8, box);
        m_inpaintFeather->setSuffix(tr(" px"));
        m_inpaintFeather->setToolTip(tr("Soft edge when the result is blended into the original"));
        form->addRow(tr("Feather"), m_inpaintFeather);
        connect(m_growTokens, &QSpinBox::valueChanged, this, &PromptPanel::growTokensChanged);
        addHint(tr("Describe what the masked area should show, or the whole image as it should look."));
        break;
    case GenerationMode::Outpaint: {
        box->setTitle(tr("Outpaint"));
        const QString names[] = {tr("Left"), tr("Top"), tr("Right"), tr("Bottom")};
        for (int i = 0; i < 4; ++i) {
            m_margin[i] = spinBox(0, 4096, 0, box);
            m_margin[i]->setSuffix(tr(" px"));
            form->addRow(names[i], m_margin[i]);
            connect(m_margin[i], &QSpinBox::valueChanged, this, [this] {
                if (!m_syncingMargins)
                    emit marginsEdited(outpaintMargins());
            });
        }
        addHint(tr("Or drag the handles on the canvas edges."));
        addHint(tr("Describe the whole extended image, not only the new part."));
        break;
    }
    case GenerationMode::Edit:
        box->setTitle(tr("Edit"));
        m_editMethod = new QComboBox(box);
        m_editMethod->addItem(tr("Targeted"), static_cast<int>(EditMethod::Targeted));
        m_editMethod->addItem(tr("Resample (Muse)"), static_cast<int>(EditMethod::Resample));
        m_editMethod->addItem(tr("Image to image (aMUSEd)"), static_cast<int>(EditMethod::Img2Img));
        m_editMethod->setToolTip(tr("Targeted: regenerates the parts of the image the new prompt disagrees with. "
                                    "Resample: rounds that re-mask and re-predict random tokens. "
                                    "Image to image: masks tokens as far into the schedule as the strength says."));
        form->addRow(tr("Method"), m_editMethod);
        m_strength = new QDoubleSpinBox(box);
        m_strength->setRange(0.01, 1.0);
        m_strength->setSingleStep(0.05);
        m_strength->setValue(0.5);
        m_strength->setToolTip(tr("The largest share of tokens allowed to change"));
        form->addRow(tr("Strength"), m_strength);
        m_iterations = spinBox(1, 200, 8, box);
        m_iterations->setToolTip(tr("Resampling rounds"));
        form->addRow(tr("Iterations"), m_iterations);
        auto iterationsApply = [this] {
            m_iterations->setEnabled(m_editMethod->currentData().toInt() == static_cast<int>(EditMethod::Resample));
        };
        connect(m_editMethod, &QComboBox::currentIndexChanged, this, iterationsApply);
        iterationsApply();
        addHint(tr("Describe the whole image as it should look after the change."));
        break;
    }
    return box;
}

GenerationMode PromptPanel::mode() const { return static_cast<GenerationMode>(m_modeGroup->checkedId()); }

void PromptPanel::setMode(GenerationMode mode) { m_modeGroup->button(static_cast<int>(mode))->setChecked(true); }

PromptSettings PromptPanel::settings() const
{
    PromptSettings s;
    s.prompt = m_prompt->toPlainText().toStdString();
    s.negativePrompt = m_negative->toPlainText().toStdString();
    s.seed = m_seed->text().toULongLong();
    s.steps = m_steps->value();
    s.superResSteps = m_superResSteps->value();
    s.guidanceScale = m_guidance->value() == m_guidance->minimum() ? -1.0f : static_cast<float>(m_guidance->value());
    s.guidanceMode = static_cast<GuidanceMode>(m_guidanceMode->currentData().toInt());
    s.temperature = static_cast<float>(m_temperature->value());
    s.maskSchedule = m_maskSchedule->currentData().toString().toStdString();
    s.numImages = m_numImages->value();
    s.aestheticScore = m_aestheticScore;
    return s;
}

void PromptPanel::setSettings(const PromptSettings& s)
{
    m_prompt->setPlainText(QString::fromStdString(s.prompt));
    m_negative->setPlainText(QString::fromStdString(s.negativePrompt));
    m_seed->setText(QString::number(s.seed));
    m_steps->setValue(s.steps);
    m_superResSteps->setValue(s.superResSteps);
    m_guidance->setValue(s.guidanceScale < 0 ? m_guidance->minimum() : s.guidanceScale);
    m_guidanceMode->setCurrentIndex(std::max(0, m_guidanceMode->findData(static_cast<int>(s.guidanceMode))));
    m_temperature->setValue(s.temperature);
    m_maskSchedule->setCurrentIndex(std::max(0, m_maskSchedule->findData(QString::fromStdString(s.maskSchedule))));
    m_numImages->setValue(s.numImages);
    m_aestheticScore = s.aestheticScore;
}

AnyRequest PromptPanel::requestTemplate() const
{
    switch (mode()) {
    case GenerationMode::Generate: {
        GenerateRequest r;
        r.settings = settings();
        r.width = m_width->value();
        r.height = m_height->value();
        return r;
    }
    case GenerationMode::Inpaint: {
        InpaintRequest r;
        r.settings = settings();
        r.growTokens = m_growTokens->value();
        r.featherPixels = m_inpaintFeather->value();
        return r;
    }
    case GenerationMode::Outpaint: {
        OutpaintRequest r;
        r.settings = settings();
        const QMargins m = outpaintMargins();
        r.margins = Margins{m.left(), m.top(), m.right(), m.bottom()};
        return r;
    }
    case GenerationMode::Edit: {
        EditRequest r;
        r.settings = settings();
        r.method = static_cast<EditMethod>(m_editMethod->currentData().toInt());
        r.strength = static_cast<float>(m_strength->value());
        r.iterations = m_iterations->value();
        return r;
    }
    }
    return GenerateRequest{};
}

void PromptPanel::applyRequest(const AnyRequest& request)
{
    setSettings(requestSettings(request));
    std::visit(
        [this](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, GenerateRequest>) {
                m_width->setValue(r.width);
                m_height->setValue(r.height);
            } else if constexpr (std::is_same_v<T, InpaintRequest>) {
                m_growTokens->setValue(r.growTokens);
                m_inpaintFeather->setValue(r.featherPixels);
            } else if constexpr (std::is_same_v<T, OutpaintRequest>) {
                setOutpaintMargins(QMargins(r.margins.left, r.margins.top, r.margins.right, r.margins.bottom));
            } else {
                m_editMethod->setCurrentIndex(std::max(0, m_editMethod->findData(static_cast<int>(r.method))));
                m_strength->setValue(r.strength);
                m_iterations->setValue(r.iterations);
            }
        },
        request);
    setMode(static_cast<GenerationMode>(request.index()));
}

quint64 PromptPanel::takeSeed()
{
    if (!isSeedLocked())
        randomizeSeed();
    return m_seed->text().toULongLong();
}

bool PromptPanel::isSeedLocked() const { return m_seedLock->isChecked(); }

void PromptPanel::setSeedLocked(bool locked) { m_seedLock->setChecked(locked); }

void PromptPanel::randomizeSeed() { m_seed->setText(QString::number(QRandomGenerator::global()->generate())); }

QMargins PromptPanel::outpaintMargins() const
{
    return QMargins(m_margin[0]->value(), m_margin[1]->value(), m_margin[2]->value(), m_margin[3]->value());
}

void PromptPanel::setOutpaintMargins(QMargins margins)
{
    m_syncingMargins = true;
    m_margin[0]->setValue(margins.left());
    m_margin[1]->setValue(margins.top());
    m_margin[2]->setValue(margins.right());
    m_margin[3]->setValue(margins.bottom());
    m_syncingMargins = false;
}

int PromptPanel::growTokens() const { return m_growTokens->value(); }

void PromptPanel::setTokenStep(int step)
{
    for (QSpinBox* box : {m_width, m_height, m_margin[0], m_margin[1], m_margin[2], m_margin[3]})
        box->setSingleStep(step);
}

void PromptPanel::setModel(const ModelDescription& model)
{
    setTokenStep(std::max(1, model.tokenSize));
    m_steps->setSpecialValueText(tr("Default (%1)").arg(model.defaultSteps));
    m_superResSteps->setSpecialValueText(model.hasSuperRes ? tr("Default (%1)").arg(model.defaultSuperResSteps) : tr("None"));
    m_superResSteps->setEnabled(model.hasSuperRes);
    m_guidance->setSpecialValueText(tr("Default (%1)").arg(model.defaultGuidance, 0, 'g', 3));
    m_width->setSpecialValueText(tr("Native (%1)").arg(model.nativeWidth));
    m_height->setSpecialValueText(tr("Native (%1)").arg(model.nativeHeight));
}

void PromptPanel::setGenerateEnabled(bool enabled) { m_generate->setEnabled(enabled); }

void PromptPanel::dragEnterEvent(QDragEnterEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && ImageFiles::isSupported(url.toLocalFile())) {
            event->acceptProposedAction();
            return;
        }
}

void PromptPanel::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && ImageFiles::isSupported(url.toLocalFile())) {
            emit fileDropped(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
}

} // namespace muse::ui
