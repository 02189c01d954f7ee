#pragma once

#include "history/HistoryEntry.h"
#include "jobs/JobOutcome.h"

#include <QObject>
#include <QVector>

template <typename T>
class QFutureWatcher;

namespace muse::ui {

// The results of every job as PNG files (with the result's metadata) in one folder, newest
// first. A result is written here before the GUI shows it, so nothing lives only in memory.
class HistoryStore : public QObject {
    Q_OBJECT

public:
    explicit HistoryStore(const QString& directory, QObject* parent = nullptr);
    ~HistoryStore() override;

    // AppDataLocation/history
    static QString defaultDirectory();
    QString directory() const { return m_directory; }
    static constexpr int kThumbnailSize = 128;

    // Writes each image of a finished job and adds it (first image first). `origin`: where the
    // results lie in the document. On a failed write the image is still added (in memory, path
    // empty) and `error` says why.
    QVector<HistoryEntry> addResult(quint64 jobId, const JobOutcome& outcome, QPoint origin, QString* error = nullptr);
    // Writes an input of a job (image or mask) under inputs/, for the request to name.
    QString writeInput(quint64 jobId, const QString& role, const QImage& image, int channels, QString* error = nullptr);

    const QVector<HistoryEntry>& entries() const { return m_entries; }
    const HistoryEntry* entry(int index) const;
    // Moves the file to the trash (or deletes it) and forgets the entry.
    bool remove(int index);

    // Reads the newest `maxEntries` PNGs of the folder in the background (thumbnails and
    // metadata); emits entriesReset when done.
    void loadExisting(int maxEntries = 200);
    bool isLoading() const;
    void waitForLoad();

    // The metadata of image `index` of a batch (the engine's request JSON for exactly that
    // image: its own seed, one image).
    static TextChunks metadataForImage(const GenerationResult& result, int index);

signals:
    void entryAdded(int index);
    void entryRemoved(int index);
    void entriesReset();

private:
    QString newStem(quint64 jobId) const;

    QString m_directory;
    QVector<HistoryEntry> m_entries;
    QFutureWatcher<QVector<HistoryEntry>>* m_loader = nullptr;
};

} // namespace muse::ui
