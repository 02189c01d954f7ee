#pragma once

#include "muse/Engine.h"

#include <QByteArray>
#include <QColor>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

namespace muse::ui {

// Typed access to the app's QSettings. Every key and its default is written down once, here.
class AppSettings {
public:
    // The application's settings (organisation / application name from QCoreApplication).
    AppSettings();
    // An INI file (tests, portable installs).
    explicit AppSettings(const QString& iniPath);
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    static constexpr int kMaxRecentFiles = 10;
    static constexpr int kMaxRecentModels = 8;

    // Engine (take effect when applied: a new engine, the model reloaded).
    QString device() const;                 // "auto", "cpu", "cuda", "cuda:N"
    void setDevice(const QString& device);
    Precision precision() const;
    void setPrecision(Precision precision);
    bool previews() const;
    void setPreviews(bool on);
    double previewIntervalSeconds() const;
    void setPreviewIntervalSeconds(double seconds);
    EngineOptions engineOptions() const;

    // Model: "" = the embedded default.
    QString modelFolder() const;
    void setModelFolder(const QString& folder);
    QStringList recentModelFolders() const;
    void addRecentModelFolder(const QString& folder);

    QString language() const; // "" = the system's
    void setLanguage(const QString& language);

    QStringList recentFiles() const;
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);
    QString lastDirectory() const;
    void setLastDirectory(const QString& dir);

    int autosaveSeconds() const; // 0 = off
    void setAutosaveSeconds(int seconds);

    QColor maskColor() const;
    void setMaskColor(const QColor& color);
    double maskOpacity() const;
    void setMaskOpacity(double opacity);
    int brushSize() const;
    void setBrushSize(int pixels);
    double brushHardness() const;
    void setBrushHardness(double hardness);
    bool showTokenGrid() const;
    void setShowTokenGrid(bool on);
    bool showConfidence() const;
    void setShowConfidence(bool on);

    // The prompt panel's last request (requestToJson) and seed lock.
    QString lastRequestJson() const;
    void setLastRequestJson(const QString& json);
    bool seedLocked() const;
    void setSeedLocked(bool locked);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace muse::ui
