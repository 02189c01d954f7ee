// Masks to token grids, feathering, compositing and the outpaint canvas.

#include "muse/MaskOps.h"

#include <QtTest>

using namespace muse;

namespace {

Image rgbNoise(int w, int h, int seed)
{
    Image image(w, h, 3);
    uint32_t state = static_cast<uint32_t>(seed) * 2654435761u + 1;
    for (auto& v : image.pixels) {
        state = state * 1664525u + 1013904223u;
        v = static_cast<uint8_t>(state >> 24);
    }
    return image;
}

} // namespace

class TestMaskOps : public QObject {
    Q_OBJECT

private slots:
    void anyCoverageMarksTheToken()
    {
        Image mask(128, 64, 1, 0);
        mask.pixel(17, 3)[0] = 1;     // a single faint pixel in token (1, 0) of a 16-pixel grid
        mask.pixel(127, 63)[0] = 255; // the last pixel → token (7, 3)
        TokenMask tokens = maskToTokenGrid(mask, 16);
        QCOMPARE(tokens.width, 8);
        QCOMPARE(tokens.height, 4);
        QCOMPARE(tokens.count(), 2);
        QVERIFY(tokens.at(1, 0));
        QVERIFY(tokens.at(7, 3));
        TokenMask grown = maskToTokenGrid(mask, 16, 1);
        QCOMPARE(grown.count(), 6 + 4); // (0..2, 0..1) around (1, 0) and (6..7, 2..3) around (7, 3)
        QVERIFY(grown.at(0, 1));
        QVERIFY(grown.at(6, 2));
        QVERIFY(!grown.at(4, 2));
        QCOMPARE(tokenGridToMask(tokens, 16).pixel(20, 10)[0], uint8_t(255));
    }

    void growShrinkInvert()
    {
        Image mask(40, 40, 1, 0);
        for (int y = 15; y < 25; ++y)
            for (int x = 15; x < 25; ++x)
                mask.pixel(x, y)[0] = 255;
        auto area = [](const Image& m) { return std::count(m.pixels.begin(), m.pixels.end(), uint8_t(255)); };
        QVERIFY(area(growMask(mask, 3)) > area(mask));
        QVERIFY(area(growMask(mask, -3)) < area(mask));
        QCOMPARE(area(growMask(mask, -3)), long(4 * 4));
        QCOMPARE(area(invertMask(mask)), long(40 * 40 - 100));
    }

    void featherKeepsMaskAndFades()
    {
        Image mask(64, 64, 1, 0);
        for (int y = 20; y < 44; ++y)
            for (int x = 20; x < 44; ++x)
                mask.pixel(x, y)[0] = 255;
        Image soft = featherMask(mask, 6);
        QCOMPARE(soft.pixel(20, 20)[0], uint8_t(255)); // painted pixels stay fully regenerated
        QVERIFY(soft.pixel(17, 32)[0] > 0);            // the ramp lies outside
        QVERIFY(soft.pixel(17, 32)[0] < 255);
        QCOMPARE(soft.pixel(2, 2)[0], uint8_t(0));     // far away: untouched
    }

    void compositeKeepsOutsidePixelsExactly()
    {
        const Image original = rgbNoise(48, 32, 1), generated = rgbNoise(48, 32, 2);
        Image mask(48, 32, 1, 0);
        for (int y = 8; y < 20; ++y)
            for (int x = 10; x < 30; ++x)
                mask.pixel(x, y)[0] = 255;
        const Image alpha = featherMask(mask, 4);
        auto out = compositeThroughMask(original, generated, alpha);
        QVERIFY(out.isOk());
        int outsideChecked = 0;
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 48; ++x) {
                const int a = alpha.pixel(x, y)[0];
                if (a == 0) {
                    QVERIFY(std::equal(out->pixel(x, y), out->pixel(x, y) + 3, original.pixel(x, y)));
                    ++outsideChecked;
                } else if (a == 255) {
                    QVERIFY(std::equal(out->pixel(x, y), out->pixel(x, y) + 3, generated.pixel(x, y)));
                }
            }
        QVERIFY(outsideChecked > 500);
        QCOMPARE(compositeThroughMask(original, rgbNoise(40, 32, 3), alpha).status().code(), ErrorCode::InvalidArgument);
    }

    void outpaintCanvas()
    {
        const Image image = rgbNoise(32, 16, 5);
        auto canvas = extendCanvas(image, {10, 0, 16, 1}, 16);
        QVERIFY(canvas.isOk());
        QCOMPARE(canvas->margins.left, 16);   // rounded up to whole tokens
        QCOMPARE(canvas->margins.bottom, 16);
        QCOMPARE(canvas->image.width, 16 + 32 + 16);
        QCOMPARE(canvas->image.height, 16 + 16);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 32; ++x) {
                QVERIFY(std::equal(image.pixel(x, y), image.pixel(x, y) + 3, canvas->image.pixel(16 + x, y)));
                QCOMPARE(canvas->mask.pixel(16 + x, y)[0], uint8_t(0));
            }
        QCOMPARE(canvas->mask.pixel(0, 0)[0], uint8_t(255));
        QCOMPARE(canvas->mask.pixel(20, 20)[0], uint8_t(255));
        QCOMPARE(extendCanvas(rgbNoise(30, 16, 1), {16, 0, 0, 0}, 16).status().code(), ErrorCode::InvalidArgument);
        QCOMPARE(extendCanvas(image, {-1, 0, 0, 0}, 16).status().code(), ErrorCode::InvalidArgument);
    }

    void padAndCrop()
    {
        const Image image = rgbNoise(30, 17, 9);
        const Image padded = padToMultiple(image, 16);
        QCOMPARE(padded.width, 32);
        QCOMPARE(padded.height, 32);
        QVERIFY(std::equal(padded.pixel(31, 31), padded.pixel(31, 31) + 3, image.pixel(29, 16)));
        const Image back = cropImage(padded, 0, 0, 30, 17);
        QVERIFY(back.pixels == image.pixels);
        QVERIFY(cropImage(image, 100, 100, 5, 5).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMaskOps)
#include "tst_maskops.moc"
