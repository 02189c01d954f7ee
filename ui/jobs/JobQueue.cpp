#include "jobs/JobQueue.h"

#include <algorithm>

namespace muse::ui {

JobQueue::JobQueue(EngineHost* host, QObject* parent) : QObject(parent), m_host(host)
{
    connect(host, &EngineHost::modelStateChanged, this, [this] { dispatch(); });
    connect(host, &EngineHost::jobStarted, this, [this](quint64 id) {
        if (Job* job = findJob(id)) {
            job->stageText = tr("Starting");
            emit jobChanged(id);
        }
    });
    connect(host, &EngineHost::jobProgressed, this, &JobQueue::onProgress);
    connect(host, &EngineHost::jobPreviewed, this, &JobQueue::jobPreviewed);
    connect(host, &EngineHost::jobFinished, this, [this](quint64 id, const JobOutcome& outcome) {
        if (Job* job = findJob(id)) {
            job->state = Job::State::Finished;
            job->fraction = 1.0;
            job->secondsLeft = 0;
            emit jobChanged(id);
            emit jobFinished(id, outcome);
        }
        dispatch();
    });
    connect(host, &EngineHost::jobFailed, this, [this](quint64 id, const QString& message, bool cancelled) {
        if (Job* job = findJob(id)) {
            job->state = cancelled ? Job::State::Cancelled : Job::State::Failed;
            job->error = message;
            emit jobChanged(id);
            if (cancelled)
                emit jobCancelled(id);
            else
                emit jobFailed(id, message);
        }
        dispatch();
    });
}

quint64 JobQueue::enqueue(Job job)
{
    job.id = m_nextId++;
    job.state = Job::State::Queued;
    m_jobs.append(job);
    emit jobAdded(job.id);
    dispatch();
    return job.id;
}

void JobQueue::cancel(quint64 id)
{
    Job* job = findJob(id);
    if (!job)
        return;
    if (job->state == Job::State::Queued) {
        job->state = Job::State::Cancelled;
        emit jobChanged(id);
        emit jobCancelled(id);
        if (activeCount() == 0)
            emit idle();
    } else if (job->state == Job::State::Running && m_host->runningJob() == id) {
        m_host->cancelRunningJob(); // the state changes when the engine reports back
    }
}

void JobQueue::cancelRunning()
{
    if (const Job* running = runningJob())
        cancel(running->id);
}

void JobQueue::cancelQueued()
{
    QList<quint64> ids;
    for (const Job& job : m_jobs)
        if (job.state == Job::State::Queued)
            ids.append(job.id);
    for (quint64 id : ids)
        cancel(id);
}

void JobQueue::cancelAll()
{
    cancelQueued();
    cancelRunning();
}

void JobQueue::clearInactive()
{
    for (int i = m_jobs.size() - 1; i >= 0; --i) {
        if (!m_jobs[i].isActive()) {
            const quint64 id = m_jobs[i].id;
            m_jobs.removeAt(i);
            emit jobRemoved(id);
        }
    }
}

const Job* JobQueue::job(quint64 id) const
{
    auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [id](const Job& j) { return j.id == id; });
    return it == m_jobs.end() ? nullptr : &*it;
}

Job* JobQueue::findJob(quint64 id) { return const_cast<Job*>(std::as_const(*this).job(id)); }

const Job* JobQueue::runningJob() const
{
    auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [](const Job& j) { return j.state == Job::State::Running; });
    return it == m_jobs.end() ? nullptr : &*it;
}

int JobQueue::activeCount() const
{
    return static_cast<int>(std::count_if(m_jobs.begin(), m_jobs.end(), [](const Job& j) { return j.isActive(); }));
}

void JobQueue::dispatch()
{
    if (m_host->isBusy() || m_host->modelState() == EngineHost::ModelState::Loading)
        return;
    auto next = std::find_if(m_jobs.begin(), m_jobs.end(), [](const Job& j) { return j.state == Job::State::Queued; });
    if (next == m_jobs.end()) {
        emit idle();
        return;
    }
    next->state = Job::State::Running;
    next->stageText = tr("Waiting for the engine");
    emit jobChanged(next->id);
    m_host->startJob(next->id, next->request);
}

int JobQueue::expectedSuperResSteps(const Job& job) const
{
    const ModelDescription& model = m_host->model();
    if (!model.hasSuperRes)
        return 0;
    const int requested = requestSettings(job.request).superResSteps;
    return requested > 0 ? requested : model.defaultSuperResSteps;
}

int JobQueue::expectedBaseSteps(const Job& job) const
{
    const int requested = requestSettings(job.request).steps;
    return requested > 0 ? requested : m_host->model().defaultSteps;
}

double JobQueue::estimateSecondsLeft(const JobProgress& p, int superResStepsToCome, int imagesToCome, int stepsPerImage)
{
    if (!p.isDecodingStep() || p.step <= 0)
        return -1;
    const double perStep = p.stepSeconds > 0 ? p.stepSeconds : p.elapsedSeconds / p.step;
    int stepsLeft = std::max(0, p.totalSteps - p.step);
    if (p.stage == Stage::Base)
        stepsLeft += superResStepsToCome;
    stepsLeft += std::max(0, imagesToCome) * std::max(0, stepsPerImage);
    return perStep * stepsLeft;
}

double JobQueue::progressFraction(const JobProgress& p, int baseSteps, int superResSteps, int imageIndex, int imageCount)
{
    const int perImage = std::max(1, baseSteps + superResSteps);
    int done = 0;
    if (p.stage == Stage::Base)
        done = p.step;
    else if (p.stage == Stage::SuperRes)
        done = baseSteps + p.step;
    else if (p.stage == Stage::Decoding || p.stage == Stage::Compositing || p.stage == Stage::Done)
        done = perImage;
    done = std::min(done, perImage);
    const int images = std::max(1, imageCount);
    const double fraction = (std::clamp(imageIndex, 0, images - 1) * perImage + done) / double(images * perImage);
    return std::clamp(fraction, 0.0, 1.0);
}

void JobQueue::onProgress(quint64 id, const JobProgress& progress)
{
    Job* job = findJob(id);
    if (!job)
        return;
    if (progress.stage == Stage::Base) {
        // Base steps starting over (or after a super-res stage) mean the next image of the batch.
        if (progress.step <= job->lastBaseStep || job->sawSuperRes)
            ++job->imageIndex;
        job->lastBaseStep = progress.step;
        job->sawSuperRes = false;
    } else if (progress.stage == Stage::SuperRes) {
        job->sawSuperRes = true;
    }
    const int superRes = expectedSuperResSteps(*job);
    int base = expectedBaseSteps(*job);
    if (progress.stage == Stage::Base && progress.totalSteps > 0)
        base = progress.totalSteps;
    const int images = std::max(1, requestSettings(job->request).numImages);
    job->stageText = stageLabel(progress.stage);
    if (images > 1)
        job->stageText = tr("%1 (image %2 of %3)").arg(job->stageText).arg(std::min(job->imageIndex + 1, images)).arg(images);
    job->fraction = std::max(job->fraction, progressFraction(progress, base, superRes, job->imageIndex, images));
    const double left = estimateSecondsLeft(progress, superRes, images - 1 - job->imageIndex, base + superRes);
    if (left >= 0)
        job->secondsLeft = left;
    emit jobChanged(id);
    emit jobProgressed(id, progress);
}

} // namespace muse::ui

namespace muse::ui {

QString JobQueue::stageLabel(Stage stage)
{
    switch (stage) {
    case Stage::LoadingModel: return tr("Loading the model");
    case Stage::EncodingText: return tr("Encoding the prompt");
    case Stage::Base: return tr("Decoding tokens");
    case Stage::SuperRes: return tr("Super-resolution");
    case Stage::Decoding: return tr("Decoding pixels");
    case Stage::Compositing: return tr("Compositing");
    case Stage::Done: return tr("Done");
    }
    return {};
}

} // namespace muse::ui
