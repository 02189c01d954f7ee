#pragma once

#include "document/Document.h"
#include "muse/Engine.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTimer;
class QToolButton;

namespace muse::ui {

class AppSettings;
class CanvasView;
class EngineHost;
class HistoryStore;
class HistoryStrip;
class JobQueue;
class MaskPanel;
class ModelChooser;
class PromptPanel;
class QueuePanel;
class SessionRecovery;
class StepStatsPlot;
struct JobOutcome;
struct JobProgress;

// The main window: canvas in the middle; prompt and model on the left; mask tools and the queue
// on the right; history and step statistics at the bottom. It wires the parts together; the
// engine, queue, history and session are made by the composition root (app/studio/main.cpp).
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(AppSettings& settings, EngineHost& engine, JobQueue& queue, HistoryStore& history,
               SessionRecovery* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    Document* document() const { return m_document; }
    CanvasView* canvas() const { return m_canvas; }
    PromptPanel* promptPanel() const { return m_prompt; }
    MaskPanel* maskPanel() const { return m_maskPanel; }
    StepStatsPlot* stepPlot() const { return m_plot; }
    HistoryStrip* historyStrip() const { return m_historyStrip; }

    bool openFile(const QString& path);
    bool exportTo(const QString& path);
    // Restores the prompt panel from a PNG's "muse" metadata; false when it has none.
    bool restoreParameters(const QString& path);
    // Asks whether to restore the document autosaved by a session that crashed.
    void offerRecovery();
    // The first job, model loading: called once the window is shown.
    void start();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createStatusBar();
    void connectEngine();
    void readSettings();
    void writeSettings();

    void generate();
    void onJobProgress(quint64 id, const JobProgress& progress);
    void onJobPreview(quint64 id, const QImage& preview, const QImage& confidence);
    void onJobFinished(quint64 id, const JobOutcome& outcome);
    void onJobEnded(quint64 id, const QString& message);
    void updateJobStatus();
    void onModelStateChanged();

    void stageHistoryEntry(int index);
    void restoreStaged();
    void applyStaged();
    void rerunSelected();
    void useSelectedParameters();
    void deleteSelected();
    void updateResultActions();
    void cancelOrUnstage();

    void applyMaskEdit(const QImage& mask, const QString& text);
    void setMarginsFromPanel(QMargins margins);
    void exportDialog();
    void openDialog();
    void copyImage();
    void pasteImage();
    void openImageData(const QImage& image, const QString& text);
    void rebuildRecentMenu();
    void showSettings();
    void autosave();
    void updateTitle();
    void updateTokenGrid();
    bool confirmDiscard();

    AppSettings& m_settings;
    EngineHost& m_engine;
    JobQueue& m_queue;
    HistoryStore& m_history;
    SessionRecovery* m_session;

    Document* m_document = nullptr;
    CanvasView* m_canvas = nullptr;
    PromptPanel* m_prompt = nullptr;
    ModelChooser* m_modelChooser = nullptr;
    MaskPanel* m_maskPanel = nullptr;
    QueuePanel* m_queuePanel = nullptr;
    StepStatsPlot* m_plot = nullptr;
    HistoryStrip* m_historyStrip = nullptr;

    QProgressBar* m_progress = nullptr;
    QLabel* m_jobLabel = nullptr;
    QToolButton* m_cancelButton = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    QAction* m_generateAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_applyAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_splitAction = nullptr;
    QAction* m_rerunAction = nullptr;
    QAction* m_useParametersAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_confidenceAction = nullptr;

    QTimer* m_autosaveTimer = nullptr;
    bool m_autosaveDirty = false;
    QString m_pendingHistorySelection;
    int m_stagedEntry = -1;
    quint64 m_previewJob = 0;
};

} // namespace muse::ui
