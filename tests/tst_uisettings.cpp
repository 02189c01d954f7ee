// Settings survive a round trip through QSettings (defaults included), the settings dialog
// writes what its widgets show, and the session guard detects a crash and restores the
// autosaved document.

#include "document/Document.h"
#include "document/ExtendCanvasCommand.h"
#include "document/MaskEditCommand.h"
#include "document/MaskFilters.h"
#include "document/ReplaceImageCommand.h"
#include "session/SessionRecovery.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"

#include <QComboBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace muse;
using namespace muse::ui;

class TestUiSettings : public QObject {
    Q_OBJECT

private slots:
    void defaults()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        QCOMPARE(settings.device(), QStringLiteral("auto"));
        QCOMPARE(settings.precision(), Precision::Float32);
        QVERIFY(settings.previews());
        QCOMPARE(settings.modelFolder(), QString());
        QCOMPARE(settings.language(), QString());
        QCOMPARE(settings.autosaveSeconds(), 60);
        QVERIFY(settings.recentFiles().isEmpty());
        QCOMPARE(settings.engineOptions().device, std::string("auto"));
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("s.ini"));
        {
            AppSettings settings(ini);
            settings.setDevice(QStringLiteral("cuda:1"));
            settings.setPrecision(Precision::BFloat16);
            settings.setPreviews(false);
            settings.setPreviewIntervalSeconds(0.5);
            settings.setModelFolder(QStringLiteral("/models/amused-512"));
            settings.addRecentModelFolder(QStringLiteral("/models/amused-256"));
            settings.addRecentModelFolder(QStringLiteral("/models/amused-512"));
            settings.setLanguage(QStringLiteral("fr"));
            for (int i = 0; i < 12; ++i)
                settings.addRecentFile(QStringLiteral("/img/%1.png").arg(i));
            settings.addRecentFile(QStringLiteral("/img/5.png"));
            settings.setAutosaveSeconds(120);
            settings.setMaskColor(QColor(10, 200, 30));
            settings.setMaskOpacity(0.3);
            settings.setBrushSize(77);
            settings.setBrushHardness(0.25);
            settings.setShowTokenGrid(true);
            settings.setShowConfidence(true);
            settings.setLastRequestJson(QStringLiteral("{\"mode\":\"generate\"}"));
            settings.setSeedLocked(true);
            settings.setWindowGeometry(QByteArray("geometry"));
            settings.setWindowState(QByteArray("state"));
            settings.sync();
        }
        AppSettings settings(ini);
        QCOMPARE(settings.device(), QStringLiteral("cuda:1"));
        QCOMPARE(settings.precision(), Precision::BFloat16);
        QVERIFY(!settings.previews());
        QCOMPARE(settings.previewIntervalSeconds(), 0.5);
        const EngineOptions options = settings.engineOptions();
        QCOMPARE(options.device, std::string("cuda:1"));
        QCOMPARE(options.precision, Precision::BFloat16);
        QVERIFY(!options.previews);
        QCOMPARE(settings.modelFolder(), QStringLiteral("/models/amused-512"));
        QCOMPARE(settings.recentModelFolders(), (QStringList{QStringLiteral("/models/amused-512"), QStringLiteral("/models/amused-256")}));
        QCOMPARE(settings.language(), QStringLiteral("fr"));
        const QStringList recent = settings.recentFiles();
        QCOMPARE(recent.size(), AppSettings::kMaxRecentFiles);
        QCOMPARE(recent.first(), QStringLiteral("/img/5.png")); // moved to the front, not duplicated
        QCOMPARE(recent.count(QStringLiteral("/img/5.png")), 1);
        QCOMPARE(recent.at(1), QStringLiteral("/img/11.png"));
        QVERIFY(!recent.contains(QStringLiteral("/img/0.png")));
        QCOMPARE(settings.autosaveSeconds(), 120);
        QCOMPARE(settings.maskColor(), QColor(10, 200, 30));
        QCOMPARE(settings.maskOpacity(), 0.3);
        QCOMPARE(settings.brushSize(), 77);
        QCOMPARE(settings.brushHardness(), 0.25);
        QVERIFY(settings.showTokenGrid());
        QVERIFY(settings.showConfidence());
        QCOMPARE(settings.lastRequestJson(), QStringLiteral("{\"mode\":\"generate\"}"));
        QVERIFY(settings.seedLocked());
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
        QCOMPARE(settings.windowState(), QByteArray("state"));
        settings.removeRecentFile(QStringLiteral("/img/5.png"));
        QVERIFY(!settings.recentFiles().contains(QStringLiteral("/img/5.png")));
    }

    void dialogStoresItsWidgets()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
        SettingsDialog dialog(settings);
        QCOMPARE(dialog.deviceBox()->currentData().toString(), QStringLiteral("auto"));
        dialog.deviceBox()->setCurrentIndex(dialog.deviceBox()->findData(QStringLiteral("cpu")));
        dialog.precisionBox()->setCurrentIndex(dialog.precisionBox()->findData(static_cast<int>(Precision::Float16)));
        dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(QStringLiteral("de")));
        dialog.store();
        QVERIFY(dialog.engineChanged());
        QVERIFY(dialog.languageChanged());
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QCOMPARE(settings.precision(), Precision::Float16);
        QCOMPARE(settings.language(), QStringLiteral("de"));

        SettingsDialog again(settings);
        QCOMPARE(again.deviceBox()->currentData().toString(), QStringLiteral("cpu"));
        again.store();
        QVERIFY(!again.engineChanged());
        QVERIFY(!again.languageChanged());
    }

    void crashRecovery()
    {
        QTemporaryDir dir;
        Document doc;
        QImage image(32, 16, QImage::Format_RGB888);
        image.fill(QColor(200, 100, 50));
        doc.undoStack()->push(new ReplaceImageCommand(&doc, image, QImage(), {{"muse", "{\"mode\":\"edit\"}"}}, QStringLiteral("open")));
        QImage mask = MaskFilters::cleared(doc.imageSize());
        mask.scanLine(4)[7] = 255;
        doc.undoStack()->push(new MaskEditCommand(&doc, mask, QStringLiteral("mask")));
        doc.undoStack()->push(new ExtendCanvasCommand(&doc, QMargins(16, 0, 0, 32), 0, QStringLiteral("extend")));
        doc.setFilePath(QStringLiteral("/pictures/fox.png"));
        {
            SessionRecovery first(dir.path());
            QVERIFY(first.begin());
            QVERIFY(!first.previousSessionCrashed());
            SessionRecovery second(dir.path());
            QVERIFY(!second.begin()); // one instance at a time
            QVERIFY(first.save(doc, QStringLiteral("/history/x.png")).isOk());
            // Destroyed without end(): what a crash leaves behind.
        }
        {
            SessionRecovery next(dir.path());
            QVERIFY(next.begin());
            QVERIFY(next.previousSessionCrashed());
            QVERIFY(next.hasAutosave());
            auto saved = next.loadAutosave();
            QVERIFY(saved.isOk());
            QCOMPARE(saved->image.size(), QSize(32, 16));
            QCOMPARE(saved->image.pixelColor(3, 3), QColor(200, 100, 50));
            QCOMPARE(saved->mask.constScanLine(4)[7], uchar(255));
            QCOMPARE(saved->mask.constScanLine(4)[8], uchar(0));
            QCOMPARE(saved->margins, QMargins(16, 0, 0, 32));
            QCOMPARE(saved->metadata.at("muse"), std::string("{\"mode\":\"edit\"}"));
            QCOMPARE(saved->filePath, QStringLiteral("/pictures/fox.png"));
            QCOMPARE(saved->historyPath, QStringLiteral("/history/x.png"));
            QVERIFY(saved->savedAt.isValid());
            next.end(); // a clean exit
        }
        SessionRecovery after(dir.path());
        QVERIFY(after.begin());
        QVERIFY(!after.previousSessionCrashed());
        QVERIFY(!after.hasAutosave());
        after.end();
    }
};

QTEST_MAIN(TestUiSettings)
#include "tst_uisettings.moc"
