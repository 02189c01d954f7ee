#pragma once

#include "jobs/JobOutcome.h"
#include "jobs/JobProgress.h"
#include "muse/Engine.h"

#include <QObject>
#include <QString>

class QThread;

namespace muse::ui {

class EngineWorker;

// The GUI thread's handle on the engine: starts one long-lived thread, moves an EngineWorker
// onto it and talks to it with queued calls only. Tracks the model's state for the GUI.
class EngineHost : public QObject {
    Q_OBJECT

public:
    enum class ModelState { None, Loading, Ready, Failed };

    explicit EngineHost(const EngineOptions& options, QObject* parent = nullptr);
    ~EngineHost() override; // cancels the running job and waits for the thread

    EngineOptions options() const { return m_options; }
    // A new engine with these options; the model requested last is loaded again.
    void setOptions(const EngineOptions& options);

    // "" = the embedded default model.
    void loadModel(const QString& folder);
    ModelState modelState() const { return m_modelState; }
    const ModelDescription& model() const { return m_model; }
    QString modelFolder() const { return m_modelFolder; }
    QString modelError() const { return m_modelError; }
    bool hasRequestedModel() const { return m_modelRequested; }

    bool isBusy() const { return m_runningJob != 0; }
    quint64 runningJob() const { return m_runningJob; }
    void startJob(quint64 jobId, const AnyRequest& request);
    // Asks the running job to stop at its next step or stage boundary.
    void cancelRunningJob();

signals:
    void modelStateChanged(muse::ui::EngineHost::ModelState state);
    void modelLoadProgress(int step, int totalSteps);
    void jobStarted(quint64 jobId);
    void jobProgressed(quint64 jobId, const muse::ui::JobProgress& progress);
    void jobPreviewed(quint64 jobId, const QImage& preview, const QImage& confidence);
    void jobFinished(quint64 jobId, const muse::ui::JobOutcome& outcome);
    void jobFailed(quint64 jobId, const QString& message, bool cancelled);

private:
    void setModelState(ModelState state);

    EngineOptions m_options;
    QThread* m_thread = nullptr;
    EngineWorker* m_worker = nullptr;
    ModelState m_modelState = ModelState::None;
    ModelDescription m_model;
    QString m_modelFolder;
    QString m_modelError;
    bool m_modelRequested = false;
    int m_pendingLoads = 0;
    quint64 m_runningJob = 0;
};

} // namespace muse::ui
