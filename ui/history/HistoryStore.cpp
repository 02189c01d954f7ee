#include "history/HistoryStore.h"

#include "document/ImageConvert.h"
#include "muse/Image.h"
#include "muse/Requests.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <variant>

namespace muse::ui {

namespace {

// QFile::moveToTrash, but never into the working directory: Qt (6.4) falls back to the home trash
// $XDG_DATA_HOME/Trash without creating $XDG_DATA_HOME, and when that fails it trashes into
// QDir("") — the current directory (a test run from the source tree left files/ and info/ there).
bool moveToTrash(const QString& path)
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (data.isEmpty() || !QDir().mkpath(data + QStringLiteral("/Trash")))
        return false;
    return QFile::moveToTrash(path);
}

QString sourcePathOf(const TextChunks& metadata)
{
    auto it = metadata.find("muse");
    if (it == metadata.end())
        return {};
    const auto request = requestFromJson(it->second);
    if (!request)
        return {};
    return std::visit(
        [](const auto& r) -> QString {
            if constexpr (std::is_same_v<std::decay_t<decltype(r)>, GenerateRequest>)
                return {};
            else
                return QString::fromStdString(r.imagePath);
        },
        *request);
}

QImage thumbnailOf(const QImage& image)
{
    return image.scaled(HistoryStore::kThumbnailSize, HistoryStore::kThumbnailSize, Qt::KeepAspectRatio,
                        Qt::SmoothTransformation);
}

HistoryEntry readEntry(const QString& path)
{
    HistoryEntry entry;
    entry.path = path;
    entry.created = QFileInfo(path).lastModified();
    QImageReader reader(path);
    entry.size = reader.size();
    if (entry.size.isValid()) {
        reader.setScaledSize(entry.size.scaled(HistoryStore::kThumbnailSize, HistoryStore::kThumbnailSize, Qt::KeepAspectRatio));
        entry.thumbnail = reader.read();
    }
    if (auto text = readPngText(path.toStdString()))
        entry.metadata = *text;
    entry.sourcePath = sourcePathOf(entry.metadata);
    return entry;
}

} // namespace

HistoryStore::HistoryStore(const QString& directory, QObject* parent) : QObject(parent), m_directory(directory)
{
    QDir().mkpath(m_directory);
}

HistoryStore::~HistoryStore()
{
    if (m_loader)
        m_loader->waitForFinished();
}

QString HistoryStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history");
}

QString HistoryStore::newStem(quint64 jobId) const
{
    return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QStringLiteral("_j%1").arg(jobId);
}

TextChunks HistoryStore::metadataForImage(const GenerationResult& result, int index)
{
    if (index >= 0 && index < static_cast<int>(result.pngText.size()))
        return result.pngText[index];
    return {};
}

QVector<HistoryEntry> HistoryStore::addResult(quint64 jobId, const JobOutcome& outcome, QPoint origin, QString* error)
{
    QVector<HistoryEntry> added;
    if (!outcome.result)
        return added;
    QDir().mkpath(m_directory);
    const QString stem = newStem(jobId);
    for (int i = 0; i < outcome.images.size(); ++i) {
        HistoryEntry entry;
        entry.metadata = metadataForImage(*outcome.result, i);
        entry.size = outcome.images[i].size();
        entry.thumbnail = thumbnailOf(outcome.images[i]);
        entry.origin = origin;
        entry.sourcePath = sourcePathOf(entry.metadata);
        entry.created = QDateTime::currentDateTime();
        const QString path = QStringLiteral("%1/%2_%3.png").arg(m_directory, stem).arg(i);
        const Status status = writePng(path.toStdString(), outcome.result->images[i], entry.metadata);
        if (status.isOk()) {
            entry.path = path;
        } else {
            entry.unsavedImage = outcome.images[i];
            if (error)
                *error = QString::fromStdString(status.toString());
        }
        added.append(entry);
    }
    // Newest first; the first image of the batch leads.
    for (int i = added.size() - 1; i >= 0; --i) {
        m_entries.prepend(added[i]);
        emit entryAdded(0);
    }
    return added;
}

QString HistoryStore::writeInput(quint64 jobId, const QString& role, const QImage& image, int channels, QString* error)
{
    const QString dir = m_directory + QStringLiteral("/inputs");
    QDir().mkpath(dir);
    const QString path = QStringLiteral("%1/%2_%3.png").arg(dir, newStem(jobId), role);
    const Status status = writePng(path.toStdString(), toMuseImage(image, channels));
    if (!status.isOk()) {
        if (error)
            *error = QString::fromStdString(status.toString());
        return {};
    }
    return path;
}

const HistoryEntry* HistoryStore::entry(int index) const
{
    return index >= 0 && index < m_entries.size() ? &m_entries[index] : nullptr;
}

bool HistoryStore::remove(int index)
{
    if (index < 0 || index >= m_entries.size())
        return false;
    const QString path = m_entries[index].path;
    if (!path.isEmpty() && QFile::exists(path) && !moveToTrash(path) && !QFile::remove(path))
        return false;
    m_entries.removeAt(index);
    emit entryRemoved(index);
    return true;
}

void HistoryStore::loadExisting(int maxEntries)
{
    if (m_loader)
        return;
    m_loader = new QFutureWatcher<QVector<HistoryEntry>>(this);
    connect(m_loader, &QFutureWatcher<QVector<HistoryEntry>>::finished, this, [this] {
        const QVector<HistoryEntry> loaded = m_loader->result();
        m_loader->deleteLater();
        m_loader = nullptr;
        for (const HistoryEntry& e : loaded) {
            const bool known = std::any_of(m_entries.begin(), m_entries.end(), [&](const HistoryEntry& x) { return x.path == e.path; });
            if (!known)
                m_entries.append(e);
        }
        emit entriesReset();
    });
    const QString dir = m_directory;
    m_loader->setFuture(QtConcurrent::run([dir, maxEntries] {
        QVector<HistoryEntry> loaded;
        const QFileInfoList files =
            QDir(dir).entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Name | QDir::Reversed);
        for (const QFileInfo& info : files) {
            if (loaded.size() >= maxEntries)
                break;
            loaded.append(readEntry(info.absoluteFilePath()));
        }
        return loaded;
    }));
}

bool HistoryStore::isLoading() const { return m_loader != nullptr; }

void HistoryStore::waitForLoad()
{
    if (m_loader)
        m_loader->waitForFinished();
}

} // namespace muse::ui
