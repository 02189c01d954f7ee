#include "jobs/JobController.h"

#include "canvas/CanvasView.h"
#include "document/Document.h"
#include "document/ExtendCanvasCommand.h"
#include "document/ReplaceImageCommand.h"
#include "history/HistoryStore.h"
#include "jobs/EngineHost.h"
#include "jobs/ErrorText.h"
#include "jobs/JobQueue.h"
#include "jobs/RequestBuilder.h"
#include "panels/HistoryStrip.h"
#include "panels/PromptPanel.h"
#include "panels/StepStatsPlot.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>
#include <QUndoStack>

#include <cmath>
#include <variant>

namespace muse::ui {

JobController::JobController(const Parts& parts, QObject* parent) : QObject(parent), m_parts(parts)
{
    createActions();
    createStatusWidgets();
    JobQueue* queue = parts.queue;
    connect(queue, &JobQueue::jobChanged, this, &JobController::updateJobStatus);
    connect(queue, &JobQueue::jobAdded, this, &JobController::updateJobStatus);
    connect(queue, &JobQueue::jobProgressed, this, &JobController::onJobProgress);
    connect(queue, &JobQueue::jobPreviewed, this, &JobController::onJobPreview);
    connect(queue, &JobQueue::jobFinished, this, &JobController::onJobFinished);
    connect(queue, &JobQueue::jobFailed, this, &JobController::onJobEnded);
    connect(queue, &JobQueue::jobCancelled, this, [this](quint64 id) { onJobEnded(id, tr("Cancelled.")); });
    connect(parts.engine, &EngineHost::jobStarted, parts.plot, &StepStatsPlot::startJob);
    connect(parts.historyStrip, &HistoryStrip::currentChanged, this, &JobController::stageHistoryEntry);
    connect(parts.historyStrip, &HistoryStrip::activated, this, [this](int) { applyStaged(); });
    connect(parts.document, &Document::contentChanged, this, &JobController::updateResultActions);
    updateResultActions();
}

void JobController::createActions()
{
    m_generate = new QAction(tr("&Generate"), this);
    m_generate->setObjectName(QStringLiteral("actionGenerate"));
    m_generate->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(m_generate, &QAction::triggered, this, &JobController::generate);
    m_cancel = new QAction(tr("&Cancel Current Job"), this);
    m_cancel->setObjectName(QStringLiteral("actionCancel"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_cancel, &QAction::triggered, this, &JobController::cancelOrUnstage);
    m_cancelQueued = new QAction(tr("Cancel &Queued Jobs"), this);
    connect(m_cancelQueued, &QAction::triggered, m_parts.queue, &JobQueue::cancelQueued);
    m_cancelAll = new QAction(tr("Cancel &All Jobs"), this);
    connect(m_cancelAll, &QAction::triggered, m_parts.queue, &JobQueue::cancelAll);

    m_apply = new QAction(tr("&Apply"), this);
    m_apply->setObjectName(QStringLiteral("actionApply"));
    m_apply->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_apply->setToolTip(tr("Make the selected result the image (undoable)"));
    connect(m_apply, &QAction::triggered, this, &JobController::applyStaged);
    m_compare = new QAction(tr("Show &Original"), this);
    m_compare->setObjectName(QStringLiteral("actionShowOriginal"));
    m_compare->setCheckable(true);
    m_compare->setShortcut(QKeySequence(Qt::Key_C));
    m_compare->setToolTip(tr("Toggle between the result and the image it was made from (C)"));
    m_split = new QAction(tr("&Split View"), this);
    m_split->setObjectName(QStringLiteral("actionSplitView"));
    m_split->setCheckable(true);
    m_split->setShortcut(QKeySequence(Qt::Key_S));
    m_split->setToolTip(tr("Original on the left, result on the right; drag the line (S)"));
    connect(m_compare, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_split->setChecked(false);
        setCompareMode();
    });
    connect(m_split, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_compare->setChecked(false);
        setCompareMode();
    });
    m_rerun = new QAction(tr("&Re-run"), this);
    m_rerun->setObjectName(QStringLiteral("actionRerun"));
    m_rerun->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_rerun->setToolTip(tr("Queue the selected result's request again, exactly"));
    connect(m_rerun, &QAction::triggered, this, &JobController::rerunSelected);
    m_useParameters = new QAction(tr("&Use Parameters"), this);
    m_useParameters->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_useParameters->setToolTip(tr("Put the selected result's prompt and settings into the prompt panel"));
    connect(m_useParameters, &QAction::triggered, this, [this] {
        if (const HistoryEntry* entry = m_parts.history->entry(m_parts.historyStrip->currentIndex()))
            useRequestJson(entry->requestJson().toStdString());
    });
    m_delete = new QAction(tr("&Delete"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut); // only while the strip has focus
    m_delete->setToolTip(tr("Move the selected result's file to the trash"));
    connect(m_delete, &QAction::triggered, this, &JobController::deleteSelected);
    m_parts.historyStrip->setActions(resultActions());
}

QList<QAction*> JobController::resultActions() const
{
    return {m_apply, m_compare, m_split, m_rerun, m_useParameters, m_delete};
}

void JobController::createStatusWidgets()
{
    QWidget* parent = m_parts.statusBar;
    m_jobLabel = new QLabel(parent);
    m_progress = new QProgressBar(parent);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancelButton = new QToolButton(parent);
    m_cancelButton->setDefaultAction(m_cancel);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_parts.statusBar->addPermanentWidget(m_jobLabel);
    m_parts.statusBar->addPermanentWidget(m_progress);
    m_parts.statusBar->addPermanentWidget(m_cancelButton);
    updateJobStatus();
}

void JobController::generate()
{
    AnyRequest request = m_parts.prompt->requestTemplate();
    requestSettings(request).seed = m_parts.prompt->takeSeed();
    RequestBuilder::Built built = RequestBuilder::build(request, *m_parts.document, m_parts.engine->model(),
                                                        m_parts.history, m_parts.queue->nextId());
    if (!built.error.isEmpty()) {
        QMessageBox::information(m_parts.dialogParent, tr("Cannot start"), built.error);
        return;
    }
    const quint64 id = m_parts.queue->enqueue(built.job);
    m_parts.statusBar->showMessage(tr("Job #%1 queued (seed %2).").arg(id).arg(requestSettings(request).seed), 4000);
}

void JobController::onJobProgress(quint64 id, const JobProgress& progress)
{
    const Job* running = m_parts.queue->runningJob();
    if (running && running->id == id)
        m_parts.plot->addProgress(progress);
}

void JobController::onJobPreview(quint64 id, const QImage& preview, const QImage& confidence)
{
    const Job* job = m_parts.queue->job(id);
    if (!job)
        return;
    m_previewJob = id;
    if (!preview.isNull()) {
        const QSize expected = job->expectedSize;
        const double aspect = expected.isValid() ? double(expected.width()) / expected.height() : 0.0;
        const double previewAspect = double(preview.width()) / preview.height();
        const bool standalone = std::holds_alternative<GenerateRequest>(job->request);
        if (!expected.isValid() || preview.size() == expected) {
            m_parts.canvas->setStagedImage(preview, job->resultOrigin, standalone);
        } else if (std::abs(aspect - previewAspect) <= 0.02 * aspect) {
            // The base stage of a super-res model, or a large image worked on at the model's
            // size: the same picture, smaller; show it at the final size.
            m_parts.canvas->setStagedImage(preview.scaled(expected, Qt::IgnoreAspectRatio, Qt::FastTransformation),
                                           job->resultOrigin, standalone);
        } else {
            // A crop around the mask (inpainting a large image): not the whole picture, so it
            // goes in a corner rather than over the image.
            m_parts.canvas->setInsetImage(preview);
        }
    }
    if (!confidence.isNull())
        m_parts.canvas->setConfidenceMap(confidence);
    updateResultActions();
}

void JobController::onJobFinished(quint64 id, const JobOutcome& outcome)
{
    const Job* job = m_parts.queue->job(id);
    QPoint origin = job ? job->resultOrigin : QPoint();
    if (job && !outcome.images.isEmpty())
        if (const auto* outpaint = std::get_if<OutpaintRequest>(&job->request)) {
            const Margins& m = outpaint->margins;
            origin = RequestBuilder::outpaintOrigin(job->sourceImage.size(), QMargins(m.left, m.top, m.right, m.bottom),
                                                    outcome.images.first().size(), m_parts.engine->model().sizeUnit);
        }
    m_parts.canvas->setInsetImage(QImage());
    QString error;
    // On disk before it is shown: from here on a crash loses nothing.
    const QVector<HistoryEntry> added = m_parts.history->addResult(id, outcome, origin, &error);
    if (outcome.result)
        m_parts.plot->setSteps(outcome.result->steps);
    m_previewJob = 0;
    if (!error.isEmpty())
        QMessageBox::warning(m_parts.dialogParent, tr("Result not saved"),
                             tr("The result could not be written to the history folder:\n%1").arg(error));
    if (added.isEmpty())
        return;
    const bool autoApply = m_parts.document->isEmpty() && job && std::holds_alternative<GenerateRequest>(job->request);
    m_parts.historyStrip->setCurrentIndex(0);
    stageHistoryEntry(0);
    if (autoApply)
        applyStaged();
    QString message = tr("Job #%1 finished in %2 s.").arg(id).arg(outcome.result ? outcome.result->seconds : 0.0, 0, 'f', 1);
    if (outcome.result && !outcome.result->warnings.empty())
        message += QLatin1Char(' ') + tr("Note: the prompt was longer than the model reads and was cut off.");
    m_parts.statusBar->showMessage(message, 12000);
}

void JobController::onJobEnded(quint64 id, const QString& message)
{
    m_parts.statusBar->showMessage(tr("Job #%1: %2").arg(id).arg(message), 15000);
    m_parts.canvas->setInsetImage(QImage());
    if (m_previewJob == id) {
        m_previewJob = 0;
        restoreStaged();
    }
}

void JobController::updateJobStatus()
{
    const Job* running = m_parts.queue->runningJob();
    const int waiting = m_parts.queue->activeCount() - (running ? 1 : 0);
    m_progress->setVisible(running != nullptr);
    m_cancelButton->setVisible(running != nullptr);
    if (!running) {
        m_jobLabel->setText(waiting > 0 ? tr("Jobs waiting: %1").arg(waiting) : QString());
        return;
    }
    m_progress->setValue(static_cast<int>(std::lround(running->fraction * 1000)));
    QString text = tr("#%1 %2").arg(running->id).arg(running->stageText);
    if (running->secondsLeft >= 0)
        text += tr(" — %1 s left").arg(std::lround(running->secondsLeft));
    if (waiting > 0)
        text += tr(" (queued: %1)").arg(waiting);
    m_jobLabel->setText(text);
}

void JobController::stageHistoryEntry(int index)
{
    m_stagedEntry = index;
    const HistoryEntry* entry = m_parts.history->entry(index);
    if (!m_previewJob) { // a running job's preview has the canvas until it ends
        if (!entry) {
            m_parts.canvas->clearStagedImage();
        } else if (const QImage image = entry->loadImage(); image.isNull()) {
            m_parts.statusBar->showMessage(tr("Cannot read %1.").arg(QDir::toNativeSeparators(entry->path)), 8000);
            m_parts.canvas->clearStagedImage();
        } else {
            m_parts.canvas->setConfidenceMap(QImage());
            m_parts.canvas->setStagedImage(image, entry->origin, entry->isGeneration());
        }
    }
    updateResultActions();
}

void JobController::restoreStaged() { stageHistoryEntry(m_parts.historyStrip->currentIndex()); }

void JobController::applyStaged()
{
    const HistoryEntry* entry = m_parts.history->entry(m_stagedEntry);
    if (!entry || !m_parts.canvas->hasStagedImage() || m_previewJob)
        return;
    Document* doc = m_parts.document;
    const QImage image = m_parts.canvas->stagedImage();
    const QImage mask = image.size() == doc->imageSize() ? doc->mask() : QImage();
    doc->undoStack()->push(new ReplaceImageCommand(doc, image, mask, entry->metadata, tr("Apply result")));
    m_compare->setChecked(false);
    m_split->setChecked(false);
    m_parts.historyStrip->setCurrentIndex(-1);
    m_parts.canvas->clearStagedImage();
    updateResultActions();
}

void JobController::rerunSelected()
{
    const HistoryEntry* entry = m_parts.history->entry(m_parts.historyStrip->currentIndex());
    if (!entry)
        return;
    auto request = requestFromJson(entry->requestJson().toStdString());
    if (!request) {
        QMessageBox::warning(m_parts.dialogParent, tr("Cannot re-run"), ErrorText::describe(request.status()));
        return;
    }
    Job job;
    job.request = *request;
    job.label = entry->prompt().simplified().left(120);
    job.resultOrigin = entry->origin;
    job.expectedSize = entry->size;
    if (!entry->sourcePath.isEmpty())
        job.sourceImage = QImage(entry->sourcePath);
    const Status status = std::visit([](const auto& r) { return r.validate(); }, job.request);
    if (!status.isOk()) {
        QMessageBox::warning(m_parts.dialogParent, tr("Cannot re-run"), ErrorText::describe(status));
        return;
    }
    m_parts.queue->enqueue(job);
}

void JobController::useRequestJson(const std::string& json)
{
    auto request = requestFromJson(json);
    if (!request)
        return;
    m_parts.prompt->applyRequest(*request);
    m_parts.prompt->setSeedLocked(true);
    if (std::holds_alternative<OutpaintRequest>(*request))
        setMargins(m_parts.prompt->outpaintMargins());
    const QString note = modelNote(json);
    m_parts.statusBar->showMessage(tr("Parameters restored; the seed is locked.") + (note.isEmpty() ? QString() : QLatin1Char(' ') + note),
                                   note.isEmpty() ? 6000 : 15000);
}

QString JobController::modelNote(const std::string& json) const
{
    const QString made = QString::fromStdString(modelPathFromMetadata(json));
    const QString loaded = QString::fromStdString(m_parts.engine->model().path);
    if (made.isEmpty() || m_parts.engine->modelState() != EngineHost::ModelState::Ready ||
        QDir::cleanPath(made) == QDir::cleanPath(loaded))
        return {};
    return tr("It was made with the model %1; the loaded model is %2.")
        .arg(QDir::toNativeSeparators(made), QDir::toNativeSeparators(loaded));
}

void JobController::setMargins(QMargins margins)
{
    Document* doc = m_parts.document;
    if (doc->isEmpty() || margins == doc->margins())
        return;
    doc->undoStack()->push(new ExtendCanvasCommand(doc, margins, 0, tr("Extend canvas")));
}

void JobController::deleteSelected()
{
    const int index = m_parts.historyStrip->currentIndex();
    if (index < 0)
        return;
    if (!m_parts.history->remove(index))
        QMessageBox::warning(m_parts.dialogParent, tr("Cannot delete"), tr("The file could not be moved to the trash."));
    restoreStaged();
}

void JobController::updateResultActions()
{
    const HistoryEntry* entry = m_parts.history->entry(m_parts.historyStrip->currentIndex());
    const bool selected = entry != nullptr;
    const bool comparable = selected && !m_parts.document->isEmpty() && !entry->isGeneration();
    m_apply->setEnabled(selected && !m_previewJob);
    m_compare->setEnabled(comparable);
    m_split->setEnabled(comparable);
    m_rerun->setEnabled(selected);
    m_useParameters->setEnabled(selected);
    m_delete->setEnabled(selected);
}

void JobController::setCompareMode()
{
    CanvasView::CompareMode mode = CanvasView::CompareMode::Off;
    if (m_compare->isChecked())
        mode = CanvasView::CompareMode::ShowOriginal;
    else if (m_split->isChecked())
        mode = CanvasView::CompareMode::Split;
    m_parts.canvas->setCompareMode(mode);
}

void JobController::cancelOrUnstage()
{
    if (m_parts.queue->runningJob()) {
        m_parts.queue->cancelRunning();
        m_parts.statusBar->showMessage(tr("Cancelling…"), 3000);
    } else if (m_parts.canvas->hasStagedImage()) {
        m_parts.historyStrip->setCurrentIndex(-1);
        m_parts.canvas->clearStagedImage();
    }
}

} // namespace muse::ui
