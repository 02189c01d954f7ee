#pragma once

#include "document/Document.h"
#include "muse/Status.h"

#include <QDateTime>
#include <QImage>
#include <QMargins>
#include <QString>

#include <memory>

class QLockFile;

namespace muse::ui {

// Autosave and crash recovery. begin() takes an instance lock and leaves a "running" marker that
// only end() (a clean exit) removes; finding the marker at the next start means the last session
// crashed, and its autosaved document (image, mask, margins, history position) can be restored.
class SessionRecovery {
public:
    struct Saved {
        QImage image;
        QImage mask;
        QMargins margins;
        TextChunks metadata;
        QString filePath;
        QString historyPath; // the history entry that was selected
        QDateTime savedAt;
    };

    explicit SessionRecovery(const QString& directory);
    ~SessionRecovery();

    // AppDataLocation/session
    static QString defaultDirectory();

    // False when another running instance holds the lock: this one then neither autosaves nor recovers.
    bool begin();
    bool isActive() const { return m_active; }
    bool previousSessionCrashed() const { return m_crashed; }
    bool hasAutosave() const;
    Result<Saved> loadAutosave() const;
    Status save(const Document& document, const QString& historyPath);
    void discardAutosave();
    // A clean exit: removes the marker and the autosave, releases the lock.
    void end();

private:
    QString path(const char* name) const;

    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    bool m_active = false;
    bool m_crashed = false;
};

} // namespace muse::ui
