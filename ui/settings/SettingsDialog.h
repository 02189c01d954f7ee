#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace muse::ui {

class AppSettings;

// Device, precision, previews, language and autosave. Reads the settings when opened and
// writes them on accept(); the caller applies what changed.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(AppSettings& settings, QWidget* parent = nullptr);

    // Writes the widgets' values to the settings.
    void store();
    bool engineChanged() const { return m_engineChanged; }
    bool languageChanged() const { return m_languageChanged; }

    QComboBox* deviceBox() const { return m_device; }
    QComboBox* precisionBox() const { return m_precision; }
    QComboBox* languageBox() const { return m_language; }

    void accept() override;

private:
    AppSettings& m_settings;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QCheckBox* m_previews = nullptr;
    QDoubleSpinBox* m_previewInterval = nullptr;
    QComboBox* m_language = nullptr;
    QSpinBox* m_autosave = nullptr;
    bool m_engineChanged = false;
    bool m_languageChanged = false;
};

} // namespace muse::ui
