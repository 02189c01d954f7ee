#pragma once

#include "muse/Engine.h"
#include "panels/GenerationMode.h"

#include <QMargins>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QToolButton;

namespace muse::ui {

// Prompt, seed, sampler settings and the mode with its own settings (size for Generate, growth
// and feather for Inpaint, margins for Outpaint, strength and iterations for Edit).
// Zero / "Default" values mean "the model's default", as in muse::PromptSettings.
class PromptPanel : public QWidget {
    Q_OBJECT

public:
    explicit PromptPanel(QWidget* parent = nullptr);

    GenerationMode mode() const;
    void setMode(GenerationMode mode);

    PromptSettings settings() const;
    void setSettings(const PromptSettings& settings);
    // The request of the current mode with every panel field; images, mask and margins come
    // from the document (MainWindow fills them in).
    AnyRequest requestTemplate() const;
    // Restores mode and fields (a dropped PNG, a history entry, the last session).
    void applyRequest(const AnyRequest& request);

    // Draws a new seed unless the seed is locked; returns the seed to use.
    quint64 takeSeed();
    bool isSeedLocked() const;
    void setSeedLocked(bool locked);
    void randomizeSeed();

    QMargins outpaintMargins() const;
    void setOutpaintMargins(QMargins margins); // no marginsEdited
    int growTokens() const;

    // Token size (steps of the size and margin fields) and the defaults shown.
    void setModel(const ModelDescription& model);
    void setGenerateEnabled(bool enabled);

signals:
    void generateRequested();
    void modeChanged(muse::ui::GenerationMode mode);
    void marginsEdited(QMargins margins);
    void growTokensChanged(int tokens);
    void fileDropped(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* createModePage(GenerationMode mode);
    void setTokenStep(int step);

    QButtonGroup* m_modeGroup = nullptr;
    QStackedWidget* m_modePages = nullptr;
    QPlainTextEdit* m_prompt = nullptr;
    QPlainTextEdit* m_negative = nullptr;
    QLineEdit* m_seed = nullptr;
    QToolButton* m_seedLock = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_superResSteps = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QComboBox* m_guidanceMode = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QComboBox* m_maskSchedule = nullptr;
    QSpinBox* m_numImages = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QSpinBox* m_growTokens = nullptr;
    QSpinBox* m_inpaintFeather = nullptr;
    QSpinBox* m_margin[4] = {};
    QComboBox* m_editMethod = nullptr;
    QDoubleSpinBox* m_strength = nullptr;
    QSpinBox* m_iterations = nullptr;
    QPushButton* m_generate = nullptr;
    bool m_syncingMargins = false;
    float m_aestheticScore = 6.0f; // not shown; kept so restored requests re-run exactly
};

} // namespace muse::ui
