// The CLIP text encoder against the reference fixture (transformers' CLIPTextModelWithProjection),
// the pooled-position rule for legacy and corrected eos ids, loading bf16/fp16 weights into an
// fp32 model, the model without projection, and the errors when config and weights disagree.

#include "TestPaths.h"
#include "io/JsonConfig.h"
#include "io/TensorConvert.h"
#include "io/WeightLoader.h"
#include "text/ClipTextModel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace muse;

namespace {

const std::string kFixture = MUSE_TEST_DATA "/fixtures/clip_text";

std::string str(const QString& s) { return s.toStdString(); }

nlohmann::json fixtureConfig()
{
    std::ifstream in(kFixture + "/config.json");
    return nlohmann::json::parse(in);
}

bool writeJson(const std::string& path, const nlohmann::json& json)
{
    std::ofstream out(path);
    out << json.dump(2);
    return static_cast<bool>(out);
}

std::vector<std::pair<std::string, torch::Tensor>> fixtureWeights()
{
    auto archive = TensorArchive::open(kFixture + "/model.safetensors");
    if (!archive)
        qFatal("%s", archive.status().toString().c_str());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& name : archive->names())
        tensors.emplace_back(name, readTensor(*archive, name));
    return tensors;
}

torch::Tensor ioTensor(const std::string& name)
{
    auto archive = TensorArchive::open(kFixture + "/io.safetensors");
    if (!archive)
        qFatal("%s", archive.status().toString().c_str());
    return readTensor(*archive, name);
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// A model folder made of the fixture's weights (changed by `edit`) and config (changed by `editConfig`).
template <typename EditWeights, typename EditConfig>
std::string makeFolder(const QTemporaryDir& dir, EditWeights edit, EditConfig editConfig)
{
    auto weights = fixtureWeights();
    edit(weights);
    nlohmann::json config = fixtureConfig();
    editConfig(config);
    if (!writeTensors(str(dir.filePath("model.safetensors")), weights).isOk() ||
        !writeJson(str(dir.filePath("config.json")), config))
        qFatal("cannot write the test model");
    return str(dir.path());
}

} // namespace

class TestClipText : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(0); }

    void fixtureOutputs()
    {
        torch::NoGradGuard noGrad;
        auto model = loadClipTextModel(kFixture, torch::kCPU, torch::kFloat32);
        QVERIFY2(model.isOk(), model.status().toString().c_str());
        const ClipTextConfig& config = (*model)->config();
        QCOMPARE(config.hiddenSize, int64_t(32));
        QCOMPARE(config.numHiddenLayers, int64_t(3));
        QCOMPARE(config.projectionDim, int64_t(24));
        QCOMPARE(config.eosTokenId, int64_t(2));
        QVERIFY(config.withProjection);
        QVERIFY(config.hiddenAct == ClipActivation::QuickGelu);

        const torch::Tensor ids = ioTensor("input_ids");
        QCOMPARE(ids.size(1), int64_t(77));
        const ClipTextOutput out = (*model)->forward(ids);
        QCOMPARE(out.textEmbeds.sizes(), ioTensor("text_embeds").sizes());
        QVERIFY(maxDiff(out.textEmbeds, ioTensor("text_embeds")) < 1e-4);
        QVERIFY(maxDiff(out.lastHiddenState, ioTensor("last_hidden_state")) < 1e-4);
        QVERIFY(maxDiff(out.penultimateHiddenState, ioTensor("penultimate_hidden_state")) < 1e-4);
        // The penultimate state is not the last one with the final norm left out.
        QVERIFY(maxDiff(out.penultimateHiddenState, out.lastHiddenState) > 1e-2);

        // Causality: the states before the first padding do not depend on what follows.
        torch::Tensor changed = ids.clone();
        changed.index_put_({0, torch::indexing::Slice(10, torch::indexing::None)}, 320);
        const ClipTextOutput other = (*model)->forward(changed);
        QVERIFY(maxDiff(other.lastHiddenState.index({0, torch::indexing::Slice(0, 10)}),
                        out.lastHiddenState.index({0, torch::indexing::Slice(0, 10)})) < 1e-6);
        // Shorter inputs than 77 positions work too (no attention mask, no padding needed).
        const ClipTextOutput shortOut = (*model)->forward(ids.index({torch::indexing::Slice(), torch::indexing::Slice(0, 12)}));
        QCOMPARE(shortOut.lastHiddenState.size(1), int64_t(12));
    }

    void pooledPosition()
    {
        torch::NoGradGuard noGrad;
        auto model = loadClipTextModel(kFixture, torch::kCPU, torch::kFloat32);
        QVERIFY(model.isOk());
        // Legacy eos id 2: the first position of the largest id, i.e. the first 49407.
        const torch::Tensor ids = torch::tensor({49406, 320, 1125, 49407, 49407, 49407, 49406, 320, 49407, 0, 0, 0},
                                               torch::kLong)
                                      .view({2, 6});
        QVERIFY(torch::equal((*model)->pooledPositions(ids), torch::tensor({3, 2}, torch::kLong)));
        const ClipTextOutput out = (*model)->forward(ids);
        QVERIFY(torch::equal(out.pooled[0], out.lastHiddenState[0][3]));
        QVERIFY(torch::equal(out.pooled[1], out.lastHiddenState[1][2]));
        const torch::Tensor projected =
            torch::matmul(out.pooled, (*model)->text_projection->weight.transpose(0, 1));
        QVERIFY(maxDiff(out.textEmbeds, projected) < 1e-6);

        // A corrected eos id: the first position holding it (0 when absent), not the largest id.
        nlohmann::json json = fixtureConfig();
        json["eos_token_id"] = 300;
        auto config = ClipTextConfig::fromJson(JsonConfig::fromJson(json, "config.json"));
        QVERIFY(config.isOk());
        ClipTextModel corrected(*config);
        const torch::Tensor ids2 = torch::tensor({49406, 300, 5, 300, 49406, 5, 7, 8, 300, 300, 49407, 1}, torch::kLong)
                                       .view({3, 4});
        QVERIFY(torch::equal(corrected->pooledPositions(ids2), torch::tensor({1, 0, 0}, torch::kLong)));
        QVERIFY(torch::equal((*model)->pooledPositions(ids2), torch::tensor({0, 0, 2}, torch::kLong)));
    }

    void halfPrecisionWeightsLoadIntoFloat32()
    {
        torch::NoGradGuard noGrad;
        auto reference = loadClipTextModel(kFixture, torch::kCPU, torch::kFloat32);
        QVERIFY(reference.isOk());
        const torch::Tensor ids = ioTensor("input_ids");
        const ClipTextOutput expected = (*reference)->forward(ids);

        for (const auto dtype : {torch::kBFloat16, torch::kFloat16}) {
            QTemporaryDir dir;
            const std::string folder = makeFolder(
                dir,
                [&](auto& weights) {
                    for (auto& [name, tensor] : weights)
                        tensor = tensor.to(dtype);
                },
                [](nlohmann::json&) {});
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QVERIFY2(model.isOk(), model.status().toString().c_str());
            const torch::Tensor stored = (*model)->text_model->embeddings->token_embedding->weight;
            QCOMPARE(stored.scalar_type(), torch::kFloat32);
            // The rounded values arrive exactly.
            const torch::Tensor original = (*reference)->text_model->embeddings->token_embedding->weight;
            QVERIFY(torch::equal(stored, original.to(dtype).to(torch::kFloat32)));
            const ClipTextOutput out = (*model)->forward(ids);
            const double error = maxDiff(out.textEmbeds, expected.textEmbeds);
            qInfo("%s weights in an fp32 model: max |text_embeds error| %.3g", c10::toString(dtype), error);
            QVERIFY2(error > 0 && error < 0.1, std::to_string(error).c_str());
        }

        // And into a bf16 model: the forward runs in bf16 and stays close. (LibTorch 1.13 has no
        // float16 matrix multiply on the CPU; float16 models are for CUDA.)
        for (const auto dtype : {torch::kBFloat16}) {
            auto half = loadClipTextModel(kFixture, torch::kCPU, dtype);
            QVERIFY(half.isOk());
            const ClipTextOutput out = (*half)->forward(ids);
            QCOMPARE(out.lastHiddenState.scalar_type(), dtype);
            const double error = maxDiff(out.lastHiddenState, expected.lastHiddenState);
            qInfo("%s model: max |last_hidden_state error| %.3g", c10::toString(dtype), error);
            QVERIFY(error < 0.2);
        }
    }

    void withoutProjection()
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor ids = ioTensor("input_ids");
        auto dropProjection = [](auto& weights) {
            weights.erase(std::remove_if(weights.begin(), weights.end(),
                                         [](const auto& item) { return item.first == "text_projection.weight"; }),
                          weights.end());
        };
        {
            QTemporaryDir dir;
            const std::string folder =
                makeFolder(dir, dropProjection, [](nlohmann::json& c) { c["architectures"] = {"CLIPTextModel"}; });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QVERIFY2(model.isOk(), model.status().toString().c_str());
            QVERIFY(!(*model)->config().withProjection);
            const ClipTextOutput out = (*model)->forward(ids);
            QVERIFY(!out.textEmbeds.defined());
            QVERIFY(maxDiff(out.lastHiddenState, ioTensor("last_hidden_state")) < 1e-4);
        }
        {
            // No architectures: the weights decide.
            QTemporaryDir dir;
            const std::string folder = makeFolder(dir, dropProjection, [](nlohmann::json& c) { c.erase("architectures"); });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QVERIFY2(model.isOk(), model.status().toString().c_str());
            QVERIFY(!(*model)->config().withProjection);
        }
        {
            // CLIPTextModel named, but the file holds a projection: config and weights disagree.
            QTemporaryDir dir;
            const std::string folder =
                makeFolder(dir, [](auto&) {}, [](nlohmann::json& c) { c["architectures"] = {"CLIPTextModel"}; });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QVERIFY(!model.isOk());
            QCOMPARE(model.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY(model.status().message().find("text_projection.weight") != std::string::npos);
        }
    }

    void olderFilesWithPositionIds()
    {
        torch::NoGradGuard noGrad;
        QTemporaryDir dir;
        const std::string folder = makeFolder(
            dir,
            [](auto& weights) {
                weights.emplace_back("text_model.embeddings.position_ids", torch::arange(77, torch::kLong).view({1, 77}));
            },
            [](nlohmann::json&) {});
        auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
        QVERIFY2(model.isOk(), model.status().toString().c_str());
        QVERIFY(maxDiff((*model)->forward(ioTensor("input_ids")).textEmbeds, ioTensor("text_embeds")) < 1e-4);
    }

    void configWeightsMismatch()
    {
        {
            QTemporaryDir dir;
            const std::string folder = makeFolder(dir, [](auto&) {}, [](nlohmann::json& c) { c["num_hidden_layers"] = 4; });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QVERIFY(!model.isOk());
            QCOMPARE(model.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY2(model.status().message().find("\"text_model.encoder.layers.3.") != std::string::npos &&
                         model.status().message().find("model.safetensors") != std::string::npos,
                     model.status().message().c_str());
        }
        {
            QTemporaryDir dir;
            const std::string folder = makeFolder(dir, [](auto&) {}, [](nlohmann::json& c) { c["num_hidden_layers"] = 2; });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QCOMPARE(model.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY2(model.status().message().find("unexpected tensor \"text_model.encoder.layers.2.") != std::string::npos,
                     model.status().message().c_str());
        }
        {
            QTemporaryDir dir;
            const std::string folder = makeFolder(dir, [](auto&) {}, [](nlohmann::json& c) { c["projection_dim"] = 16; });
            auto model = loadClipTextModel(folder, torch::kCPU, torch::kFloat32);
            QCOMPARE(model.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY2(model.status().message().find("\"text_projection.weight\" has shape [24, 32]") != std::string::npos,
                     model.status().message().c_str());
        }
        {
            QTemporaryDir dir;
            QVERIFY(writeJson(str(dir.filePath("config.json")), fixtureConfig()));
            auto model = loadClipTextModel(str(dir.path()), torch::kCPU, torch::kFloat32);
            QVERIFY(!model.isOk());
            QCOMPARE(model.status().code(), ErrorCode::NotFound);
        }
    }

    void configValidation()
    {
        auto parse = [](const std::function<void(nlohmann::json&)>& edit) {
            nlohmann::json json = fixtureConfig();
            edit(json);
            return ClipTextConfig::fromJson(JsonConfig::fromJson(json, "text_encoder/config.json"));
        };
        auto heads = parse([](nlohmann::json& c) { c["num_attention_heads"] = 5; });
        QCOMPARE(heads.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(heads.status().message().find("text_encoder/config.json: \"num_attention_heads\"") != std::string::npos,
                 heads.status().message().c_str());
        auto act = parse([](nlohmann::json& c) { c["hidden_act"] = "swish"; });
        QVERIFY(!act.isOk());
        QVERIFY(act.status().message().find("hidden_act") != std::string::npos);
        auto type = parse([](nlohmann::json& c) { c["hidden_size"] = "32"; });
        QVERIFY(!type.isOk());
        QVERIFY(type.status().message().find("hidden_size") != std::string::npos);
        auto arch = parse([](nlohmann::json& c) { c["architectures"] = {"T5EncoderModel"}; });
        QVERIFY(!arch.isOk());
        auto gelu = parse([](nlohmann::json& c) { c["hidden_act"] = "gelu"; });
        QVERIFY(gelu.isOk());
        QVERIFY(gelu->hiddenAct == ClipActivation::Gelu);
        // transformers' defaults for absent keys (the corrected eos id among them).
        auto defaults = ClipTextConfig::fromJson(JsonConfig::fromJson(nlohmann::json::object(), "config.json"));
        QVERIFY(defaults.isOk());
        QCOMPARE(defaults->hiddenSize, int64_t(512));
        QCOMPARE(defaults->eosTokenId, int64_t(49407));

        // A whole CLIPModel config: the text tower's settings come from text_config.
        nlohmann::json full = {{"architectures", {"CLIPModel"}}, {"projection_dim", 24}, {"text_config", fixtureConfig()}};
        full["text_config"].erase("architectures");
        full["text_config"].erase("projection_dim");
        auto fromFull = ClipTextConfig::fromJson(JsonConfig::fromJson(full, "config.json"));
        QVERIFY2(fromFull.isOk(), fromFull.status().toString().c_str());
        QCOMPARE(fromFull->hiddenSize, int64_t(32));
        QCOMPARE(fromFull->projectionDim, int64_t(24));
        QVERIFY(fromFull->withProjection);
    }

    void buildWithoutWeights()
    {
        auto module = buildClipTextModel(JsonConfig::fromJson(fixtureConfig(), "config.json"));
        QVERIFY(module);
        int64_t stored = 0;
        for (const auto& [name, tensor] : fixtureWeights())
            stored += tensor.numel();
        QCOMPARE(countParameters(*module), stored);
        // openai/clip-vit-large-patch14's text tower with projection: 123,650,304 parameters.
        nlohmann::json large = {{"hidden_size", 768},          {"intermediate_size", 3072},
                                {"num_hidden_layers", 12},     {"num_attention_heads", 12},
                                {"projection_dim", 768},       {"architectures", {"CLIPTextModelWithProjection"}}};
        QCOMPARE(countParameters(*buildClipTextModel(JsonConfig::fromJson(large, "config.json"))), int64_t(123650304));
        nlohmann::json bad = fixtureConfig();
        bad["num_attention_heads"] = 3;
        bool threw = false;
        try {
            buildClipTextModel(JsonConfig::fromJson(bad, "config.json"));
        } catch (const std::exception&) {
            threw = true;
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(TestClipText)
#include "tst_cliptext.moc"
