#pragma once

#include "jobs/EngineHost.h"
#include "jobs/Job.h"
#include "jobs/JobOutcome.h"
#include "jobs/JobProgress.h"

#include <QList>
#include <QObject>

namespace muse::ui {

// Jobs waiting for, running on and done with the engine thread. Hands one job at a time to the
// EngineHost; queued jobs can be cancelled individually (they never reach the engine), the
// running one through the engine's cancel token.
class JobQueue : public QObject {
    Q_OBJECT

public:
    explicit JobQueue(EngineHost* host, QObject* parent = nullptr);

    // `job.request` is run as given; id and state are assigned here. Returns the id.
    quint64 enqueue(Job job);
    void cancel(quint64 id);
    void cancelRunning();
    void cancelQueued();
    void cancelAll();
    // Forgets finished, failed and cancelled jobs.
    void clearInactive();

    const QList<Job>& jobs() const { return m_jobs; }
    const Job* job(quint64 id) const;
    const Job* runningJob() const;
    int activeCount() const;
    quint64 nextId() const { return m_nextId; }

    // Seconds left for a running job: the current stage's remaining steps plus the super-res
    // steps still to come, at the pace of the steps so far.
    // `imagesToCome`: images of the batch after the current one (each base + super-res steps).
    static double estimateSecondsLeft(const JobProgress& progress, int superResStepsToCome, int imagesToCome = 0,
                                      int stepsPerImage = 0);
    // 0..1 over base and super-res steps of every image of the batch.
    static double progressFraction(const JobProgress& progress, int baseSteps, int superResSteps, int imageIndex = 0,
                                   int imageCount = 1);
    static QString stageLabel(Stage stage);

signals:
    void jobAdded(quint64 id);
    void jobChanged(quint64 id);
    void jobRemoved(quint64 id);
    void jobProgressed(quint64 id, const muse::ui::JobProgress& progress);
    void jobPreviewed(quint64 id, const QImage& preview, const QImage& confidence);
    void jobFinished(quint64 id, const muse::ui::JobOutcome& outcome);
    void jobFailed(quint64 id, const QString& message);
    void jobCancelled(quint64 id);
    void idle(); // nothing queued or running any more

private:
    Job* findJob(quint64 id);
    void dispatch();
    void onProgress(quint64 id, const JobProgress& progress);
    int expectedSuperResSteps(const Job& job) const;
    int expectedBaseSteps(const Job& job) const;

    EngineHost* m_host;
    QList<Job> m_jobs;
    quint64 m_nextId = 1;
};

} // namespace muse::ui
