// PNG/JPEG reading and writing with libpng/libjpeg, PNG text chunks, and bad files.

#include "TestPaths.h"
#include "muse/Image.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace muse;

namespace {

Image gradient(int w, int h, int channels)
{
    Image image(w, h, channels);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                image.pixel(x, y)[c] = static_cast<uint8_t>((x * 7 + y * 13 + c * 50) % 256);
    return image;
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeAll(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char b : bytes) {
        crc ^= b;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

} // namespace

class TestImageIo : public QObject {
    Q_OBJECT

private slots:
    void pngRoundTripWithText()
    {
        QTemporaryDir dir;
        for (int channels : {3, 4}) {
            const std::string path = dir.filePath(QString("rt%1.png").arg(channels)).toStdString();
            const Image image = gradient(37, 23, channels); // odd sizes on purpose
            const std::map<std::string, std::string> text = {
                {"parameters", "a café on mars\nNegative prompt: blurry\nSteps: 12, Seed: 42"},
                {"muse", R"({"prompt":"a café on mars","seed":42})"}};
            QVERIFY(writePng(path, image, text).isOk());
            std::map<std::string, std::string> readText;
            auto back = readImage(path, &readText);
            QVERIFY2(back.isOk(), back.status().toString().c_str());
            QCOMPARE(back->width, 37);
            QCOMPARE(back->height, 23);
            QCOMPARE(back->channels, channels);
            QVERIFY(back->pixels == image.pixels);
            QCOMPARE(readText.at("parameters"), text.at("parameters"));
            QCOMPARE(readText.at("muse"), text.at("muse"));
            auto onlyText = readPngText(path);
            QVERIFY(onlyText.isOk());
            QCOMPARE(onlyText->at("muse"), text.at("muse"));
        }
    }

    void grayPngBecomesRgb()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("gray.png").toStdString();
        Image gray = gradient(10, 6, 1);
        QVERIFY(writePng(path, gray).isOk());
        auto back = readImage(path);
        QVERIFY(back.isOk());
        QCOMPARE(back->channels, 3);
        QCOMPARE(int(back->pixel(4, 3)[0]), int(gray.pixel(4, 3)[0]));
        QCOMPARE(int(back->pixel(4, 3)[2]), int(gray.pixel(4, 3)[0]));
    }

    void jpegRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("x.jpg").toStdString();
        Image image(64, 48, 3, 0);
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x) {
                image.pixel(x, y)[0] = x < 32 ? 200 : 20;
                image.pixel(x, y)[1] = 100;
                image.pixel(x, y)[2] = y < 24 ? 30 : 220;
            }
        QVERIFY(writeJpeg(path, image, 95).isOk());
        auto back = readImage(path);
        QVERIFY2(back.isOk(), back.status().toString().c_str());
        QCOMPARE(back->width, 64);
        QCOMPARE(back->height, 48);
        double error = 0;
        for (std::size_t i = 0; i < image.pixels.size(); ++i)
            error += std::abs(int(image.pixels[i]) - int(back->pixels[i]));
        QVERIFY2(error / image.pixels.size() < 3.0, QByteArray::number(error / image.pixels.size()));
    }

    void badFiles()
    {
        QTemporaryDir dir;
        const std::string good = dir.filePath("good.png").toStdString();
        QVERIFY(writePng(good, gradient(40, 30, 3)).isOk());
        const std::string bytes = readAll(good);

        // Truncated at several points: an error naming the file, never a crash.
        for (std::size_t cut : {std::size_t(5), std::size_t(20), std::size_t(40), bytes.size() / 2, bytes.size() - 8}) {
            const std::string path = dir.filePath("cut.png").toStdString();
            writeAll(path, bytes.substr(0, cut));
            auto image = readImage(path);
            QVERIFY2(!image.isOk(), std::to_string(cut).c_str());
            QVERIFY(image.status().message().find(path) != std::string::npos);
        }

        // A header claiming a gigantic image (with a valid CRC) is refused before allocating.
        std::string huge = bytes;
        const uint32_t side = 1u << 30;
        for (int i = 0; i < 4; ++i)
            huge[16 + i] = huge[20 + i] = static_cast<char>((side >> (24 - 8 * i)) & 0xff);
        const uint32_t crc = crc32(huge.substr(12, 17));
        for (int i = 0; i < 4; ++i)
            huge[29 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
        const std::string hugePath = dir.filePath("huge.png").toStdString();
        writeAll(hugePath, huge);
        auto hugeImage = readImage(hugePath);
        QCOMPARE(hugeImage.status().code(), ErrorCode::CorruptFile);

        const std::string text = dir.filePath("notes.png").toStdString();
        writeAll(text, "this is not an image at all");
        QCOMPARE(readImage(text).status().code(), ErrorCode::UnsupportedFormat);
        const std::string jpeg = dir.filePath("broken.jpg").toStdString();
        writeAll(jpeg, std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, '\x11'));
        QCOMPARE(readImage(jpeg).status().code(), ErrorCode::CorruptFile);
        QCOMPARE(readImage(dir.filePath("missing.png").toStdString()).status().code(), ErrorCode::NotFound);
    }

    void writesAreAtomic()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("keep.png").toStdString();
        QVERIFY(writePng(path, gradient(8, 8, 3)).isOk());
        Image broken(8, 8, 3);
        broken.pixels.resize(5); // inconsistent: refused, the old file stays
        QVERIFY(!writePng(path, broken).isOk());
        QVERIFY(readImage(path).isOk());
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".part")));
    }
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "tst_imageio.moc"
