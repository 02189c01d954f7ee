// muse-studio: the desktop app's composition root.

#include "MainWindow.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MuseStudio");
    QApplication::setApplicationName("Muse Studio");
    QApplication::setApplicationVersion(muse::kVersion);
    muse::useAllCpuCores();
    muse::ui::MainWindow window;
    window.show();
    return app.exec();
}
