#include "settings/SettingsDialog.h"

#include "muse/Device.h"
#include "settings/AppSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace muse::ui {

SettingsDialog::SettingsDialog(AppSettings& settings, QWidget* parent) : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);

    auto* engine = new QGroupBox(tr("Engine"), this);
    auto* engineForm = new QFormLayout(engine);
    const DeviceInfo devices = queryDevices();
    m_device = new QComboBox(engine);
    m_device->addItem(tr("Automatic (CUDA when available)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU (%1 threads)").arg(devices.cpuThreads), QStringLiteral("cpu"));
    m_device->addItem(devices.cudaAvailable ? tr("CUDA") : tr("CUDA (not available)"), QStringLiteral("cuda"));
    for (int i = 1; i < devices.cudaDeviceCount; ++i)
        m_device->addItem(tr("CUDA device %1").arg(i), QStringLiteral("cuda:%1").arg(i));
    if (m_device->findData(settings.device()) < 0)
        m_device->addItem(settings.device(), settings.device());
    m_device->setCurrentIndex(m_device->findData(settings.device()));
    engineForm->addRow(tr("Device"), m_device);

    m_precision = new QComboBox(engine);
    m_precision->addItem(tr("fp32 (exact, slowest)"), static_cast<int>(Precision::Float32));
    m_precision->addItem(tr("fp16 (GPU)"), static_cast<int>(Precision::Float16));
    m_precision->addItem(tr("bf16"), static_cast<int>(Precision::BFloat16));
    m_precision->setCurrentIndex(m_precision->findData(static_cast<int>(settings.precision())));
    m_precision->setToolTip(tr("Text encoder and transformers; the image decoder always runs in fp32"));
    engineForm->addRow(tr("Precision"), m_precision);

    m_previews = new QCheckBox(tr("Show a preview of every decoding step"), engine);
    m_previews->setChecked(settings.previews());
    engineForm->addRow(m_previews);
    m_previewInterval = new QDoubleSpinBox(engine);
    m_previewInterval->setRange(0.0, 10.0);
    m_previewInterval->setSingleStep(0.05);
    m_previewInterval->setSuffix(tr(" s"));
    m_previewInterval->setValue(settings.previewIntervalSeconds());
    m_previewInterval->setToolTip(tr("At most one preview per interval (decoding a preview costs time)"));
    engineForm->addRow(tr("Preview interval"), m_previewInterval);
    layout->addWidget(engine);

    auto* general = new QGroupBox(tr("General"), this);
    auto* generalForm = new QFormLayout(general);
    m_language = new QComboBox(general);
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
    generalForm->addRow(tr("Language"), m_language);
    m_autosave = new QSpinBox(general);
    m_autosave->setRange(0, 3600);
    m_autosave->setSingleStep(15);
    m_autosave->setSuffix(tr(" s"));
    m_autosave->setSpecialValueText(tr("Off"));
    m_autosave->setValue(settings.autosaveSeconds());
    generalForm->addRow(tr("Autosave every"), m_autosave);
    layout->addWidget(general);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

void SettingsDialog::store()
{
    const EngineOptions before = m_settings.engineOptions();
    const QString languageBefore = m_settings.language();
    m_settings.setDevice(m_device->currentData().toString());
    m_settings.setPrecision(static_cast<Precision>(m_precision->currentData().toInt()));
    m_settings.setPreviews(m_previews->isChecked());
    m_settings.setPreviewIntervalSeconds(m_previewInterval->value());
    m_settings.setLanguage(m_language->currentData().toString());
    m_settings.setAutosaveSeconds(m_autosave->value());
    const EngineOptions after = m_settings.engineOptions();
    m_engineChanged = before.device != after.device || before.precision != after.precision ||
                      before.previews != after.previews || before.previewIntervalSeconds != after.previewIntervalSeconds;
    m_languageChanged = languageBefore != m_settings.language();
}

void SettingsDialog::accept()
{
    store();
    QDialog::accept();
}

} // namespace muse::ui
