#pragma once

#include "document/Document.h"
#include "muse/Engine.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QTimer;

namespace muse::ui {

class AppSettings;
class CanvasView;
class EngineHost;
class HistoryStore;
class HistoryStrip;
class JobController;
class JobQueue;
class MaskPanel;
class ModelChooser;
class PromptPanel;
class QueuePanel;
class SessionRecovery;
class StepStatsPlot;

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
    void createStatusWidgets();
    void readSettings();
    void writeSettings();
    void onModelStateChanged();
    void applyMaskEdit(const QImage& mask, const QString& text);
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

    JobController* m_jobs = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    QAction* m_confidenceAction = nullptr;

    QTimer* m_autosaveTimer = nullptr;
    bool m_autosaveDirty = false;
    QString m_pendingHistorySelection;
};

} // namespace muse::ui
