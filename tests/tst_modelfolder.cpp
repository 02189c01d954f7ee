// Model-folder detection (pipeline vs component, pickled weights, missing parts) and the
// tokenizer a folder provides, as `muse info` and `muse tokenize` use them.

#include "TestPaths.h"
#include "muse/ModelFolder.h"
#include "muse/PromptTokenizer.h"
#include "muse/T5Tokenizer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace muse;

namespace {

void writeText(const QString& path, const std::string& text)
{
    QDir().mkpath(QFileInfo(path).path());
    std::ofstream(path.toStdString()) << text;
}

} // namespace

class TestModelFolder : public QObject {
    Q_OBJECT

private slots:
    void pipelineWithComponents()
    {
        QTemporaryDir dir;
        writeText(dir.filePath("model_index.json"),
                  R"({"_class_name": "AmusedPipeline", "_diffusers_version": "0.25.0",
                      "scheduler": ["diffusers", "AmusedScheduler"], "text_encoder": ["transformers", "CLIPTextModelWithProjection"],
                      "tokenizer": ["transformers", "CLIPTokenizer"], "transformer": ["diffusers", "UVit2DModel"],
                      "vqvae": ["diffusers", "VQModel"], "safety_checker": [null, null]})");
        writeText(dir.filePath("scheduler/scheduler_config.json"), R"({"_class_name": "AmusedScheduler", "mask_token_id": 8255})");
        QVERIFY(QFile::copy(MUSE_TEST_DATA "/fixtures/uvit2d/config.json", dir.filePath("transformer/config.json")) ||
                (QDir().mkpath(dir.filePath("transformer")) &&
                 QFile::copy(MUSE_TEST_DATA "/fixtures/uvit2d/config.json", dir.filePath("transformer/config.json"))));
        QFile::copy(MUSE_TEST_DATA "/fixtures/uvit2d/diffusion_pytorch_model.safetensors",
                    dir.filePath("transformer/diffusion_pytorch_model.safetensors"));
        writeText(dir.filePath("vqvae/config.json"), R"({"_class_name": "VQModel"})");
        writeText(dir.filePath("vqvae/diffusion_pytorch_model.bin"), "\x80\x02.");

        auto info = inspectModelFolder(dir.path().toStdString());
        QVERIFY2(info.isOk(), info.status().toString().c_str());
        QCOMPARE(info->layout, ModelFolderInfo::Layout::Pipeline);
        QCOMPARE(info->pipelineClass, std::string("AmusedPipeline"));
        QCOMPARE(info->components.size(), std::size_t(5)); // safety_checker [null, null] is absent
        const ComponentInfo* transformer = info->component("transformer");
        QVERIFY(transformer && transformer->problem.empty());
        QCOMPARE(transformer->className, std::string("UVit2DModel"));
        QCOMPARE(transformer->weightFiles.size(), std::size_t(1));
        auto summary = summarizeWeights(*transformer);
        QVERIFY(summary.isOk());
        QCOMPARE(summary->parameterCount, int64_t(366704));
        // Pickled weights are reported, naming the file; a missing folder too.
        QVERIFY(info->component("vqvae")->problem.find("diffusion_pytorch_model.bin") != std::string::npos);
        QVERIFY(info->component("text_encoder")->problem.find("missing") != std::string::npos);
        QCOMPARE(info->component("scheduler")->className, std::string("AmusedScheduler"));
    }

    void singleComponentAndErrors()
    {
        auto t5 = inspectModelFolder(MUSE_TEST_DATA "/fixtures/t5_full_model");
        QVERIFY(t5.isOk());
        QCOMPARE(t5->layout, ModelFolderInfo::Layout::Component);
        QCOMPARE(t5->components.front().className, std::string("T5ForConditionalGeneration"));

        QTemporaryDir empty;
        QCOMPARE(inspectModelFolder(empty.path().toStdString()).status().code(), ErrorCode::UnsupportedFormat);
        QCOMPARE(inspectModelFolder("/no/such/folder").status().code(), ErrorCode::NotFound);
        QTemporaryDir broken;
        writeText(broken.filePath("model_index.json"), "{ not json");
        auto bad = inspectModelFolder(broken.path().toStdString());
        QCOMPARE(bad.status().code(), ErrorCode::CorruptFile);
        QVERIFY(bad.status().message().find("model_index.json") != std::string::npos);
    }

    void tokenizerOfAT5Pipeline()
    {
        QTemporaryDir dir;
        std::vector<std::string> captions;
        const char* colours[] = {"red", "green", "blue", "yellow", "purple", "orange"};
        const char* shapes[] = {"circle", "square", "triangle", "star", "hexagon"};
        for (const char* c : colours)
            for (const char* s : shapes)
                for (const char* where : {"in the top left", "on the right", "above a square", "below a circle"})
                    captions.push_back(std::string("a ") + c + " " + s + " " + where);
        QDir().mkpath(dir.filePath("tokenizer"));
        QVERIFY(trainSentencePiece(captions, 60, dir.filePath("tokenizer/spiece").toStdString()).isOk());
        writeText(dir.filePath("tokenizer/tokenizer_config.json"), R"({"model_max_length": 8})");
        writeText(dir.filePath("model_index.json"),
                  R"({"_class_name": "MusePipeline", "tokenizer": ["transformers", "T5Tokenizer"]})");
        auto tokenizer = PromptTokenizer::loadForModel(dir.path().toStdString());
        QVERIFY2(tokenizer.isOk(), tokenizer.status().toString().c_str());
        QCOMPARE(tokenizer->kindName(), std::string("SentencePiece (T5)"));
        bool truncated = true;
        auto ids = tokenizer->encode("a red circle", &truncated);
        QVERIFY(!truncated);
        QVERIFY(ids.size() >= 4);
        QCOMPARE(ids.back(), int64_t(1)); // EOS
        ids = tokenizer->encode("a red circle in the top left above a square below a circle", &truncated);
        QVERIFY(truncated);
        QCOMPARE(ids.size(), std::size_t(8));
        QCOMPARE(tokenizer->encodePadded("red").size(), std::size_t(8));
    }

    void tokenizerOfAClipFolder()
    {
        const QString shared = MUSE_SHARED_FIXTURES "/clip_tokenizer";
        if (!QFile::exists(shared + "/vocab.json"))
            QSKIP("the CLIP vocabulary (../shared/fixtures/public/clip_tokenizer) is not on this machine");
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("tokenizer"));
        QVERIFY(QFile::copy(shared + "/vocab.json", dir.filePath("tokenizer/vocab.json")));
        QVERIFY(QFile::copy(shared + "/merges.txt", dir.filePath("tokenizer/merges.txt")));
        writeText(dir.filePath("tokenizer/special_tokens_map.json"), R"({"pad_token": "!"})");
        writeText(dir.filePath("model_index.json"), R"({"_class_name": "AmusedPipeline", "tokenizer": ["transformers", "CLIPTokenizer"]})");
        auto tokenizer = PromptTokenizer::loadForModel(dir.path().toStdString());
        QVERIFY2(tokenizer.isOk(), tokenizer.status().toString().c_str());
        QCOMPARE(tokenizer->encode("A red circle above a blue square"),
                 (std::vector<int64_t>{49406, 320, 736, 7117, 4348, 320, 1746, 3999, 49407}));
        const auto padded = tokenizer->encodePadded("");
        QCOMPARE(padded.size(), std::size_t(77));
        QCOMPARE(padded[2], int64_t(0)); // "!" is id 0 in CLIP's vocabulary
        // A tokenizer folder with merges but no vocab names the missing file.
        QFile::remove(dir.filePath("tokenizer/vocab.json"));
        auto broken = PromptTokenizer::loadForModel(dir.path().toStdString());
        QVERIFY(!broken.isOk());
        QVERIFY(broken.status().message().find("vocab.json") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestModelFolder)
#include "tst_modelfolder.moc"
