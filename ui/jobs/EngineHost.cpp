#include "jobs/EngineHost.h"

#include "jobs/EngineMetaTypes.h"
#include "jobs/EngineWorker.h"

#include <QThread>

namespace muse::ui {

EngineHost::EngineHost(const EngineOptions& options, QObject* parent) : QObject(parent), m_options(options)
{
    registerEngineMetaTypes();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("muse-engine"));
    m_worker = new EngineWorker(options);
    m_worker->moveToThread(m_thread);
    // Deleted on its own thread as that thread ends, so the engine's tensors are freed there.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &EngineWorker::modelLoadProgress, this, &EngineHost::modelLoadProgress);
    connect(m_worker, &EngineWorker::modelLoaded, this, [this](const ModelDescription& model) {
        if (--m_pendingLoads > 0)
            return; // a newer request is queued behind this one
        m_model = model;
        m_modelError.clear();
        setModelState(ModelState::Ready);
    });
    connect(m_worker, &EngineWorker::modelLoadFailed, this, [this](const QString&, const QString& message) {
        if (--m_pendingLoads > 0)
            return;
        m_model = {};
        m_modelError = message;
        setModelState(ModelState::Failed);
    });
    connect(m_worker, &EngineWorker::jobStarted, this, &EngineHost::jobStarted);
    connect(m_worker, &EngineWorker::jobProgressed, this, &EngineHost::jobProgressed);
    connect(m_worker, &EngineWorker::jobPreviewed, this, &EngineHost::jobPreviewed);
    connect(m_worker, &EngineWorker::jobFinished, this, [this](quint64 id, const JobOutcome& outcome) {
        m_runningJob = 0;
        emit jobFinished(id, outcome);
    });
    connect(m_worker, &EngineWorker::jobFailed, this, [this](quint64 id, const QString& message, bool cancelled) {
        m_runningJob = 0;
        emit jobFailed(id, message, cancelled);
    });
    m_thread->start();
}

EngineHost::~EngineHost()
{
    m_worker->requestCancel();
    m_thread->quit();
    m_thread->wait();
}

void EngineHost::setOptions(const EngineOptions& options)
{
    m_options = options;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, options] { w->configure(options); }, Qt::QueuedConnection);
    if (m_modelRequested)
        loadModel(m_modelFolder);
    else
        setModelState(ModelState::None);
}

void EngineHost::loadModel(const QString& folder)
{
    m_modelRequested = true;
    m_modelFolder = folder;
    ++m_pendingLoads;
    setModelState(ModelState::Loading);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, folder] { w->loadModel(folder); }, Qt::QueuedConnection);
}

void EngineHost::startJob(quint64 jobId, const AnyRequest& request)
{
    m_runningJob = jobId;
    m_worker->resetCancel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, jobId, request] { w->runJob(jobId, request); },
                              Qt::QueuedConnection);
}

void EngineHost::cancelRunningJob()
{
    if (m_runningJob != 0)
        m_worker->requestCancel();
}

void EngineHost::setModelState(ModelState state)
{
    m_modelState = state;
    emit modelStateChanged(state);
}

} // namespace muse::ui
