// Extending the canvas for outpainting: margins through undo commands and by dragging the
// canvas's edge handles (one drag = one undo step), and applying a larger result.

#include "canvas/CanvasView.h"
#include "document/Document.h"
#include "document/ExtendCanvasCommand.h"
#include "document/ReplaceImageCommand.h"

#include <QUndoStack>
#include <QtTest>

using namespace muse::ui;

namespace {

QImage rgb(int w, int h, QColor color)
{
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(color);
    return image;
}

} // namespace

class TestCanvasExtend : public QObject {
    Q_OBJECT

private slots:
    void marginsUndoRedo()
    {
        Document doc;
        doc.undoStack()->push(new ReplaceImageCommand(&doc, rgb(64, 48, Qt::red), QImage(), {}, QStringLiteral("open")));
        QSignalSpy marginsSpy(&doc, &Document::marginsChanged);
        doc.undoStack()->push(new ExtendCanvasCommand(&doc, QMargins(16, 0, 32, 16), 0, QStringLiteral("extend")));
        QCOMPARE(doc.margins(), QMargins(16, 0, 32, 16));
        QCOMPARE(doc.canvasRect(), QRect(-16, 0, 64 + 48, 48 + 16));
        QCOMPARE(doc.imageSize(), QSize(64, 48)); // the image itself is unchanged until a result is applied
        QCOMPARE(marginsSpy.count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.margins(), QMargins());
        QCOMPARE(doc.canvasRect(), QRect(0, 0, 64, 48));
        doc.undoStack()->redo();
        QCOMPARE(doc.margins(), QMargins(16, 0, 32, 16));

        // Applying the outpaint result: the larger image replaces the old one and the margins go.
        doc.undoStack()->push(new ReplaceImageCommand(&doc, rgb(112, 64, Qt::blue), QImage(), {}, QStringLiteral("apply")));
        QCOMPARE(doc.imageSize(), QSize(112, 64));
        QCOMPARE(doc.margins(), QMargins());
        QCOMPARE(doc.mask().size(), QSize(112, 64));
        doc.undoStack()->undo();
        QCOMPARE(doc.imageSize(), QSize(64, 48));
        QCOMPARE(doc.image().pixelColor(0, 0), QColor(Qt::red));
        QCOMPARE(doc.margins(), QMargins(16, 0, 32, 16));
        QCOMPARE(doc.mask().size(), QSize(64, 48));
    }

    void draggingAHandle()
    {
        Document doc;
        doc.undoStack()->push(new ReplaceImageCommand(&doc, rgb(64, 64, Qt::gray), QImage(), {}, QStringLiteral("open")));
        doc.undoStack()->clear();
        CanvasView canvas(&doc);
        canvas.resize(400, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        canvas.setMarginHandlesVisible(true);
        canvas.setMarginStep(16);
        canvas.actualSize();

        // The right handle sits at the middle of the canvas's right edge.
        const QPoint handle = canvas.mapFromDocument(QPointF(64, 32)).toPoint();
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, handle);
        QTest::mouseMove(&canvas, handle + QPoint(20, 0)); // 20 px → 1.25 tokens → 16
        QCOMPARE(doc.margins(), QMargins(0, 0, 16, 0));
        QTest::mouseMove(&canvas, handle + QPoint(40, 3)); // 2.5 tokens → rounds to 3 → 48
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, handle + QPoint(40, 3));
        QCOMPARE(doc.margins(), QMargins(0, 0, 48, 0));
        QCOMPARE(doc.undoStack()->count(), 1); // one drag, one step

        // The top handle, dragged up, grows the top margin; then undo each drag.
        const QPoint top = canvas.mapFromDocument(QPointF(doc.canvasRect().center().x() + 0.5, 0)).toPoint();
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, top);
        QTest::mouseMove(&canvas, top - QPoint(0, 33));
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, top - QPoint(0, 33));
        QCOMPARE(doc.margins(), QMargins(0, 32, 48, 0));
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        QCOMPARE(doc.margins(), QMargins(0, 0, 48, 0));
        doc.undoStack()->undo();
        QCOMPARE(doc.margins(), QMargins());

        // A drag that comes back to where it started leaves no undo step.
        doc.undoStack()->clear();
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, handle);
        QTest::mouseMove(&canvas, handle + QPoint(30, 0));
        QTest::mouseMove(&canvas, handle);
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, handle);
        QCOMPARE(doc.margins(), QMargins());
        QCOMPARE(doc.undoStack()->count(), 0);

        // Without handles (other modes) the same drag paints the mask instead.
        canvas.setMarginHandlesVisible(false);
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, canvas.mapFromDocument(QPointF(60, 32)).toPoint());
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, canvas.mapFromDocument(QPointF(60, 32)).toPoint());
        QCOMPARE(doc.margins(), QMargins());
        QVERIFY(doc.hasMask());
    }
};

QTEST_MAIN(TestCanvasExtend)
#include "tst_canvasextend.moc"
