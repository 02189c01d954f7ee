// The T5 encoder with tiny random models made here: save/load round trips, stored dtypes other
// than the run dtype, whole encoder-decoder checkpoints, config/weight disagreements, the
// relative-position buckets, and that padding never leaks into real positions.

#include "TestPaths.h"
#include "io/JsonConfig.h"
#include "io/TensorConvert.h"
#include "io/WeightLoader.h"
#include "text/T5Encoder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace muse;

namespace {

nlohmann::json tinyConfig(const std::string& feedForwardProj, int64_t layers = 3)
{
    return {{"d_model", 32},     {"d_kv", 8},   {"num_heads", 4},   {"d_ff", 48},
            {"num_layers", layers}, {"vocab_size", 50}, {"feed_forward_proj", feedForwardProj},
            {"relative_attention_num_buckets", 32}, {"relative_attention_max_distance", 128},
            {"layer_norm_epsilon", 1e-6}, {"pad_token_id", 0}, {"eos_token_id", 1}};
}

T5Config parse(const nlohmann::json& json)
{
    auto config = T5Config::fromJson(JsonConfig::fromJson(json, "config.json"));
    if (!config)
        qFatal("%s", config.status().toString().c_str());
    return *config;
}

// A model whose norms are not all ones, so a skipped norm would show.
T5EncoderModel randomModel(const T5Config& config, uint64_t seed, double weightStd = 0.3)
{
    torch::manual_seed(seed);
    T5EncoderModel model(config);
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters()) {
        if (item.key().find("layer_norm") != std::string::npos)
            item.value().uniform_(0.5, 1.5);
        else
            item.value().normal_(0.0, weightStd);
    }
    model->eval();
    return model;
}

std::vector<std::pair<std::string, torch::Tensor>> namedTensors(const T5EncoderModel& model,
                                                                torch::ScalarType dtype = torch::kFloat32)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model->named_parameters())
        tensors.emplace_back(item.key(), item.value().detach().to(dtype));
    return tensors;
}

void writeFolder(const QTemporaryDir& dir, const nlohmann::json& config,
                 const std::vector<std::pair<std::string, torch::Tensor>>& tensors)
{
    std::ofstream(dir.filePath("config.json").toStdString()) << config.dump(2);
    const Status written = writeTensors(dir.filePath("model.safetensors").toStdString(), tensors);
    QVERIFY2(written.isOk(), written.toString().c_str());
}

struct Batch {
    torch::Tensor ids;
    torch::Tensor mask;
};

Batch sampleBatch()
{
    // Two rows of different lengths; the padded tail of row 1 holds junk ids, which the mask must hide.
    torch::Tensor ids = torch::tensor({{5, 17, 23, 8, 42, 3, 9, 11, 1}, {7, 30, 2, 1, 13, 44, 6, 0, 0}}, torch::kInt64);
    torch::Tensor mask = torch::tensor({{1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0, 0, 0}}, torch::kInt64);
    return {ids, mask};
}

torch::Tensor run(T5EncoderModel& model, const Batch& batch)
{
    torch::NoGradGuard noGrad;
    return model->forward(batch.ids, batch.mask);
}

// Bucket of key − query from the formula in the spec (§4.1): within a sign, exact buckets below 8,
// then 8 + floor(8·log16(d/8)) capped at 15. floor(8·log16(d/8)) is the largest k with
// 64·2^k ≤ d², which integer arithmetic gets exactly.
int64_t expectedBucket(int64_t relative)
{
    const int64_t bucket = relative > 0 ? 16 : 0;
    const int64_t distance = std::llabs(relative);
    if (distance < 8)
        return bucket + distance;
    int64_t k = 0;
    while (k < 7 && (int64_t(64) << (k + 1)) <= distance * distance)
        ++k;
    return bucket + 8 + k;
}

} // namespace

class TestT5Encoder : public QObject {
    Q_OBJECT

private slots:
    void configParsesVariants()
    {
        T5Config relu = parse(tinyConfig("relu"));
        QVERIFY(!relu.gated);
        QCOMPARE(relu.activation, T5Activation::Relu);
        T5Config gatedGelu = parse(tinyConfig("gated-gelu"));
        QVERIFY(gatedGelu.gated);
        QCOMPARE(gatedGelu.activation, T5Activation::GeluTanh);
        T5Config gatedRelu = parse(tinyConfig("gated-relu"));
        QVERIFY(gatedRelu.gated);
        QCOMPARE(gatedRelu.activation, T5Activation::Relu);
        T5Config gelu = parse(tinyConfig("gelu"));
        QVERIFY(!gelu.gated);
        QCOMPARE(gelu.activation, T5Activation::Gelu);
        // A config written by transformers records dense_act_fn, and it wins.
        auto json = tinyConfig("gelu");
        json["dense_act_fn"] = "gelu_new";
        QCOMPARE(parse(json).activation, T5Activation::GeluTanh);
    }

    void configErrorsNameTheKey()
    {
        auto check = [](nlohmann::json json, const std::string& key) {
            auto config = T5Config::fromJson(JsonConfig::fromJson(json, "dir/config.json"));
            QVERIFY(!config.isOk());
            QCOMPARE(config.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY2(config.status().message().find("\"" + key + "\"") != std::string::npos,
                     config.status().message().c_str());
            QVERIFY(config.status().message().find("dir/config.json") != std::string::npos);
        };
        auto json = tinyConfig("relu");
        json["d_model"] = 0;
        check(json, "d_model");
        check(tinyConfig("gated-swiglu-x"), "feed_forward_proj");
        check(tinyConfig("tanhshrink"), "feed_forward_proj");
        json = tinyConfig("relu");
        json["num_heads"] = "four";
        check(json, "num_heads");
        json = tinyConfig("relu");
        json["relative_attention_num_buckets"] = 7;
        check(json, "relative_attention_num_buckets");
        json = tinyConfig("relu");
        json["layer_norm_epsilon"] = -1.0;
        check(json, "layer_norm_epsilon");
    }

    void moduleNamesAreCheckpointKeys()
    {
        auto relu = buildT5Encoder(JsonConfig::fromJson(tinyConfig("relu"), "config.json"));
        std::set<std::string> names;
        for (const auto& item : relu->named_parameters())
            names.insert(item.key());
        QVERIFY(names.count("shared.weight"));
        QVERIFY(names.count("encoder.block.0.layer.0.SelfAttention.q.weight"));
        QVERIFY(names.count("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
        QVERIFY(!names.count("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"));
        QVERIFY(names.count("encoder.block.2.layer.1.DenseReluDense.wi.weight"));
        QVERIFY(!names.count("encoder.block.2.layer.1.DenseReluDense.wi_0.weight"));
        QVERIFY(names.count("encoder.block.2.layer.1.layer_norm.weight"));
        QVERIFY(names.count("encoder.final_layer_norm.weight"));
        // embedding + 3 × (q,k,v,o + 2 norms + wi,wo) + bias table + final norm
        const int64_t perBlock = 4 * 32 * 32 + 2 * 32 + 2 * 32 * 48;
        QCOMPARE(countParameters(*relu), 50 * 32 + 3 * perBlock + 32 * 4 + 32);

        auto gated = buildT5Encoder(JsonConfig::fromJson(tinyConfig("gated-gelu"), "config.json"));
        QCOMPARE(countParameters(*gated), countParameters(*relu) + 3 * 32 * 48);
        bool hasWi1 = false;
        for (const auto& item : gated->named_parameters())
            hasWi1 = hasWi1 || item.key() == "encoder.block.1.layer.1.DenseReluDense.wi_1.weight";
        QVERIFY(hasWi1);
    }

    void relativePositionBuckets()
    {
        // A bias table whose value is the bucket number reveals the bucketing.
        T5EncoderModel model(parse(tinyConfig("relu")));
        auto attention = model->encoder->blocks.front()->selfAttention->SelfAttention;
        {
            torch::NoGradGuard noGrad;
            attention->relative_attention_bias->weight.copy_(
                torch::arange(32, torch::kFloat32).unsqueeze(1).expand({32, 4}));
        }
        const int64_t length = 300;
        torch::Tensor bias = attention->computePositionBias(length, torch::kCPU);
        QCOMPARE(bias.sizes(), (c10::IntArrayRef{1, 4, length, length}));
        auto table = bias[0][2].to(torch::kInt64);
        auto accessor = table.accessor<int64_t, 2>();
        for (int64_t query = 0; query < length; query += 13)
            for (int64_t key = 0; key < length; ++key)
                QCOMPARE(accessor[query][key], expectedBucket(key - query));
        QCOMPARE(accessor[0][7], int64_t(23));   // exact, key after query
        QCOMPARE(accessor[7][0], int64_t(7));    // exact, key before query
        QCOMPARE(accessor[0][8], int64_t(24));   // first logarithmic bucket
        QCOMPARE(accessor[299][0], int64_t(15)); // capped
    }

    void reluRoundTripIsExact()
    {
        const auto json = tinyConfig("relu");
        T5EncoderModel original = randomModel(parse(json), 1);
        QTemporaryDir dir;
        writeFolder(dir, json, namedTensors(original));

        auto loaded = loadT5Encoder(dir.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        const Batch batch = sampleBatch();
        torch::Tensor expected = run(original, batch);
        torch::Tensor actual = run(*loaded, batch);
        QCOMPARE(actual.sizes(), (c10::IntArrayRef{2, 9, 32}));
        QVERIFY(torch::equal(actual, expected));
        QVERIFY(actual.abs().sum().item<double>() > 1.0); // not a degenerate all-zero output
        QVERIFY(!actual.isnan().any().item<bool>());
    }

    void bf16WeightsLoadIntoFloat32()
    {
        const auto json = tinyConfig("gated-gelu");
        T5EncoderModel original = randomModel(parse(json), 2);
        QTemporaryDir dir;
        writeFolder(dir, json, namedTensors(original, torch::kBFloat16));

        auto loaded = loadT5Encoder(dir.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        QCOMPARE((*loaded)->shared->weight.scalar_type(), torch::kFloat32);
        // The loaded weights are the bf16 values exactly; the model matches the rounded original.
        {
            torch::NoGradGuard noGrad;
            for (auto& item : original->named_parameters())
                item.value().copy_(item.value().to(torch::kBFloat16).to(torch::kFloat32));
        }
        const auto loadedParameters = (*loaded)->named_parameters();
        for (const auto& item : original->named_parameters())
            QVERIFY2(torch::equal(loadedParameters[item.key()], item.value()), item.key().c_str());
        const Batch batch = sampleBatch();
        QVERIFY(torch::equal(run(*loaded, batch), run(original, batch)));
    }

    void wholeEncoderDecoderWithOnlyEmbedTokens()
    {
        const auto json = tinyConfig("gated-gelu");
        T5EncoderModel original = randomModel(parse(json), 3);
        auto tensors = namedTensors(original);
        for (auto& [name, tensor] : tensors)
            if (name == "shared.weight")
                name = "encoder.embed_tokens.weight";
        // Decoder and LM head tensors of a T5ForConditionalGeneration file are skipped.
        tensors.emplace_back("decoder.embed_tokens.weight", torch::randn({50, 32}));
        tensors.emplace_back("decoder.block.0.layer.0.SelfAttention.q.weight", torch::randn({32, 32}));
        tensors.emplace_back("decoder.block.0.layer.1.EncDecAttention.k.weight", torch::randn({32, 32}));
        tensors.emplace_back("decoder.final_layer_norm.weight", torch::randn({32}));
        tensors.emplace_back("lm_head.weight", torch::randn({50, 32}));
        auto fullJson = json;
        fullJson["is_encoder_decoder"] = true;
        fullJson["architectures"] = {"T5ForConditionalGeneration"};
        QTemporaryDir dir;
        writeFolder(dir, fullJson, tensors);

        auto loaded = loadT5Encoder(dir.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        QVERIFY(torch::equal((*loaded)->shared->weight, original->shared->weight));
        const Batch batch = sampleBatch();
        QVERIFY(torch::equal(run(*loaded, batch), run(original, batch)));

        // Both names stored (as transformers' own saves may do) is fine too.
        tensors.emplace_back("shared.weight", original->shared->weight.detach().clone());
        QTemporaryDir both;
        writeFolder(both, fullJson, tensors);
        auto loadedBoth = loadT5Encoder(both.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY2(loadedBoth.isOk(), loadedBoth.status().toString().c_str());
        QVERIFY(torch::equal(run(*loadedBoth, batch), run(original, batch)));
    }

    void moreLayersThanWeightsFails()
    {
        T5EncoderModel original = randomModel(parse(tinyConfig("relu", 3)), 4);
        QTemporaryDir dir;
        writeFolder(dir, tinyConfig("relu", 4), namedTensors(original));
        auto loaded = loadT5Encoder(dir.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY(!loaded.isOk());
        QCOMPARE(loaded.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(loaded.status().message().find("encoder.block.3.") != std::string::npos,
                 loaded.status().message().c_str());

        // The other way round: an unexpected tensor is named.
        QTemporaryDir fewer;
        writeFolder(fewer, tinyConfig("relu", 2), namedTensors(original));
        auto loadedFewer = loadT5Encoder(fewer.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY(!loadedFewer.isOk());
        QCOMPARE(loadedFewer.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(loadedFewer.status().message().find("encoder.block.2.") != std::string::npos,
                 loadedFewer.status().message().c_str());

        // A gated config against relu weights names the missing gate.
        QTemporaryDir gated;
        writeFolder(gated, tinyConfig("gated-relu", 3), namedTensors(original));
        auto loadedGated = loadT5Encoder(gated.path().toStdString(), torch::kCPU, torch::kFloat32);
        QVERIFY(!loadedGated.isOk());
        QVERIFY2(loadedGated.status().message().find("wi_0") != std::string::npos,
                 loadedGated.status().message().c_str());
    }

    void paddingDoesNotChangeRealPositions()
    {
        for (const char* variant : {"relu", "gated-gelu"}) {
            T5EncoderModel model = randomModel(parse(tinyConfig(variant)), 5);
            const Batch padded = sampleBatch();
            torch::Tensor both = run(model, padded);

            // Row 1 alone, without its padding.
            Batch alone{padded.ids.slice(0, 1, 2).slice(1, 0, 4), torch::ones({1, 4}, torch::kInt64)};
            torch::Tensor single = run(model, alone);
            QVERIFY2(torch::allclose(both[1].slice(0, 0, 4), single[0], 1e-5, 1e-5), variant);
            // Row 0 is unaffected by row 1's padding.
            Batch first{padded.ids.slice(0, 0, 1), padded.mask.slice(0, 0, 1)};
            QVERIFY2(torch::allclose(both[0], run(model, first)[0], 1e-5, 1e-5), variant);
            // Padding changes what the states are: without the mask, row 1 differs.
            Batch unmasked{padded.ids, torch::ones_like(padded.mask)};
            QVERIFY(!torch::allclose(run(model, unmasked)[1].slice(0, 0, 4), single[0], 1e-3, 1e-3));
        }
    }

    void halfPrecisionKeepsWoInFloat32()
    {
        T5EncoderModel model = randomModel(parse(tinyConfig("gated-gelu")), 6);
        model->placeOn(torch::kCPU, torch::kFloat16);
        const auto& block = model->encoder->blocks[1];
        QCOMPARE(block->feedForward->DenseReluDense->wo->weight.scalar_type(), torch::kFloat32);
        QCOMPARE(block->feedForward->DenseReluDense->wi_0->weight.scalar_type(), torch::kFloat16);
        QCOMPARE(block->selfAttention->SelfAttention->q->weight.scalar_type(), torch::kFloat16);
        QCOMPARE(model->shared->weight.scalar_type(), torch::kFloat16);

        model->placeOn(torch::kCPU, torch::kBFloat16);
        QCOMPARE(block->feedForward->DenseReluDense->wo->weight.scalar_type(), torch::kBFloat16);
    }

    void bf16RunStaysClose()
    {
        // Moderate weights: with large random ones the unscaled T5 scores make attention nearly
        // one-hot, and bf16 rounding flips which key wins.
        T5EncoderModel model = randomModel(parse(tinyConfig("gated-gelu")), 7, 0.1);
        {
            // Isolate the arithmetic: the fp32 reference uses the bf16-rounded weights.
            torch::NoGradGuard noGrad;
            for (auto& parameter : model->parameters())
                parameter.copy_(parameter.to(torch::kBFloat16).to(torch::kFloat32));
        }
        const Batch batch = sampleBatch();
        torch::Tensor reference = run(model, batch);
        model->placeOn(torch::kCPU, torch::kBFloat16);
        torch::Tensor half = run(model, batch);
        QCOMPARE(half.scalar_type(), torch::kBFloat16);
        torch::Tensor real = batch.mask.unsqueeze(-1).to(torch::kBool).expand_as(reference);
        torch::Tensor errors = (half.to(torch::kFloat32) - reference).abs().masked_select(real);
        const double maxError = errors.max().item<double>();
        const double meanError = errors.mean().item<double>();
        qInfo("bf16 vs fp32 at real positions: max |error| %g, mean %g, max |reference| %g", maxError, meanError,
              reference.abs().max().item<double>());
        // bf16 keeps 8 significant bits; the residual stream is rounded after every sublayer and the
        // unscaled T5 scores amplify that through the softmax (about 1% here, mean).
        QVERIFY2(maxError < 0.1, std::to_string(maxError).c_str());
        QVERIFY2(meanError < 0.02, std::to_string(meanError).c_str());
    }

    void rejectsBadInputs()
    {
        T5EncoderModel model = randomModel(parse(tinyConfig("relu")), 8);
        torch::NoGradGuard noGrad;
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->forward(torch::full({1, 3}, 50, torch::kInt64),
                                                            torch::ones({1, 3}, torch::kInt64)));
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->forward(torch::ones({1, 3}, torch::kInt64),
                                                            torch::ones({1, 4}, torch::kInt64)));
        auto missing = loadT5Encoder("/nonexistent/t5", torch::kCPU, torch::kFloat32);
        QVERIFY(!missing.isOk());
        QVERIFY(missing.status().message().find("config.json") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestT5Encoder)
#include "tst_t5encoder.moc"
