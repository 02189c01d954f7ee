// From the prompt panel's request and the document to a queued job: images, masks and margins
// filled in, inputs written for the metadata, where the result lands, and the errors a user
// gets before anything reaches the engine.

#include "document/Document.h"
#include "document/ExtendCanvasCommand.h"
#include "document/MaskEditCommand.h"
#include "document/MaskFilters.h"
#include "document/ReplaceImageCommand.h"
#include "history/HistoryStore.h"
#include "jobs/RequestBuilder.h"

#include "muse/Image.h"

#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace muse;
using namespace muse::ui;

namespace {

ModelDescription model16()
{
    ModelDescription model;
    model.tokenSize = 16;
    model.nativeWidth = 256;
    model.nativeHeight = 256;
    return model;
}

void openImage(Document& doc, int w, int h)
{
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(QColor(10, 20, 30));
    doc.undoStack()->push(new ReplaceImageCommand(&doc, image, QImage(), {}, QStringLiteral("open")));
}

} // namespace

class TestRequestBuilder : public QObject {
    Q_OBJECT

private slots:
    void generateNeedsNoImageAndSnapsTheSize()
    {
        Document doc;
        GenerateRequest request;
        request.settings.prompt = "  a   fox\n in snow ";
        request.width = 300;
        request.height = 200;
        auto built = RequestBuilder::build(request, doc, model16(), nullptr, 1);
        QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
        const auto& g = std::get<GenerateRequest>(built.job.request);
        QCOMPARE(g.width, 304);  // nearest whole tokens
        QCOMPARE(g.height, 208);
        QCOMPARE(built.job.expectedSize, QSize(304, 208));
        QCOMPARE(built.job.label, QStringLiteral("a fox in snow"));

        GenerateRequest native;
        built = RequestBuilder::build(native, doc, model16(), nullptr, 2);
        QCOMPARE(built.job.expectedSize, QSize(256, 256));
    }

    void inpaintNeedsImageAndMask()
    {
        QTemporaryDir dir;
        HistoryStore inputs(dir.path());
        Document doc;
        InpaintRequest request;
        request.settings.prompt = "a hat";
        auto built = RequestBuilder::build(request, doc, model16(), &inputs, 1);
        QVERIFY(!built.error.isEmpty()); // no image

        openImage(doc, 64, 32);
        built = RequestBuilder::build(request, doc, model16(), &inputs, 1);
        QVERIFY(!built.error.isEmpty()); // no mask painted
        QImage mask = MaskFilters::cleared(doc.imageSize());
        mask.scanLine(5)[9] = 255;
        doc.undoStack()->push(new MaskEditCommand(&doc, mask, QStringLiteral("mask")));
        built = RequestBuilder::build(request, doc, model16(), &inputs, 7);
        QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
        const auto& r = std::get<InpaintRequest>(built.job.request);
        QCOMPARE(r.image.width, 64);
        QCOMPARE(r.mask.channels, 1);
        QCOMPARE(r.mask.pixel(9, 5)[0], uint8_t(255));
        // The inputs are on disk and named by the request, so its metadata can be re-run.
        auto savedMask = readImage(r.maskPath);
        QVERIFY(savedMask.isOk());
        QCOMPARE(savedMask->pixel(9, 5)[0], uint8_t(255));
        QCOMPARE(savedMask->pixel(10, 5)[0], uint8_t(0));
        QVERIFY(readImage(r.imagePath).isOk());
        QVERIFY(QString::fromStdString(requestToJson(built.job.request)).contains(QString::fromStdString(r.maskPath)));
        QCOMPARE(built.job.expectedSize, QSize(64, 32));
        QCOMPARE(built.job.resultOrigin, QPoint(0, 0));
    }

    void outpaintTakesTheDocumentMargins()
    {
        Document doc;
        openImage(doc, 64, 48);
        OutpaintRequest request;
        auto built = RequestBuilder::build(request, doc, model16(), nullptr, 1);
        QVERIFY(!built.error.isEmpty()); // nothing to extend
        doc.undoStack()->push(new ExtendCanvasCommand(&doc, QMargins(20, 0, 16, 40), 0, QStringLiteral("extend")));
        built = RequestBuilder::build(request, doc, model16(), nullptr, 1);
        QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
        const auto& r = std::get<OutpaintRequest>(built.job.request);
        QCOMPARE(r.margins.left, 20);
        QCOMPARE(r.margins.bottom, 40);
        // The engine rounds each margin up to whole tokens: 20 → 32, 40 → 48.
        QCOMPARE(built.job.resultOrigin, QPoint(-32, 0));
        QCOMPARE(built.job.expectedSize, QSize(32 + 64 + 16, 48 + 48));
        QVERIFY(r.imagePath.empty()); // no input store given

        // The result's size tells which unit the engine rounded to.
        QCOMPARE(RequestBuilder::outpaintOrigin(QSize(64, 48), QMargins(20, 0, 16, 40), QSize(112, 96), 16), QPoint(-32, 0));
        // A model whose size unit is 2 tokens (32 px): 64 + 32 + 32 wide, 64 + 64 high.
        QCOMPARE(RequestBuilder::outpaintOrigin(QSize(64, 48), QMargins(20, 0, 16, 40), QSize(128, 128), 16), QPoint(-32, 0));
        QCOMPARE(RequestBuilder::outpaintOrigin(QSize(64, 48), QMargins(40, 8, 0, 0), QSize(112, 64), 16), QPoint(-48, -16));
    }

    void engineValidationReachesTheUser()
    {
        Document doc;
        openImage(doc, 32, 32);
        EditRequest request;
        request.strength = 0.0f; // out of range
        auto built = RequestBuilder::build(request, doc, model16(), nullptr, 1);
        QVERIFY(built.error.contains(QStringLiteral("strength")));
        request.strength = 0.4f;
        built = RequestBuilder::build(request, doc, model16(), nullptr, 1);
        QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
        QCOMPARE(std::get<EditRequest>(built.job.request).image.height, 32);
        QCOMPARE(RequestBuilder::roundUpToTokens(1, 16), 16);
        QCOMPARE(RequestBuilder::roundUpToTokens(32, 16), 32);
        QCOMPARE(RequestBuilder::roundUpToTokens(0, 16), 0);
    }
};

QTEST_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
