#include "session/SessionRecovery.h"

#include "document/ImageConvert.h"
#include "muse/Image.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace muse::ui {

SessionRecovery::SessionRecovery(const QString& directory) : m_directory(directory) {}

SessionRecovery::~SessionRecovery() = default;

QString SessionRecovery::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/session");
}

QString SessionRecovery::path(const char* name) const { return m_directory + QLatin1Char('/') + QLatin1String(name); }

bool SessionRecovery::begin()
{
    QDir().mkpath(m_directory);
    m_lock = std::make_unique<QLockFile>(path("instance.lock"));
    m_lock->setStaleLockTime(0); // stale only when its process is gone, however old
    if (!m_lock->tryLock(0)) {
        m_lock.reset();
        return false;
    }
    m_crashed = QFile::exists(path("running"));
    QFile marker(path("running"));
    marker.open(QIODevice::WriteOnly | QIODevice::Truncate);
    marker.write(QByteArray::number(QCoreApplication::applicationPid()));
    m_active = true;
    return true;
}

bool SessionRecovery::hasAutosave() const { return QFile::exists(path("autosave.json")); }

Result<SessionRecovery::Saved> SessionRecovery::loadAutosave() const
{
    QFile file(path("autosave.json"));
    if (!file.open(QIODevice::ReadOnly))
        return Status(ErrorCode::NotFound, path("autosave.json").toStdString() + ": no autosave");
    const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
    if (state.isEmpty())
        return Status(ErrorCode::CorruptFile, path("autosave.json").toStdString() + ": not a JSON object");
    Saved saved;
    TextChunks metadata;
    auto image = readImage(path("autosave-image.png").toStdString(), &metadata);
    if (!image)
        return image.status();
    saved.image = toQImage(*image).convertToFormat(QImage::Format_RGB888);
    saved.metadata = std::move(metadata);
    if (auto mask = readImage(path("autosave-mask.png").toStdString()))
        saved.mask = toQImage(*mask).convertToFormat(QImage::Format_Grayscale8);
    const QJsonArray m = state.value(QStringLiteral("margins")).toArray();
    if (m.size() == 4)
        saved.margins = QMargins(m[0].toInt(), m[1].toInt(), m[2].toInt(), m[3].toInt());
    saved.filePath = state.value(QStringLiteral("filePath")).toString();
    saved.historyPath = state.value(QStringLiteral("historyPath")).toString();
    saved.savedAt = QDateTime::fromString(state.value(QStringLiteral("savedAt")).toString(), Qt::ISODate);
    return saved;
}

Status SessionRecovery::save(const Document& document, const QString& historyPath)
{
    if (!m_active)
        return Status(ErrorCode::InvalidArgument, "the session is not active");
    if (document.isEmpty()) {
        discardAutosave();
        return Status::ok();
    }
    MUSE_RETURN_IF_ERROR(writePng(path("autosave-image.png").toStdString(), toMuseImage(document.image(), 3), document.metadata()));
    MUSE_RETURN_IF_ERROR(writePng(path("autosave-mask.png").toStdString(), toMuseImage(document.mask(), 1)));
    const QMargins m = document.margins();
    QJsonObject state{{QStringLiteral("margins"), QJsonArray{m.left(), m.top(), m.right(), m.bottom()}},
                      {QStringLiteral("filePath"), document.filePath()},
                      {QStringLiteral("historyPath"), historyPath},
                      {QStringLiteral("savedAt"), QDateTime::currentDateTime().toString(Qt::ISODate)}};
    // Written last: it names the two images, so a crash mid-save leaves the previous set usable.
    QSaveFile file(path("autosave.json"));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(state).toJson()) < 0 || !file.commit())
        return Status(ErrorCode::IoError, path("autosave.json").toStdString() + ": " + file.errorString().toStdString());
    return Status::ok();
}

void SessionRecovery::discardAutosave()
{
    QFile::remove(path("autosave.json"));
    QFile::remove(path("autosave-image.png"));
    QFile::remove(path("autosave-mask.png"));
}

void SessionRecovery::end()
{
    if (!m_active)
        return;
    discardAutosave();
    QFile::remove(path("running"));
    m_lock->unlock();
    m_lock.reset();
    m_active = false;
}

} // namespace muse::ui
