#include "jobs/EngineWorker.h"

#include "document/ImageConvert.h"
#include "jobs/ErrorText.h"

#include <exception>

namespace muse::ui {

EngineWorker::EngineWorker(const EngineOptions& options, QObject* parent) : QObject(parent), m_options(options) {}

EngineWorker::~EngineWorker() = default;

void EngineWorker::requestCancel() { m_cancel.requestCancel(); }

void EngineWorker::resetCancel() { m_cancel.reset(); }

Engine& EngineWorker::engine()
{
    if (!m_engine)
        m_engine = std::make_unique<Engine>(m_options);
    return *m_engine;
}

void EngineWorker::configure(const muse::EngineOptions& options)
{
    m_options = options;
    m_engine.reset(); // created again, on this thread, at the next use
}

void EngineWorker::loadModel(const QString& folder)
{
    try {
        const Status status = engine().loadModel(folder.toStdString(), [this](const Progress& p) {
            emit modelLoadProgress(p.step, p.totalSteps);
        });
        if (status.isOk())
            emit modelLoaded(engine().model());
        else
            emit modelLoadFailed(folder, ErrorText::describe(status));
    } catch (const std::exception& e) {
        emit modelLoadFailed(folder, ErrorText::describe(Status(ErrorCode::Internal, e.what())));
    } catch (...) {
        emit modelLoadFailed(folder, ErrorText::describe(Status(ErrorCode::Internal, "unknown exception")));
    }
}

void EngineWorker::runJob(quint64 jobId, const muse::AnyRequest& request)
{
    emit jobStarted(jobId);
    try {
        const auto onProgress = [this, jobId](const Progress& p) {
            emit jobProgressed(jobId, JobProgress::from(p));
            if (p.preview || p.confidenceMap)
                emit jobPreviewed(jobId, p.preview ? toQImage(*p.preview) : QImage(),
                                  p.confidenceMap ? toQImage(*p.confidenceMap) : QImage());
        };
        Result<GenerationResult> result = engine().run(request, onProgress, &m_cancel);
        if (!result) {
            const bool cancelled = result.status().code() == ErrorCode::Cancelled;
            emit jobFailed(jobId, ErrorText::describe(result.status()), cancelled);
            return;
        }
        JobOutcome outcome;
        auto shared = std::make_shared<GenerationResult>(result.takeValue());
        for (const Image& image : shared->images)
            outcome.images.push_back(toQImage(image));
        outcome.result = std::move(shared);
        emit jobFinished(jobId, outcome);
    } catch (const std::exception& e) {
        emit jobFailed(jobId, ErrorText::describe(Status(ErrorCode::Internal, e.what())), false);
    } catch (...) {
        emit jobFailed(jobId, ErrorText::describe(Status(ErrorCode::Internal, "unknown exception")), false);
    }
}

} // namespace muse::ui
