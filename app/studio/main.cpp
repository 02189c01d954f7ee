// muse-studio: the desktop app's composition root. Builds the settings, the engine's thread,
// the job queue, the history and the session guard, hands them to the main window, and tears
// them down in the reverse order.

#include "MainWindow.h"
#include "history/HistoryStore.h"
#include "jobs/EngineHost.h"
#include "jobs/JobQueue.h"
#include "session/SessionRecovery.h"
#include "settings/AppSettings.h"
#include "settings/Translations.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <QApplication>
#include <QIcon>
#include <QTimer>

int main(int argc, char** argv)
{
    muse::restartForBetterBlasKernel(argv); // before anything runs: it may start the program again
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MuseStudio");
    QApplication::setApplicationName("Muse Studio");
    QApplication::setApplicationVersion(muse::kVersion);
    QApplication::setWindowIcon(QIcon(":/icons/muse-studio.svg"));

    muse::ui::AppSettings settings;
    muse::ui::Translations::install(app, settings.language());
    muse::useAllCpuCores();

    muse::ui::SessionRecovery session(muse::ui::SessionRecovery::defaultDirectory());
    session.begin(); // false: another instance runs; this one then neither autosaves nor recovers
    muse::ui::HistoryStore history(muse::ui::HistoryStore::defaultDirectory());
    muse::ui::EngineHost engine(settings.engineOptions());
    muse::ui::JobQueue queue(&engine);

    int status = 0;
    {
        muse::ui::MainWindow window(settings, engine, queue, history, &session);
        window.show();
        QTimer::singleShot(0, &window, [&window, argc, argv] {
            window.offerRecovery();
            window.start();
            if (argc > 1)
                window.openFile(QString::fromLocal8Bit(argv[1]));
        });
        status = app.exec();
    }
    queue.cancelAll();
    session.end();
    return status;
}
