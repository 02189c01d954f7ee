#include "MainWindow.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace muse::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Muse Studio"));
    m_canvas = new QLabel(tr("No image yet"), this);
    m_canvas->setAlignment(Qt::AlignCenter);
    m_canvas->setMinimumSize(512, 512);
    setCentralWidget(m_canvas);
    createActions();

    const DeviceInfo devices = queryDevices();
    statusBar()->showMessage(devices.cudaAvailable
                                 ? tr("LibTorch %1 — CUDA, %2 GPU(s)").arg(QString::fromStdString(devices.torchVersion)).arg(devices.cudaDeviceCount)
                                 : tr("LibTorch %1 — CPU, %2 threads").arg(QString::fromStdString(devices.torchVersion)).arg(devices.cpuThreads));
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
}

} // namespace muse::ui
