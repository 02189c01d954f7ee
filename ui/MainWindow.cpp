#include "MainWindow.h"

#include "canvas/CanvasView.h"
#include "document/ExtendCanvasCommand.h"
#include "document/MaskEditCommand.h"
#include "document/MaskFilters.h"
#include "document/ReplaceImageCommand.h"
#include "history/HistoryStore.h"
#include "io/ImageFiles.h"
#include "jobs/EngineHost.h"
#include "jobs/ErrorText.h"
#include "jobs/JobController.h"
#include "jobs/JobQueue.h"
#include "panels/HistoryStrip.h"
#include "panels/MaskPanel.h"
#include "panels/ModelChooser.h"
#include "panels/PromptPanel.h"
#include "panels/QueuePanel.h"
#include "panels/StepStatsPlot.h"
#include "session/SessionRecovery.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace muse::ui {

namespace {

QDockWidget* makeDock(const QString& title, const QString& objectName, QWidget* content, QMainWindow* window)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    return dock;
}

} // namespace

MainWindow::MainWindow(AppSettings& settings, EngineHost& engine, JobQueue& queue, HistoryStore& history,
                       SessionRecovery* session, QWidget* parent)
    : QMainWindow(parent), m_settings(settings), m_engine(engine), m_queue(queue), m_history(history), m_session(session)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(false); // the canvas and the prompt panel take drops
    m_document = new Document(this);
    m_canvas = new CanvasView(m_document, this);
    setCentralWidget(m_canvas);
    createDocks();
    m_jobs = new JobController({m_document, m_canvas, m_prompt, m_plot, m_historyStrip, &m_history, &m_queue, &m_engine,
                                statusBar(), this},
                               this);
    createActions();
    createStatusWidgets();
    connect(&m_engine, &EngineHost::modelStateChanged, this, &MainWindow::onModelStateChanged);
    connect(&m_engine, &EngineHost::modelLoadProgress, m_modelChooser, &ModelChooser::showProgress);
    connect(m_prompt, &PromptPanel::generateRequested, m_jobs, &JobController::generate);
    connect(m_prompt, &PromptPanel::marginsEdited, m_jobs, &JobController::setMargins);
    readSettings();

    connect(m_document->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::filePathChanged, this, &MainWindow::updateTitle);
    const auto markDirty = [this] { m_autosaveDirty = true; };
    connect(m_document, &Document::contentChanged, this, markDirty);
    connect(m_document, &Document::maskChanged, this, markDirty);
    connect(m_document, &Document::marginsChanged, this, [this, markDirty](QMargins margins) {
        markDirty();
        m_prompt->setOutpaintMargins(margins);
    });

    m_autosaveTimer = new QTimer(this);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    if (m_settings.autosaveSeconds() > 0 && m_session && m_session->isActive())
        m_autosaveTimer->start(m_settings.autosaveSeconds() * 1000);
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    auto* modelBox = new QGroupBox(tr("Model"), left);
    auto* modelLayout = new QVBoxLayout(modelBox);
    m_modelChooser = new ModelChooser(modelBox);
    modelLayout->addWidget(m_modelChooser);
    leftLayout->addWidget(modelBox);
    m_prompt = new PromptPanel(left);
    leftLayout->addWidget(m_prompt, 1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(330);
    QDockWidget* promptDock = makeDock(tr("Prompt"), QStringLiteral("PromptDock"), scroll, this);
    addDockWidget(Qt::LeftDockWidgetArea, promptDock);

    m_maskPanel = new MaskPanel;
    QDockWidget* maskDock = makeDock(tr("Mask"), QStringLiteral("MaskDock"), m_maskPanel, this);
    addDockWidget(Qt::RightDockWidgetArea, maskDock);
    m_queuePanel = new QueuePanel(&m_queue);
    QDockWidget* queueDock = makeDock(tr("Queue"), QStringLiteral("QueueDock"), m_queuePanel, this);
    addDockWidget(Qt::RightDockWidgetArea, queueDock);
    m_historyStrip = new HistoryStrip(&m_history);
    QDockWidget* historyDock = makeDock(tr("History"), QStringLiteral("HistoryDock"), m_historyStrip, this);
    addDockWidget(Qt::BottomDockWidgetArea, historyDock);
    m_plot = new StepStatsPlot;
    QDockWidget* plotDock = makeDock(tr("Steps"), QStringLiteral("StepsDock"), m_plot, this);
    splitDockWidget(historyDock, plotDock, Qt::Horizontal);
    resizeDocks({promptDock, maskDock}, {360, 290}, Qt::Horizontal);
    resizeDocks({historyDock, plotDock}, {800, 460}, Qt::Horizontal);
    resizeDocks({historyDock}, {200}, Qt::Vertical);

    connect(m_prompt, &PromptPanel::modeChanged, this, [this](GenerationMode mode) {
        m_canvas->setMarginHandlesVisible(mode == GenerationMode::Outpaint);
        updateTokenGrid();
    });
    connect(m_prompt, &PromptPanel::growTokensChanged, this, &MainWindow::updateTokenGrid);
    connect(m_prompt, &PromptPanel::fileDropped, this, [this](const QString& path) {
        if (!restoreParameters(path))
            statusBar()->showMessage(tr("%1 holds no Muse Studio parameters.").arg(QFileInfo(path).fileName()), 8000);
    });
    connect(m_modelChooser, &ModelChooser::loadRequested, this, [this](const QString& folder) {
        m_settings.setModelFolder(folder);
        m_settings.addRecentModelFolder(folder);
        m_engine.loadModel(folder);
    });

    connect(m_maskPanel, &MaskPanel::brushSizeChanged, m_canvas, &CanvasView::setBrushSize);
    connect(m_maskPanel, &MaskPanel::brushHardnessChanged, m_canvas, &CanvasView::setBrushHardness);
    connect(m_maskPanel, &MaskPanel::overlayColorChanged, m_canvas, &CanvasView::setMaskColor);
    connect(m_maskPanel, &MaskPanel::overlayOpacityChanged, m_canvas, &CanvasView::setMaskOpacity);
    connect(m_maskPanel->brushAction(), &QAction::triggered, this, [this] { m_canvas->setTool(CanvasView::Tool::Brush); });
    connect(m_maskPanel->eraserAction(), &QAction::triggered, this, [this] { m_canvas->setTool(CanvasView::Tool::Eraser); });
    connect(m_maskPanel->panAction(), &QAction::triggered, this, [this] { m_canvas->setTool(CanvasView::Tool::Pan); });
    connect(m_maskPanel->tokenGridAction(), &QAction::toggled, this, &MainWindow::updateTokenGrid);
    connect(m_maskPanel->fillAction(), &QAction::triggered, this,
            [this] { applyMaskEdit(MaskFilters::filled(m_document->imageSize()), tr("Fill mask")); });
    connect(m_maskPanel->clearAction(), &QAction::triggered, this,
            [this] { applyMaskEdit(MaskFilters::cleared(m_document->imageSize()), tr("Clear mask")); });
    connect(m_maskPanel->invertAction(), &QAction::triggered, this,
            [this] { applyMaskEdit(MaskFilters::inverted(m_document->mask()), tr("Invert mask")); });
    connect(m_maskPanel->growAction(), &QAction::triggered, this, [this] {
        applyMaskEdit(MaskFilters::grown(m_document->mask(), m_maskPanel->growPixels()), tr("Grow mask"));
    });
    connect(m_maskPanel->shrinkAction(), &QAction::triggered, this, [this] {
        applyMaskEdit(MaskFilters::grown(m_document->mask(), -m_maskPanel->growPixels()), tr("Shrink mask"));
    });
    connect(m_maskPanel->featherAction(), &QAction::triggered, this, [this] {
        applyMaskEdit(MaskFilters::feathered(m_document->mask(), m_maskPanel->featherRadius()), tr("Feather mask"));
    });

    connect(m_canvas, &CanvasView::fileDropped, this, &MainWindow::openFile);
    connect(m_canvas, &CanvasView::imageDropped, this, [this](const QImage& image) { openImageData(image, tr("Drop image")); });
    connect(m_canvas, &CanvasView::zoomChanged, this, [this](double zoom) {
        if (m_zoomLabel)
            m_zoomLabel->setText(tr("%1 %").arg(std::lround(zoom * 100)));
    });
    connect(m_canvas, &CanvasView::cursorMoved, this, [this](QPoint pos, bool inside) {
        if (m_cursorLabel)
            m_cursorLabel->setText(inside ? QStringLiteral("%1, %2").arg(pos.x()).arg(pos.y()) : QString());
    });

    connect(&m_history, &HistoryStore::entriesReset, this, [this] {
        if (m_pendingHistorySelection.isEmpty())
            return;
        for (int i = 0; i < m_history.entries().size(); ++i)
            if (m_history.entries()[i].path == m_pendingHistorySelection)
                m_historyStrip->setCurrentIndex(i);
        m_pendingHistorySelection.clear();
    });
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    QAction* exportAction = file->addAction(tr("&Export…"), this, &MainWindow::exportDialog);
    exportAction->setShortcuts({QKeySequence::Save, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)});
    exportAction->setStatusTip(tr("Save the image as PNG (with its parameters) or JPEG"));
    file->addSeparator();
    QAction* historyFolder = file->addAction(tr("Show the &History Folder"));
    connect(historyFolder, &QAction::triggered, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_history.directory())); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* copy = edit->addAction(tr("&Copy Image"), this, &MainWindow::copyImage);
    copy->setShortcut(QKeySequence::Copy);
    QAction* paste = edit->addAction(tr("&Paste Image"), this, &MainWindow::pasteImage);
    paste->setShortcut(QKeySequence::Paste);
    edit->addSeparator();
    QAction* preferences = edit->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu* mask = menuBar()->addMenu(tr("&Mask"));
    mask->addActions({m_maskPanel->brushAction(), m_maskPanel->eraserAction(), m_maskPanel->panAction()});
    QAction* smaller = mask->addAction(tr("Smaller Brush"));
    smaller->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    connect(smaller, &QAction::triggered, this, [this] {
        const int size = m_maskPanel->brushSize();
        m_maskPanel->setBrushSize(std::max(1, std::min(size - 1, static_cast<int>(std::lround(size / 1.25)))));
    });
    QAction* larger = mask->addAction(tr("Larger Brush"));
    larger->setShortcut(QKeySequence(Qt::Key_BracketRight));
    connect(larger, &QAction::triggered, this, [this] {
        const int size = m_maskPanel->brushSize();
        m_maskPanel->setBrushSize(std::min(1000, std::max(size + 1, static_cast<int>(std::lround(size * 1.25)))));
    });
    mask->addSeparator();
    mask->addActions({m_maskPanel->fillAction(), m_maskPanel->clearAction(), m_maskPanel->invertAction(),
                      m_maskPanel->growAction(), m_maskPanel->shrinkAction(), m_maskPanel->featherAction()});
    mask->addSeparator();
    mask->addAction(m_maskPanel->tokenGridAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* zoomIn = m_viewMenu->addAction(tr("Zoom &In"), m_canvas, &CanvasView::zoomIn);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction* zoomOut = m_viewMenu->addAction(tr("Zoom &Out"), m_canvas, &CanvasView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction* fit = m_viewMenu->addAction(tr("&Fit to Window"), m_canvas, &CanvasView::fitToWindow);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* actual = m_viewMenu->addAction(tr("&Actual Size (100 %)"), m_canvas, &CanvasView::actualSize);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_viewMenu->addSeparator();
    m_confidenceAction = m_viewMenu->addAction(tr("&Confidence Heat Map"));
    m_confidenceAction->setCheckable(true);
    m_confidenceAction->setStatusTip(tr("Colour the preview by how sure the model was of each token (red = unsure)"));
    connect(m_confidenceAction, &QAction::toggled, m_canvas, &CanvasView::setConfidenceVisible);
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());

    QMenu* generation = menuBar()->addMenu(tr("&Generate"));
    generation->addActions({m_jobs->generateAction(), m_jobs->cancelAction(), m_jobs->cancelQueuedAction(),
                            m_jobs->cancelAllAction()});
    QMenu* result = menuBar()->addMenu(tr("&Result"));
    result->addActions(m_jobs->resultActions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Muse Studio"), this, [this] {
        const DeviceInfo devices = queryDevices();
        QMessageBox::about(this, tr("About Muse Studio"),
                           tr("<b>Muse Studio %1</b><p>Image generation and editing with Muse masked generative "
                              "transformers, on your own computer.</p><p>LibTorch %2, %3.</p>")
                               .arg(QString::fromLatin1(muse::kVersion), QString::fromStdString(devices.torchVersion),
                                    devices.cudaAvailable ? tr("CUDA with %1 GPU(s)").arg(devices.cudaDeviceCount)
                                                          : tr("CPU with %1 threads").arg(devices.cpuThreads)));
    });
}

void MainWindow::createStatusWidgets()
{
    m_cursorLabel = new QLabel(this);
    m_cursorLabel->setMinimumWidth(80);
    m_zoomLabel = new QLabel(tr("%1 %").arg(100), this);
    m_zoomLabel->setMinimumWidth(50);
    statusBar()->addPermanentWidget(m_cursorLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
}

void MainWindow::start()
{
    m_history.loadExisting();
    m_engine.loadModel(m_settings.modelFolder());
}

void MainWindow::readSettings()
{
    resize(1400, 900);
    restoreGeometry(m_settings.windowGeometry());
    restoreState(m_settings.windowState());
    m_maskPanel->setBrushSize(m_settings.brushSize());
    m_maskPanel->setBrushHardness(m_settings.brushHardness());
    m_maskPanel->setOverlayColor(m_settings.maskColor());
    m_maskPanel->setOverlayOpacity(m_settings.maskOpacity());
    m_maskPanel->tokenGridAction()->setChecked(m_settings.showTokenGrid());
    m_canvas->setBrushSize(m_settings.brushSize());
    m_canvas->setBrushHardness(m_settings.brushHardness());
    m_canvas->setMaskColor(m_settings.maskColor());
    m_canvas->setMaskOpacity(m_settings.maskOpacity());
    m_confidenceAction->setChecked(m_settings.showConfidence());
    m_modelChooser->setRecentFolders(m_settings.recentModelFolders(), m_settings.modelFolder());
    if (const auto request = requestFromJson(m_settings.lastRequestJson().toStdString())) {
        m_prompt->applyRequest(*request);
    } else {
        // First run: a prompt the embedded default model knows, so one click shows what it does.
        GenerateRequest sample;
        sample.settings.prompt = "a red circle above a blue square"; // the model reads English: not translated
        m_prompt->applyRequest(sample);
    }
    m_prompt->setOutpaintMargins(QMargins()); // margins belong to the document, not the last session
    m_prompt->setSeedLocked(m_settings.seedLocked());
    updateTokenGrid();
}

void MainWindow::writeSettings()
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.setBrushSize(m_maskPanel->brushSize());
    m_settings.setBrushHardness(m_maskPanel->brushHardness());
    m_settings.setMaskColor(m_maskPanel->overlayColor());
    m_settings.setMaskOpacity(m_maskPanel->overlayOpacity());
    m_settings.setShowTokenGrid(m_maskPanel->tokenGridAction()->isChecked());
    m_settings.setShowConfidence(m_confidenceAction->isChecked());
    AnyRequest request = m_prompt->requestTemplate();
    m_settings.setLastRequestJson(QString::fromStdString(requestToJson(request)));
    m_settings.setSeedLocked(m_prompt->isSeedLocked());
    m_settings.sync();
}

void MainWindow::onModelStateChanged()
{
    switch (m_engine.modelState()) {
    case EngineHost::ModelState::None: m_modelChooser->showFailed(tr("none loaded")); break;
    case EngineHost::ModelState::Loading: m_modelChooser->showLoading(m_engine.modelFolder()); break;
    case EngineHost::ModelState::Ready: {
        const ModelDescription& model = m_engine.model();
        m_modelChooser->showLoaded(model);
        m_prompt->setModel(model);
        m_canvas->setMarginStep(std::max(1, model.sizeUnit));
        updateTokenGrid();
        statusBar()->showMessage(tr("Model ready: %1").arg(ModelChooser::describe(model)), 6000);
        break;
    }
    case EngineHost::ModelState::Failed: m_modelChooser->showFailed(m_engine.modelError()); break;
    }
}

// ---- document -------------------------------------------------------------------------------

void MainWindow::applyMaskEdit(const QImage& mask, const QString& text)
{
    if (m_document->isEmpty() || mask == m_document->mask())
        return;
    m_document->undoStack()->push(new MaskEditCommand(m_document, mask, text));
}

void MainWindow::updateTokenGrid()
{
    const int grow = m_prompt->mode() == GenerationMode::Inpaint ? m_prompt->growTokens() : 0;
    m_canvas->setTokenGrid(m_maskPanel->tokenGridAction()->isChecked(), std::max(1, m_engine.model().tokenSize), grow);
}

bool MainWindow::openFile(const QString& path)
{
    auto opened = ImageFiles::open(path);
    if (!opened) {
        QMessageBox::warning(this, tr("Cannot open"), tr("%1\n%2").arg(QDir::toNativeSeparators(path), ErrorText::describe(opened.status())));
        m_settings.removeRecentFile(path);
        return false;
    }
    QImage mask;
    auto muse = opened->metadata.find("muse");
    if (muse != opened->metadata.end()) {
        if (auto request = requestFromJson(muse->second)) {
            m_prompt->applyRequest(*request);
            m_prompt->setOutpaintMargins(QMargins());
            m_prompt->setSeedLocked(true);
            if (const auto* inpaint = std::get_if<InpaintRequest>(&*request)) {
                const QImage saved(QString::fromStdString(inpaint->maskPath));
                if (saved.size() == opened->image.size())
                    mask = saved.convertToFormat(QImage::Format_Grayscale8);
            }
            const QString note = m_jobs->modelNote(muse->second);
            statusBar()->showMessage(tr("Opened %1; its parameters are in the prompt panel.").arg(QFileInfo(path).fileName()) +
                                         (note.isEmpty() ? QString() : QLatin1Char(' ') + note),
                                     note.isEmpty() ? 8000 : 15000);
        }
    }
    m_document->undoStack()->push(new ReplaceImageCommand(m_document, opened->image, mask, opened->metadata,
                                                          tr("Open %1").arg(QFileInfo(path).fileName())));
    m_document->undoStack()->setClean();
    m_document->setFilePath(path);
    m_historyStrip->setCurrentIndex(-1);
    m_canvas->clearStagedImage();
    m_settings.addRecentFile(QFileInfo(path).absoluteFilePath());
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    return true;
}

bool MainWindow::restoreParameters(const QString& path)
{
    auto text = readPngText(path.toStdString());
    if (!text)
        return false;
    auto it = text->find("muse");
    if (it == text->end() || !requestFromJson(it->second))
        return false;
    m_jobs->useRequestJson(it->second);
    const QString note = m_jobs->modelNote(it->second);
    statusBar()->showMessage(tr("Parameters restored from %1; the seed is locked.").arg(QFileInfo(path).fileName()) +
                                 (note.isEmpty() ? QString() : QLatin1Char(' ') + note),
                             note.isEmpty() ? 8000 : 15000);
    return true;
}

bool MainWindow::exportTo(const QString& path)
{
    const Status status = ImageFiles::save(path, m_document->image(), m_document->metadata());
    if (!status.isOk()) {
        QMessageBox::warning(this, tr("Cannot export"), ErrorText::describe(status));
        return false;
    }
    m_document->undoStack()->setClean();
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Exported %1.").arg(QDir::toNativeSeparators(path)), 6000);
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), m_settings.lastDirectory(), ImageFiles::openFilter());
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::exportDialog()
{
    if (m_document->isEmpty()) {
        QMessageBox::information(this, tr("Nothing to export"), tr("There is no image yet."));
        return;
    }
    const QString base = m_document->filePath().isEmpty() ? tr("untitled") : QFileInfo(m_document->filePath()).completeBaseName();
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(base + QStringLiteral(".png"));
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Image"), suggested, ImageFiles::saveFilter(), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("*.jpg")) ? QStringLiteral(".jpg") : QStringLiteral(".png");
    exportTo(path);
}

void MainWindow::copyImage()
{
    const QImage image = m_canvas->hasStagedImage() ? m_canvas->stagedImage() : m_document->image();
    if (!image.isNull())
        QApplication::clipboard()->setImage(image);
}

void MainWindow::pasteImage()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasImage())
        openImageData(qvariant_cast<QImage>(mime->imageData()), tr("Paste image"));
    else if (mime && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        openFile(mime->urls().first().toLocalFile());
}

void MainWindow::openImageData(const QImage& image, const QString& text)
{
    if (image.isNull())
        return;
    m_document->undoStack()->push(new ReplaceImageCommand(m_document, image.convertToFormat(QImage::Format_RGB888), QImage(), {}, text));
    m_document->setFilePath(QString());
    m_historyStrip->setCurrentIndex(-1);
    m_canvas->clearStagedImage();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings.recentFiles();
    for (const QString& path : files) {
        QAction* action = m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.engineChanged())
        m_engine.setOptions(m_settings.engineOptions());
    if (dialog.languageChanged())
        QMessageBox::information(this, tr("Language"), tr("The new language is used the next time Muse Studio starts."));
    if (m_session && m_session->isActive()) {
        if (m_settings.autosaveSeconds() > 0)
            m_autosaveTimer->start(m_settings.autosaveSeconds() * 1000);
        else
            m_autosaveTimer->stop();
    }
}

void MainWindow::autosave()
{
    if (!m_session || !m_session->isActive() || !m_autosaveDirty)
        return;
    const HistoryEntry* entry = m_history.entry(m_historyStrip->currentIndex());
    const Status status = m_session->save(*m_document, entry ? entry->path : QString());
    if (status.isOk())
        m_autosaveDirty = false;
    else
        statusBar()->showMessage(tr("Autosave failed: %1").arg(ErrorText::describe(status)), 8000);
}

void MainWindow::offerRecovery()
{
    if (!m_session || !m_session->isActive() || !m_session->previousSessionCrashed() || !m_session->hasAutosave())
        return;
    auto saved = m_session->loadAutosave();
    if (!saved) {
        m_session->discardAutosave();
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Recover document"),
        tr("Muse Studio did not close properly last time. Restore the document autosaved at %1?")
            .arg(QLocale().toString(saved->savedAt, QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        m_session->discardAutosave();
        return;
    }
    QUndoStack* stack = m_document->undoStack();
    stack->beginMacro(tr("Recover document"));
    stack->push(new ReplaceImageCommand(m_document, saved->image, saved->mask, saved->metadata, tr("Recover document")));
    if (!saved->margins.isNull())
        stack->push(new ExtendCanvasCommand(m_document, saved->margins, 0, tr("Extend canvas")));
    stack->endMacro();
    m_document->setFilePath(saved->filePath);
    m_pendingHistorySelection = saved->historyPath;
}

void MainWindow::updateTitle()
{
    const QString name = m_document->filePath().isEmpty() ? tr("untitled") : QFileInfo(m_document->filePath()).fileName();
    setWindowTitle(tr("%1[*] — Muse Studio").arg(name));
    setWindowModified(m_document->isModified());
}

bool MainWindow::confirmDiscard()
{
    if (m_queue.activeCount() > 0) {
        const auto answer = QMessageBox::question(this, tr("Jobs running"),
                                                  tr("Jobs still queued or running: %1. Cancel them and quit?").arg(m_queue.activeCount()));
        if (answer != QMessageBox::Yes)
            return false;
    }
    if (m_document->isModified() && !m_document->isEmpty()) {
        const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                                 tr("The image has changes that were not exported. Quit anyway?"),
                                                 QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return false;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    m_queue.cancelAll();
    writeSettings();
    event->accept();
}

} // namespace muse::ui
