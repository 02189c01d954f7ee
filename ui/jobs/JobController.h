#pragma once

#include <QObject>
#include <QImage>
#include <QMargins>

class QAction;
class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;
class QWidget;

namespace muse::ui {

class CanvasView;
class Document;
class EngineHost;
class HistoryStore;
class HistoryStrip;
class JobQueue;
class PromptPanel;
class StepStatsPlot;
struct JobOutcome;
struct JobProgress;

// Everything between "Generate" and a result in the document: queues jobs built from the prompt
// panel and the document, shows progress (status bar, step plot) and live previews on the
// canvas, writes results to the history before showing them, and runs the result commands
// (apply, compare, re-run, use parameters, delete). Owns the actions for those commands.
class JobController : public QObject {
    Q_OBJECT

public:
    struct Parts {
        Document* document;
        CanvasView* canvas;
        PromptPanel* prompt;
        StepStatsPlot* plot;
        HistoryStrip* historyStrip;
        HistoryStore* history;
        JobQueue* queue;
        EngineHost* engine;
        QStatusBar* statusBar;
        QWidget* dialogParent;
    };

    explicit JobController(const Parts& parts, QObject* parent = nullptr);

    QAction* generateAction() const { return m_generate; }
    QAction* cancelAction() const { return m_cancel; }
    QAction* cancelQueuedAction() const { return m_cancelQueued; }
    QAction* cancelAllAction() const { return m_cancelAll; }
    QList<QAction*> resultActions() const;

    void generate();
    // Pushes the outpaint margins as an undo step (from the panel's fields).
    void setMargins(QMargins margins);
    // Parameters from a request put into the prompt panel, seed locked, margins applied.
    void useRequestJson(const std::string& json);
    // A note when the metadata names another model than the loaded one (a re-run would then
    // give a different image); empty otherwise.
    QString modelNote(const std::string& json) const;

private:
    void createActions();
    void createStatusWidgets();
    void onJobProgress(quint64 id, const JobProgress& progress);
    void onJobPreview(quint64 id, const QImage& preview, const QImage& confidence);
    void onJobFinished(quint64 id, const JobOutcome& outcome);
    void onJobEnded(quint64 id, const QString& message);
    void updateJobStatus();
    void stageHistoryEntry(int index);
    void restoreStaged();
    void applyStaged();
    void rerunSelected();
    void deleteSelected();
    void updateResultActions();
    void cancelOrUnstage();
    void setCompareMode();

    Parts m_parts;
    QAction* m_generate = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_cancelQueued = nullptr;
    QAction* m_cancelAll = nullptr;
    QAction* m_apply = nullptr;
    QAction* m_compare = nullptr;
    QAction* m_split = nullptr;
    QAction* m_rerun = nullptr;
    QAction* m_useParameters = nullptr;
    QAction* m_delete = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_jobLabel = nullptr;
    QToolButton* m_cancelButton = nullptr;
    int m_stagedEntry = -1;
    quint64 m_previewJob = 0; // the job whose preview the canvas shows
};

} // namespace muse::ui
