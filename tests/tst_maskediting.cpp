// Painting the mask on the canvas with the mouse, undo/redo of strokes and whole-mask edits,
// the brush's footprint and the token grid the mask maps to.

#include "canvas/CanvasView.h"
#include "document/Document.h"
#include "document/MaskBrush.h"
#include "document/MaskEditCommand.h"
#include "document/MaskFilters.h"
#include "document/ReplaceImageCommand.h"

#include <QUndoStack>
#include <QtTest>

using namespace muse::ui;

namespace {

int countSet(const QImage& mask)
{
    int n = 0;
    for (int y = 0; y < mask.height(); ++y)
        for (int x = 0; x < mask.width(); ++x)
            n += mask.constScanLine(y)[x] == 255 ? 1 : 0;
    return n;
}

int countNonZero(const QImage& mask)
{
    int n = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const uchar* row = mask.constScanLine(y);
        for (int x = 0; x < mask.width(); ++x)
            n += row[x] ? 1 : 0;
    }
    return n;
}

uchar at(const QImage& mask, int x, int y) { return mask.constScanLine(y)[x]; }

QImage grayImage(int w, int h)
{
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(QColor(100, 120, 140));
    return image;
}

} // namespace

class TestMaskEditing : public QObject {
    Q_OBJECT

private:
    // Drags the mouse over the canvas along document coordinates.
    static void stroke(CanvasView& canvas, const QList<QPointF>& docPoints)
    {
        const auto widgetPos = [&](QPointF p) { return canvas.mapFromDocument(p).toPoint(); };
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, widgetPos(docPoints.first()));
        for (int i = 1; i < docPoints.size(); ++i)
            QTest::mouseMove(&canvas, widgetPos(docPoints[i]));
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, widgetPos(docPoints.last()));
    }

private slots:
    void brushFootprintIsExact()
    {
        const MaskBrush brush(10, 1.0, MaskBrush::Mode::Paint);
        QImage patch = MaskFilters::cleared(QSize(20, 20));
        brush.paintSegment(patch, QPoint(0, 0), QPointF(10, 10), QPointF(10, 10));
        // Hard round dab of radius 5 around (10, 10): pixel centres closer than 5 are set.
        QCOMPARE(at(patch, 10, 10), uchar(255));
        QCOMPARE(at(patch, 14, 10), uchar(255)); // centre 14.5 → 4.53 away
        QCOMPARE(at(patch, 15, 10), uchar(0));   // 5.52 away
        QCOMPARE(at(patch, 5, 9), uchar(255));   // 4.53 away
        QCOMPARE(at(patch, 4, 9), uchar(0));
        int inside = 0;
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 20; ++x)
                inside += std::hypot(x + 0.5 - 10, y + 0.5 - 10) < 5.0 ? 1 : 0;
        QCOMPARE(countSet(patch), inside);

        const MaskBrush soft(10, 0.0, MaskBrush::Mode::Paint);
        QCOMPARE(soft.coverage(0.0), 1.0);
        QVERIFY(soft.coverage(2.5) > 0.4 && soft.coverage(2.5) < 0.6);
        QCOMPARE(soft.coverage(5.0), 0.0);
    }

    void paintingWithTheMouseAndUndo()
    {
        Document doc;
        doc.undoStack()->push(new ReplaceImageCommand(&doc, grayImage(64, 64), QImage(), {}, QStringLiteral("open")));
        doc.undoStack()->clear();
        CanvasView canvas(&doc);
        canvas.resize(300, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        canvas.actualSize();
        canvas.setTool(CanvasView::Tool::Brush);
        canvas.setBrushSize(10);
        canvas.setBrushHardness(1.0);

        stroke(canvas, {QPointF(20, 20), QPointF(30, 20), QPointF(40, 20)});
        const QImage painted = doc.mask();
        // A 10 px wide horizontal band from x = 15 to 44 (round caps), rows 15..24.
        QCOMPARE(at(painted, 30, 20), uchar(255));
        QCOMPARE(at(painted, 30, 15), uchar(255));
        QCOMPARE(at(painted, 30, 24), uchar(255));
        QCOMPARE(at(painted, 30, 14), uchar(0));
        QCOMPARE(at(painted, 30, 25), uchar(0));
        QCOMPARE(at(painted, 15, 20), uchar(255));
        QCOMPARE(at(painted, 44, 20), uchar(255));
        QCOMPARE(at(painted, 14, 20), uchar(0));
        QCOMPARE(at(painted, 45, 20), uchar(0));
        QCOMPARE(at(painted, 50, 50), uchar(0));
        // The same footprint as the brush drawn directly along the segment.
        QImage reference = MaskFilters::cleared(QSize(64, 64));
        MaskBrush(10, 1.0, MaskBrush::Mode::Paint).paintSegment(reference, QPoint(0, 0), QPointF(20, 20), QPointF(40, 20));
        QCOMPARE(painted, reference);

        // One stroke, many segments: a single undo step.
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(countNonZero(doc.mask()), 0);
        doc.undoStack()->redo();
        QCOMPARE(doc.mask(), painted);

        // A second stroke is its own step; undo brings back exactly the first.
        stroke(canvas, {QPointF(20, 50), QPointF(50, 50)});
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(at(doc.mask(), 35, 50), uchar(255));
        doc.undoStack()->undo();
        QCOMPARE(doc.mask(), painted);

        // The eraser removes, and its undo restores.
        canvas.setTool(CanvasView::Tool::Eraser);
        stroke(canvas, {QPointF(30, 10), QPointF(30, 30)});
        QCOMPARE(at(doc.mask(), 30, 20), uchar(0));
        QCOMPARE(at(doc.mask(), 20, 20), uchar(255)); // outside the eraser's band
        doc.undoStack()->undo();
        QCOMPARE(doc.mask(), painted);

        // Pan tool drags the view, not the mask.
        canvas.setTool(CanvasView::Tool::Pan);
        const int before = doc.undoStack()->count();
        stroke(canvas, {QPointF(5, 5), QPointF(60, 60)});
        QCOMPARE(doc.undoStack()->count(), before);
        QCOMPARE(doc.mask(), painted);
    }

    void wholeMaskEditsUndo()
    {
        Document doc;
        doc.undoStack()->push(new ReplaceImageCommand(&doc, grayImage(40, 30), QImage(), {}, QStringLiteral("open")));
        QCOMPARE(doc.mask().size(), QSize(40, 30));
        QVERIFY(!doc.hasMask());
        doc.undoStack()->push(new MaskEditCommand(&doc, MaskFilters::filled(doc.imageSize()), QStringLiteral("fill")));
        QCOMPARE(countSet(doc.mask()), 40 * 30);
        doc.undoStack()->push(new MaskEditCommand(&doc, MaskFilters::inverted(doc.mask()), QStringLiteral("invert")));
        QCOMPARE(countNonZero(doc.mask()), 0);
        doc.undoStack()->undo();
        QCOMPARE(countSet(doc.mask()), 40 * 30);
        doc.undoStack()->undo();
        QVERIFY(!doc.hasMask());

        QImage square = MaskFilters::cleared(doc.imageSize());
        for (int y = 10; y < 20; ++y)
            for (int x = 15; x < 25; ++x)
                square.scanLine(y)[x] = 255;
        QVERIFY(countSet(MaskFilters::grown(square, 2)) > 100);
        QCOMPARE(countSet(MaskFilters::grown(square, -2)), 36);
        const QImage feathered = MaskFilters::feathered(square, 4);
        QCOMPARE(at(feathered, 20, 15), uchar(255));
        QVERIFY(at(feathered, 27, 15) > 0 && at(feathered, 27, 15) < 255);
    }

    void tokenGridOfAStroke()
    {
        QImage mask = MaskFilters::cleared(QSize(64, 64));
        MaskBrush(10, 1.0, MaskBrush::Mode::Paint).paintSegment(mask, QPoint(0, 0), QPointF(20, 20), QPointF(40, 20));
        // Set pixels span x 15..44, y 15..24: token columns 0..2, rows 0..1 of a 4×4 grid, except
        // token (0, 0): at x = 15 the round cap only covers rows 18..21.
        const muse::TokenMask grid = MaskFilters::tokenGrid(mask, 16, 0);
        QCOMPARE(grid.width, 4);
        QCOMPARE(grid.height, 4);
        QCOMPARE(grid.count(), 5);
        QVERIFY(!grid.at(0, 0));
        QVERIFY(grid.at(0, 1));
        QVERIFY(grid.at(1, 0));
        QVERIFY(grid.at(2, 1));
        QVERIFY(!grid.at(3, 0));
        QCOMPARE(MaskFilters::tokenGrid(mask, 16, 1).count(), 12);
        // A mask that is not whole tokens is padded with "keep".
        const muse::TokenMask padded = MaskFilters::tokenGrid(mask.copy(0, 0, 50, 40), 16, 0);
        QCOMPARE(padded.width, 4);
        QCOMPARE(padded.height, 3);
        QCOMPARE(padded.count(), 5);
    }
};

QTEST_MAIN(TestMaskEditing)
#include "tst_maskediting.moc"
