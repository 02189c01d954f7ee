// The safetensors reader and writer: round trips, sharded checkpoints, and crafted bad files
// that must each give a clear error naming the file and the tensor, never a crash.

#include "TestPaths.h"
#include "muse/SafeTensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace muse;

namespace {

// Writes `header` (raw JSON text) with the given data bytes and an optional lying length.
std::string writeRaw(const QTemporaryDir& dir, const std::string& name, const std::string& header,
                     const std::string& data, int64_t claimedLength = -1)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream out(path, std::ios::binary);
    uint64_t n = claimedLength >= 0 ? static_cast<uint64_t>(claimedLength) : header.size();
    for (int i = 0; i < 8; ++i)
        out.put(static_cast<char>((n >> (8 * i)) & 0xff));
    out << header << data;
    return path;
}

std::string bytes(std::size_t n, char fill = '\x01') { return std::string(n, fill); }

} // namespace

class TestSafeTensors : public QObject {
    Q_OBJECT

private slots:
    void roundTripAllDtypes()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rt.safetensors").toStdString();
        const float f32[6] = {1.5f, -2.0f, 3.25f, 0.0f, 1e-3f, 7.0f};
        const uint16_t f16[2] = {0x3c00, 0xc000};     // 1.0, -2.0
        const uint16_t bf16[3] = {0x3f80, 0x4000, 0}; // 1.0, 2.0, 0
        const int64_t i64[2] = {-5, 1ll << 40};
        const int32_t i32[1] = {123456};
        const uint8_t u8[4] = {0, 1, 254, 255};
        const uint8_t b[3] = {1, 0, 1};
        std::vector<TensorToWrite> tensors = {
            {"a.f32", DType::F32, {2, 3}, f32, sizeof f32}, {"b.f16", DType::F16, {2}, f16, sizeof f16},
            {"c.bf16", DType::BF16, {3, 1}, bf16, sizeof bf16}, {"d.i64", DType::I64, {2}, i64, sizeof i64},
            {"e.i32", DType::I32, {1}, i32, sizeof i32}, {"f.u8", DType::U8, {2, 2}, u8, sizeof u8},
            {"g.bool", DType::Bool, {3}, b, sizeof b}, {"h.empty", DType::F32, {0, 4}, nullptr, 0},
        };
        QVERIFY(writeSafeTensors(path, tensors, {{"format", "pt"}}).isOk());

        auto file = SafeTensorsFile::open(path);
        QVERIFY2(file.isOk(), file.status().toString().c_str());
        QCOMPARE(file->tensors().size(), tensors.size());
        QCOMPARE(file->metadata().at("format"), std::string("pt"));
        for (const auto& t : tensors) {
            const TensorInfo* info = file->find(t.name);
            QVERIFY2(info, t.name.c_str());
            QCOMPARE(info->dtype, t.dtype);
            QCOMPARE(info->shape, t.shape);
            QCOMPARE(info->byteSize(), static_cast<uint64_t>(t.byteSize));
            if (t.byteSize)
                QVERIFY(std::memcmp(file->data(*info), t.data, t.byteSize) == 0);
        }
        // The data section starts 8-byte aligned, as the reference writer does it.
        std::ifstream in(path, std::ios::binary);
        uint64_t headerLength = 0;
        in.read(reinterpret_cast<char*>(&headerLength), 8);
        QCOMPARE((8 + headerLength) % 8, uint64_t(0));
    }

    void writerRefusesInconsistentTensors()
    {
        QTemporaryDir dir;
        const float data[3] = {1, 2, 3};
        Status s = writeSafeTensors(dir.filePath("x.safetensors").toStdString(),
                                    {{"w", DType::F32, {2, 2}, data, sizeof data}});
        QCOMPARE(s.code(), ErrorCode::InvalidArgument);
        QVERIFY(s.message().find("\"w\"") != std::string::npos);
    }

    void shardedCheckpoint()
    {
        QTemporaryDir dir;
        const float a[2] = {1, 2}, b[3] = {3, 4, 5};
        QVERIFY(writeSafeTensors(dir.filePath("model-00001-of-00002.safetensors").toStdString(),
                                 {{"layer.0.weight", DType::F32, {2}, a, sizeof a}}).isOk());
        QVERIFY(writeSafeTensors(dir.filePath("model-00002-of-00002.safetensors").toStdString(),
                                 {{"layer.1.weight", DType::F32, {3}, b, sizeof b}}).isOk());
        std::ofstream(dir.filePath("model.safetensors.index.json").toStdString())
            << R"({"metadata": {"total_size": 20}, "weight_map": {)"
               R"("layer.0.weight": "model-00001-of-00002.safetensors",)"
               R"("layer.1.weight": "model-00002-of-00002.safetensors"}})";
        auto archive = TensorArchive::openFolder(dir.path().toStdString());
        QVERIFY2(archive.isOk(), archive.status().toString().c_str());
        QCOMPARE(archive->names().size(), std::size_t(2));
        auto entry = archive->find("layer.1.weight");
        QVERIFY(entry.has_value());
        QCOMPARE(entry->info->shape, std::vector<int64_t>{3});
        float got[3];
        std::memcpy(got, entry->file->data(*entry->info), sizeof got);
        QCOMPARE(got[2], 5.0f);

        // An index that names a tensor its shard lacks, or a shard outside the folder, is refused.
        std::ofstream(dir.filePath("bad.safetensors.index.json").toStdString())
            << R"({"weight_map": {"layer.9.weight": "model-00001-of-00002.safetensors"}})";
        auto bad = TensorArchive::open(dir.filePath("bad.safetensors.index.json").toStdString());
        QCOMPARE(bad.status().code(), ErrorCode::CorruptFile);
        QVERIFY(bad.status().message().find("layer.9.weight") != std::string::npos);
        std::ofstream(dir.filePath("evil.safetensors.index.json").toStdString())
            << R"({"weight_map": {"w": "../../etc/passwd"}})";
        auto evil = TensorArchive::open(dir.filePath("evil.safetensors.index.json").toStdString());
        QCOMPARE(evil.status().code(), ErrorCode::CorruptFile);
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("dataBytes");
        QTest::addColumn<qint64>("claimedLength");
        QTest::addColumn<QString>("expectedText");

        const QString ok = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
        QTest::newRow("truncated data") << ok << 10 << qint64(-1) << "past the end";
        QTest::newRow("offsets past the end")
            << R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[1000,1008]}})" << 16 << qint64(-1) << "past the end";
        QTest::newRow("overlapping tensors")
            << R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})"
            << 16 << qint64(-1) << "overlaps";
        QTest::newRow("huge header length") << ok << 16 << qint64(1ll << 60) << "header length";
        QTest::newRow("header longer than file") << ok << 16 << qint64(5000) << "exceeds the file size";
        QTest::newRow("header not JSON") << "{this is not json" << 16 << qint64(-1) << "not valid JSON";
        QTest::newRow("header not an object") << "[1,2,3]" << 16 << qint64(-1) << "not a JSON object";
        QTest::newRow("wrong dtype for the shape")
            << R"({"w":{"dtype":"F16","shape":[2,2],"data_offsets":[0,16]}})" << 16 << qint64(-1) << "needs 8";
        QTest::newRow("unknown dtype")
            << R"({"w":{"dtype":"F8_E9","shape":[2],"data_offsets":[0,2]}})" << 16 << qint64(-1) << "unsupported dtype";
        QTest::newRow("negative dimension")
            << R"({"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})" << 16 << qint64(-1) << "negative";
        QTest::newRow("impossible element count")
            << R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}})" << 16
            << qint64(-1) << "impossible";
        QTest::newRow("begin after end")
            << R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})" << 16 << qint64(-1) << "after end";
        QTest::newRow("missing offsets") << R"({"w":{"dtype":"F32","shape":[1]}})" << 16 << qint64(-1) << "data_offsets";
        QTest::newRow("metadata not strings")
            << R"({"__metadata__":{"a":1},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})" << 16 << qint64(-1)
            << "__metadata__";
    }

    void badFiles()
    {
        QFETCH(QString, header);
        QFETCH(int, dataBytes);
        QFETCH(qint64, claimedLength);
        QFETCH(QString, expectedText);
        QTemporaryDir dir;
        const std::string path = writeRaw(dir, "bad.safetensors", header.toStdString(), bytes(dataBytes), claimedLength);
        auto file = SafeTensorsFile::open(path);
        QVERIFY(!file.isOk());
        const std::string message = file.status().message();
        QVERIFY2(message.find(path) != std::string::npos, message.c_str());
        QVERIFY2(message.find(expectedText.toStdString()) != std::string::npos, message.c_str());
        // Errors about one tensor name it.
        if (header.contains("\"w\"") && !expectedText.contains("JSON") && !expectedText.contains("header length") &&
            !expectedText.contains("file size") && !expectedText.contains("__metadata__"))
            QVERIFY2(message.find("\"w\"") != std::string::npos, message.c_str());
    }

    void tooShortFiles()
    {
        QTemporaryDir dir;
        for (int n : {0, 3, 7}) {
            const std::string path = dir.filePath(QString("short%1.safetensors").arg(n)).toStdString();
            std::ofstream(path, std::ios::binary) << std::string(n, '\0');
            auto file = SafeTensorsFile::open(path);
            QCOMPARE(file.status().code(), ErrorCode::CorruptFile);
            QVERIFY(file.status().message().find("too short") != std::string::npos);
        }
        auto missing = SafeTensorsFile::open(dir.filePath("nope.safetensors").toStdString());
        QCOMPARE(missing.status().code(), ErrorCode::NotFound);
    }

    void truncatedRealFile()
    {
        // A valid file cut at every length must give an error, never a crash.
        QTemporaryDir dir;
        const std::string path = dir.filePath("whole.safetensors").toStdString();
        const float data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        QVERIFY(writeSafeTensors(path, {{"a", DType::F32, {4}, data, 16}, {"b", DType::F32, {4}, data + 4, 16}}).isOk());
        std::ifstream in(path, std::ios::binary);
        const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (std::size_t cut = 0; cut < whole.size(); ++cut) {
            const std::string cutPath = dir.filePath("cut.safetensors").toStdString();
            std::ofstream(cutPath, std::ios::binary | std::ios::trunc) << whole.substr(0, cut);
            QVERIFY2(!SafeTensorsFile::open(cutPath).isOk(), std::to_string(cut).c_str());
        }
    }

    void pickledCheckpointsAreRefused()
    {
        QTemporaryDir dir;
        for (const char* name : {"pytorch_model.bin", "model.ckpt", "weights.pt", "weights.pth"}) {
            const std::string path = dir.filePath(name).toStdString();
            std::ofstream(path, std::ios::binary) << "\x80\x02}q\x00.";
            auto file = TensorArchive::open(path);
            QCOMPARE(file.status().code(), ErrorCode::UnsupportedFormat);
            QVERIFY(file.status().message().find("safetensors") != std::string::npos);
        }
        // A pickle or a torch zip under a .safetensors name is recognised too.
        const std::string disguised = dir.filePath("disguised.safetensors").toStdString();
        std::ofstream(disguised, std::ios::binary) << std::string("PK\x03\x04", 4) << std::string(64, 'x');
        QCOMPARE(SafeTensorsFile::open(disguised).status().code(), ErrorCode::UnsupportedFormat);

        // A folder holding only pickled weights says so.
        QTemporaryDir folder;
        std::ofstream(folder.filePath("pytorch_model.bin").toStdString()) << "\x80\x02.";
        auto archive = TensorArchive::openFolder(folder.path().toStdString());
        QCOMPARE(archive.status().code(), ErrorCode::UnsupportedFormat);
        QVERIFY(archive.status().message().find("pytorch_model.bin") != std::string::npos);
    }

    void publicFixtureWeightsOpen()
    {
        // Files written by the reference libraries (transformers / diffusers) parse cleanly.
        auto file = SafeTensorsFile::open(std::string(MUSE_TEST_DATA) + "/fixtures/t5_full_model/model.safetensors");
        QVERIFY2(file.isOk(), file.status().toString().c_str());
        const TensorInfo* shared = file->find("shared.weight");
        QVERIFY(shared);
        QCOMPARE(shared->shape, (std::vector<int64_t>{320, 64}));
        QCOMPARE(shared->dtype, DType::F32);
    }
};

QTEST_GUILESS_MAIN(TestSafeTensors)
#include "tst_safetensors.moc"
