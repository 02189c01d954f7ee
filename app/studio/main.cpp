// muse-studio: the desktop app's composition root.

#include "MainWindow.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {

// The language from the settings ("ui/language", e.g. "de"), else the system's.
void installTranslators(QApplication& app)
{
    const QString chosen = QSettings().value("ui/language").toString();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, "muse-studio", "_", ":/i18n"))
        QApplication::installTranslator(ours);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MuseStudio");
    QApplication::setApplicationName("Muse Studio");
    QApplication::setApplicationVersion(muse::kVersion);
    QApplication::setWindowIcon(QIcon(":/icons/muse-studio.svg"));
    installTranslators(app);
    muse::useAllCpuCores();
    muse::ui::MainWindow window;
    window.show();
    return app.exec();
}
