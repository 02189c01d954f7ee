// Files and metadata: export writes the request JSON as a PNG text chunk (read back with core's
// reader), JPEG export, results written to the history folder with per-image metadata, and
// opening / dropping a PNG with our metadata restores its parameters.

#include "MainWindow.h"
#include "canvas/CanvasView.h"
#include "TestPaths.h"
#include "document/Document.h"
#include "document/MaskEditCommand.h"
#include "document/MaskFilters.h"
#include "history/HistoryStore.h"
#include "io/ImageFiles.h"
#include "jobs/EngineHost.h"
#include "jobs/JobQueue.h"
#include "panels/PromptPanel.h"
#include "settings/AppSettings.h"

#include "muse/Image.h"
#include "muse/Requests.h"

#include <QAction>
#include <QDir>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace muse;
using namespace muse::ui;

namespace {

QImage pattern(int w, int h)
{
    QImage image(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 5) % 256, (x + y) % 256));
    return image;
}

std::string sampleRequestJson(const std::string& prompt, uint64_t seed)
{
    GenerateRequest request;
    request.settings.prompt = prompt;
    request.settings.negativePrompt = "blurry";
    request.settings.seed = seed;
    request.settings.steps = 16;
    request.settings.guidanceScale = 4.5f;
    request.settings.guidanceMode = GuidanceMode::Linear;
    request.settings.temperature = 1.5f;
    return requestToJson(request);
}

} // namespace

class TestUiExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pngExportKeepsMetadata()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.png"));
        const QImage image = pattern(48, 32);
        const TextChunks metadata{{"muse", sampleRequestJson("a lighthouse at dusk", 99)},
                                  {"parameters", "a lighthouse at dusk\nSteps: 16, Seed: 99"}};
        const Status status = ImageFiles::save(path, image, metadata);
        QVERIFY2(status.isOk(), status.toString().c_str());

        std::map<std::string, std::string> chunks;
        auto read = readImage(path.toStdString(), &chunks);
        QVERIFY(read.isOk());
        QCOMPARE(read->width, 48);
        QCOMPARE(read->height, 32);
        QCOMPARE(chunks.at("muse"), metadata.at("muse"));
        QCOMPARE(chunks.at("parameters"), metadata.at("parameters"));
        QCOMPARE(read->pixel(5, 7)[0], uint8_t(35)); // pixels survive exactly
        QCOMPARE(read->pixel(5, 7)[1], uint8_t(35));
        QCOMPARE(read->pixel(5, 7)[2], uint8_t(12));

        const QString jpeg = dir.filePath(QStringLiteral("out.jpg"));
        QVERIFY(ImageFiles::save(jpeg, image, metadata).isOk());
        auto jpegRead = readImage(jpeg.toStdString());
        QVERIFY(jpegRead.isOk());
        QCOMPARE(jpegRead->width, 48);
        QVERIFY(!ImageFiles::save(dir.filePath(QStringLiteral("out.bmp")), image, metadata).isOk());
    }

    void historyWritesEachImageWithItsMetadata()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        auto result = std::make_shared<GenerationResult>();
        GenerateRequest request;
        request.settings.prompt = "two cats";
        request.settings.numImages = 2;
        result->request = request;
        result->seeds = {40, 41};
        JobOutcome outcome;
        for (int i = 0; i < 2; ++i) {
            GenerateRequest single = request;
            single.settings.seed = 40 + i;
            single.settings.numImages = 1;
            result->pngText.push_back({{"muse", requestToJson(single)},
                                       {"parameters", "two cats\nSteps: 12, Seed: " + std::to_string(40 + i)}});
            QImage image(16, 16, QImage::Format_RGB888);
            image.fill(i == 0 ? Qt::red : Qt::green);
            outcome.images.append(image);
            Image pixels(16, 16, 3, 0);
            for (int p = 0; p < 16 * 16; ++p)
                pixels.pixels[p * 3 + (i == 0 ? 0 : 1)] = 255;
            result->images.push_back(pixels);
        }
        outcome.result = result;
        QSignalSpy added(&store, &HistoryStore::entryAdded);
        QString error;
        const QVector<HistoryEntry> entries = store.addResult(3, outcome, QPoint(-16, 0), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(entries.size(), 2);
        QCOMPARE(added.count(), 2);
        QCOMPARE(store.entries().first().path, entries[0].path); // the first image leads
        QCOMPARE(store.entries().first().origin, QPoint(-16, 0));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(QFile::exists(entries[i].path));
            auto text = readPngText(entries[i].path.toStdString());
            QVERIFY(text.isOk());
            QCOMPARE(*text, result->pngText[i]);
            auto back = requestFromJson(text->at("muse"));
            QVERIFY(back.isOk());
            QCOMPARE(requestSettings(*back).seed, uint64_t(40 + i));
        }
        QCOMPARE(QImage(entries[1].path).pixelColor(3, 3), QColor(Qt::green));

        // A second store over the same folder finds them again (newest first).
        HistoryStore reopened(dir.path());
        QSignalSpy reset(&reopened, &HistoryStore::entriesReset);
        reopened.loadExisting();
        QVERIFY(reset.wait(10000));
        QCOMPARE(reopened.entries().size(), 2);
        QCOMPARE(reopened.entries()[0].prompt(), QStringLiteral("two cats"));
        QVERIFY(!reopened.entries()[0].thumbnail.isNull());
        // Removing goes to the freedesktop trash of the (test-mode) data location, created when
        // missing — not to files/ and info/ in the working directory, where Qt 6.4 falls back to.
        const QString removed = reopened.entries()[1].path;
        const QString trash = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/Trash";
        QDir(trash).removeRecursively();
        QVERIFY(reopened.remove(1));
        QCOMPARE(reopened.entries().size(), 1);
        QVERIFY(!QFile::exists(removed));
        const QString name = QFileInfo(removed).fileName();
        QVERIFY2(QFile::exists(trash + "/files/" + name), qPrintable(trash + "/files/" + name));
        QVERIFY(QFile::exists(trash + "/info/" + name + ".trashinfo"));
        QVERIFY(!QFile::exists(QDir::current().filePath("files/" + name)));
        QDir(trash).removeRecursively();
    }

    void openRestoresParametersAndExportWritesThemBack()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("made-by-muse.png"));
        const std::string json = sampleRequestJson("an owl made of brass", 1234);
        QVERIFY(ImageFiles::save(source, pattern(64, 48), {{"muse", json}}).isOk());

        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        EngineOptions options;
        options.device = "cpu";
        EngineHost engine(options);
        JobQueue queue(&engine);
        HistoryStore history(dir.filePath(QStringLiteral("history")));
        MainWindow window(settings, engine, queue, history, nullptr);

        QVERIFY(window.openFile(source));
        Document* doc = window.document();
        QCOMPARE(doc->imageSize(), QSize(64, 48));
        QCOMPARE(doc->image().pixelColor(5, 7), QColor(35, 35, 12));
        const PromptSettings restored = window.promptPanel()->settings();
        QCOMPARE(restored.prompt, std::string("an owl made of brass"));
        QCOMPARE(restored.negativePrompt, std::string("blurry"));
        QCOMPARE(restored.seed, uint64_t(1234));
        QCOMPARE(restored.steps, 16);
        QCOMPARE(restored.guidanceScale, 4.5f);
        QCOMPARE(restored.guidanceMode, GuidanceMode::Linear);
        QVERIFY(window.promptPanel()->isSeedLocked());

        const QString exported = dir.filePath(QStringLiteral("exported.png"));
        QVERIFY(window.exportTo(exported));
        auto chunks = readPngText(exported.toStdString());
        QVERIFY(chunks.isOk());
        QCOMPARE(chunks->at("muse"), json);

        // Dropping a PNG on the prompt panel restores its parameters only (the image stays).
        const QString other = dir.filePath(QStringLiteral("other.png"));
        QVERIFY(ImageFiles::save(other, pattern(8, 8), {{"muse", sampleRequestJson("a paper boat", 5)}}).isOk());
        QVERIFY(window.restoreParameters(other));
        QCOMPARE(window.promptPanel()->settings().prompt, std::string("a paper boat"));
        QCOMPARE(window.promptPanel()->settings().seed, uint64_t(5));
        QCOMPARE(doc->imageSize(), QSize(64, 48));
        // A PNG without our metadata restores nothing.
        const QString plain = dir.filePath(QStringLiteral("plain.png"));
        QVERIFY(ImageFiles::save(plain, pattern(8, 8), {}).isOk());
        QVERIFY(!window.restoreParameters(plain));
        QCOMPARE(window.promptPanel()->settings().prompt, std::string("a paper boat"));

        // Opening is undoable like every other change.
        QVERIFY(window.openFile(other));
        QCOMPARE(doc->imageSize(), QSize(8, 8));
        doc->undoStack()->undo();
        QCOMPARE(doc->imageSize(), QSize(64, 48));
        QVERIFY(settings.recentFiles().contains(QFileInfo(other).absoluteFilePath()));
    }

    // The whole loop with the tiny test model: generate → history file → shown → applied →
    // inpaint → apply → undo. Skipped while tests/data/models/tiny-muse is absent.
    void generateInpaintApplyWithTinyModel()
    {
        const QString model = QStringLiteral(MUSE_TEST_DATA "/models/tiny-muse");
        if (!QDir(model).exists())
            QSKIP("tests/data/models/tiny-muse is not there yet");
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        EngineOptions options;
        options.device = "cpu";
        EngineHost engine(options);
        JobQueue queue(&engine);
        HistoryStore history(dir.filePath(QStringLiteral("history")));
        MainWindow window(settings, engine, queue, history, nullptr);
        engine.loadModel(model);
        QVERIFY(QTest::qWaitFor([&] { return engine.modelState() != EngineHost::ModelState::Loading; }, 120000));
        QVERIFY2(engine.modelState() == EngineHost::ModelState::Ready, qPrintable(engine.modelError()));

        // Every result is on disk by the time the strip hears of it.
        QStringList filesWhenShown;
        connect(&history, &HistoryStore::entryAdded, this, [&](int index) {
            const QString path = history.entry(index)->path;
            if (QFile::exists(path))
                filesWhenShown << path;
        });
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        PromptSettings prompt;
        prompt.prompt = "a red circle";
        prompt.steps = 2;
        prompt.superResSteps = 2;
        window.promptPanel()->setSettings(prompt);
        window.promptPanel()->setMode(GenerationMode::Generate);
        window.findChild<QAction*>(QStringLiteral("actionGenerate"))->trigger();
        QVERIFY(finished.wait(120000));
        QCOMPARE(history.entries().size(), 1);
        QCOMPARE(filesWhenShown, QStringList{history.entries()[0].path});
        // The document was empty: the first generation becomes the image (undoably).
        Document* doc = window.document();
        QCOMPARE(doc->imageSize(), QSize(engine.model().nativeWidth, engine.model().nativeHeight));
        auto chunks = readPngText(history.entries()[0].path.toStdString());
        QVERIFY(chunks.isOk());
        QCOMPARE(doc->metadata().at("muse"), chunks->at("muse"));
        const QImage generated = doc->image();

        // Inpaint the left half; the result is staged, then applied, then undone.
        QImage mask = MaskFilters::cleared(doc->imageSize());
        for (int y = 0; y < mask.height(); ++y)
            for (int x = 0; x < mask.width() / 2; ++x)
                mask.scanLine(y)[x] = 255;
        doc->undoStack()->push(new MaskEditCommand(doc, mask, QStringLiteral("mask")));
        window.promptPanel()->setMode(GenerationMode::Inpaint);
        window.findChild<QAction*>(QStringLiteral("actionGenerate"))->trigger();
        QVERIFY(finished.wait(120000));
        QCOMPARE(history.entries().size(), 2);
        QVERIFY(window.canvas()->hasStagedImage());
        const QImage inpainted = window.canvas()->stagedImage();
        QCOMPARE(inpainted.size(), generated.size());
        QCOMPARE(doc->image(), generated); // staged, not yet applied
        window.findChild<QAction*>(QStringLiteral("actionApply"))->trigger();
        QCOMPARE(doc->image(), inpainted.convertToFormat(QImage::Format_RGB888));
        QVERIFY(!window.canvas()->hasStagedImage());
        QCOMPARE(doc->mask(), mask); // same size: the mask stays for another round
        doc->undoStack()->undo();
        QCOMPARE(doc->image(), generated);
        // The inpaint request names its inputs, written next to the history.
        auto text = readPngText(history.entries()[0].path.toStdString());
        auto request = requestFromJson(text->at("muse"));
        QVERIFY(request.isOk());
        const auto* inpaint = std::get_if<InpaintRequest>(&*request);
        QVERIFY(inpaint);
        QVERIFY(QFile::exists(QString::fromStdString(inpaint->maskPath)));
        QVERIFY(QFile::exists(QString::fromStdString(inpaint->imagePath)));
    }
};

QTEST_MAIN(TestUiExport)
#include "tst_uiexport.moc"
