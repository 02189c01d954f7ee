#include "settings/AppSettings.h"

#include <QSettings>

#include <algorithm>

namespace muse::ui {

namespace {

constexpr auto kDevice = "engine/device";
constexpr auto kPrecision = "engine/precision";
constexpr auto kPreviews = "engine/previews";
constexpr auto kPreviewInterval = "engine/previewIntervalSeconds";
constexpr auto kModelFolder = "model/folder";
constexpr auto kRecentModels = "model/recentFolders";
constexpr auto kLanguage = "ui/language";
constexpr auto kRecentFiles = "files/recent";
constexpr auto kLastDirectory = "files/lastDirectory";
constexpr auto kAutosave = "document/autosaveSeconds";
constexpr auto kMaskColor = "mask/color";
constexpr auto kMaskOpacity = "mask/opacity";
constexpr auto kBrushSize = "mask/brushSize";
constexpr auto kBrushHardness = "mask/brushHardness";
constexpr auto kTokenGrid = "mask/showTokenGrid";
constexpr auto kConfidence = "canvas/showConfidence";
constexpr auto kLastRequest = "prompt/lastRequest";
constexpr auto kSeedLocked = "prompt/seedLocked";
constexpr auto kGeometry = "window/geometry";
constexpr auto kState = "window/state";

QStringList prepend(QStringList list, const QString& item, int max)
{
    list.removeAll(item);
    list.prepend(item);
    while (list.size() > max)
        list.removeLast();
    return list;
}

} // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString& iniPath) : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)) {}

AppSettings::~AppSettings() = default;

QString AppSettings::device() const { return m_settings->value(kDevice, QStringLiteral("auto")).toString(); }
void AppSettings::setDevice(const QString& device) { m_settings->setValue(kDevice, device); }

Precision AppSettings::precision() const
{
    const auto parsed = parsePrecision(m_settings->value(kPrecision, QStringLiteral("fp32")).toString().toStdString());
    return parsed ? *parsed : Precision::Float32;
}
void AppSettings::setPrecision(Precision precision) { m_settings->setValue(kPrecision, QString::fromLatin1(precisionName(precision))); }

bool AppSettings::previews() const { return m_settings->value(kPreviews, true).toBool(); }
void AppSettings::setPreviews(bool on) { m_settings->setValue(kPreviews, on); }

double AppSettings::previewIntervalSeconds() const
{
    return std::clamp(m_settings->value(kPreviewInterval, 0.25).toDouble(), 0.0, 10.0);
}
void AppSettings::setPreviewIntervalSeconds(double seconds) { m_settings->setValue(kPreviewInterval, seconds); }

EngineOptions AppSettings::engineOptions() const
{
    EngineOptions options;
    options.device = device().toStdString();
    options.precision = precision();
    options.previews = previews();
    options.previewIntervalSeconds = previewIntervalSeconds();
    return options;
}

QString AppSettings::modelFolder() const { return m_settings->value(kModelFolder, QString()).toString(); }
void AppSettings::setModelFolder(const QString& folder) { m_settings->setValue(kModelFolder, folder); }

QStringList AppSettings::recentModelFolders() const { return m_settings->value(kRecentModels).toStringList(); }
void AppSettings::addRecentModelFolder(const QString& folder)
{
    if (!folder.isEmpty())
        m_settings->setValue(kRecentModels, prepend(recentModelFolders(), folder, kMaxRecentModels));
}

QString AppSettings::language() const { return m_settings->value(kLanguage, QString()).toString(); }
void AppSettings::setLanguage(const QString& language) { m_settings->setValue(kLanguage, language); }

QStringList AppSettings::recentFiles() const { return m_settings->value(kRecentFiles).toStringList(); }
void AppSettings::addRecentFile(const QString& path)
{
    m_settings->setValue(kRecentFiles, prepend(recentFiles(), path, kMaxRecentFiles));
}
void AppSettings::removeRecentFile(const QString& path)
{
    QStringList list = recentFiles();
    list.removeAll(path);
    m_settings->setValue(kRecentFiles, list);
}

QString AppSettings::lastDirectory() const { return m_settings->value(kLastDirectory, QString()).toString(); }
void AppSettings::setLastDirectory(const QString& dir) { m_settings->setValue(kLastDirectory, dir); }

int AppSettings::autosaveSeconds() const { return std::max(0, m_settings->value(kAutosave, 60).toInt()); }
void AppSettings::setAutosaveSeconds(int seconds) { m_settings->setValue(kAutosave, seconds); }

QColor AppSettings::maskColor() const
{
    const QColor color(m_settings->value(kMaskColor, QStringLiteral("#ff2d55")).toString());
    return color.isValid() ? color : QColor(0xff, 0x2d, 0x55);
}
void AppSettings::setMaskColor(const QColor& color) { m_settings->setValue(kMaskColor, color.name()); }

double AppSettings::maskOpacity() const { return std::clamp(m_settings->value(kMaskOpacity, 0.5).toDouble(), 0.0, 1.0); }
void AppSettings::setMaskOpacity(double opacity) { m_settings->setValue(kMaskOpacity, opacity); }

int AppSettings::brushSize() const { return std::clamp(m_settings->value(kBrushSize, 40).toInt(), 1, 1000); }
void AppSettings::setBrushSize(int pixels) { m_settings->setValue(kBrushSize, pixels); }

double AppSettings::brushHardness() const { return std::clamp(m_settings->value(kBrushHardness, 0.7).toDouble(), 0.0, 1.0); }
void AppSettings::setBrushHardness(double hardness) { m_settings->setValue(kBrushHardness, hardness); }

bool AppSettings::showTokenGrid() const { return m_settings->value(kTokenGrid, false).toBool(); }
void AppSettings::setShowTokenGrid(bool on) { m_settings->setValue(kTokenGrid, on); }

bool AppSettings::showConfidence() const { return m_settings->value(kConfidence, false).toBool(); }
void AppSettings::setShowConfidence(bool on) { m_settings->setValue(kConfidence, on); }

QString AppSettings::lastRequestJson() const { return m_settings->value(kLastRequest, QString()).toString(); }
void AppSettings::setLastRequestJson(const QString& json) { m_settings->setValue(kLastRequest, json); }

bool AppSettings::seedLocked() const { return m_settings->value(kSeedLocked, false).toBool(); }
void AppSettings::setSeedLocked(bool locked) { m_settings->setValue(kSeedLocked, locked); }

QByteArray AppSettings::windowGeometry() const { return m_settings->value(kGeometry).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& geometry) { m_settings->setValue(kGeometry, geometry); }

QByteArray AppSettings::windowState() const { return m_settings->value(kState).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& state) { m_settings->setValue(kState, state); }

void AppSettings::sync() { m_settings->sync(); }

} // namespace muse::ui
