#pragma once

#include "jobs/JobOutcome.h"
#include "jobs/JobProgress.h"
#include "muse/Engine.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

namespace muse::ui {

// Lives on the engine's own thread and owns the muse::Engine (so every tensor is created, used
// and freed there). Driven only by queued calls; reports only through signals. No exception
// leaves a slot: anything the engine throws becomes jobFailed / modelLoadFailed.
class EngineWorker : public QObject {
    Q_OBJECT

public:
    explicit EngineWorker(const EngineOptions& options, QObject* parent = nullptr);
    ~EngineWorker() override;

    // Thread-safe. The host clears the token before it posts a job (not the worker when the job
    // starts), so a cancel pressed between posting and starting is not lost.
    void requestCancel();
    void resetCancel();

public slots:
    // Replaces the engine (device or precision changed); the model must be loaded again.
    void configure(const muse::EngineOptions& options);
    void loadModel(const QString& folder);
    void runJob(quint64 jobId, const muse::AnyRequest& request);

signals:
    void modelLoadProgress(int step, int totalSteps);
    void modelLoaded(const muse::ModelDescription& model);
    void modelLoadFailed(const QString& folder, const QString& message);
    void jobStarted(quint64 jobId);
    void jobProgressed(quint64 jobId, const muse::ui::JobProgress& progress);
    void jobPreviewed(quint64 jobId, const QImage& preview, const QImage& confidence);
    void jobFinished(quint64 jobId, const muse::ui::JobOutcome& outcome);
    void jobFailed(quint64 jobId, const QString& message, bool cancelled);

private:
    Engine& engine();

    EngineOptions m_options;
    std::unique_ptr<Engine> m_engine;
    CancelToken m_cancel;
};

} // namespace muse::ui
