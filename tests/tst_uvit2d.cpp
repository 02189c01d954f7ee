// aMUSEd's U-ViT (diffusers UVit2DModel layout): parameter counts of the published configs from
// the config alone, the prepared text context giving the same logits as the per-layer path,
// down/up-sampling shapes, checkpoint names, and the reference fixtures.

#include "TestPaths.h"
#include "io/JsonConfig.h"
#include "io/WeightLoader.h"
#include "muse/FixtureCheck.h"
#include "transformer/ParameterCount.h"
#include "transformer/UVit2DModel.h"

#include <QtTest>

using namespace muse;

namespace {

nlohmann::json smallUVitJson(bool resample, bool bias, bool affine, int64_t channels = 48)
{
    nlohmann::json j;
    j["_class_name"] = "UVit2DModel";
    j["hidden_size"] = 64;
    j["use_bias"] = bias;
    j["hidden_dropout"] = 0.0;
    j["attention_dropout"] = 0.0;
    j["cond_embed_dim"] = 24;
    j["micro_cond_encode_dim"] = 16;
    j["micro_cond_embed_dim"] = 80;
    j["encoder_hidden_size"] = 32;
    j["vocab_size"] = 72;
    j["codebook_size"] = 64;
    j["in_channels"] = 32;
    j["block_out_channels"] = channels;
    j["num_res_blocks"] = 2;
    j["downsample"] = resample;
    j["upsample"] = resample;
    j["block_num_heads"] = 4;
    j["num_hidden_layers"] = 2;
    j["num_attention_heads"] = 4;
    j["intermediate_size"] = 96;
    j["layer_norm_eps"] = 1e-6;
    j["ln_elementwise_affine"] = affine;
    j["sample_size"] = 8;
    return j;
}

UVit2DModel buildOrFail(const nlohmann::json& j)
{
    auto model = buildUVit2DModel(JsonConfig::fromJson(j, "transformer/config.json"));
    if (!model)
        qFatal("%s", model.status().toString().c_str());
    (*model)->eval();
    return *model;
}

struct Inputs {
    torch::Tensor ids, hidden, pooled, micro;
};

Inputs randomInputs(int64_t batch, int64_t h, int64_t w)
{
    Inputs in;
    in.ids = torch::randint(0, 72, {batch, h, w}, torch::kInt64);
    in.ids.index_put_({0, 0}, 71); // a masked row
    in.hidden = torch::randn({batch, 77, 32});
    in.pooled = torch::randn({batch, 24});
    in.micro = torch::tensor({256.0, 256.0, 0.0, 0.0, 6.0}).repeat({batch, 1});
    return in;
}

// GlobalResponseNorm starts at zero in diffusers; give it values so the check covers it.
void randomiseNorms(UVit2DModel& model)
{
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters())
        if (item.key().find("norm") != std::string::npos)
            item.value().normal_(1.0, 0.2);
}

} // namespace

class TestUVit2D : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(11); }

    void amusedParameterCounts()
    {
        auto n256 = countParametersFromConfig(std::string(MUSE_TEST_DATA) + "/models/amused-256/transformer");
        auto n512 = countParametersFromConfig(std::string(MUSE_TEST_DATA) + "/models/amused-512/transformer");
        QVERIFY2(n256.isOk(), n256.status().toString().c_str());
        QVERIFY2(n512.isOk(), n512.status().toString().c_str());
        QCOMPARE(*n256, int64_t(603537664));
        QCOMPARE(*n512, int64_t(608257792));
    }

    void analyticCountEqualsBuiltModel_data()
    {
        QTest::addColumn<bool>("resample");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<bool>("affine");
        QTest::addColumn<int>("channels");
        QTest::newRow("plain") << false << false << true << 48;
        QTest::newRow("resample") << true << false << true << 48;
        QTest::newRow("bias") << true << true << true << 48;
        QTest::newRow("no affine") << false << true << false << 48;
        QTest::newRow("channels = hidden (no kv_mapper)") << false << false << true << 64;
    }

    void analyticCountEqualsBuiltModel()
    {
        QFETCH(bool, resample);
        QFETCH(bool, bias);
        QFETCH(bool, affine);
        QFETCH(int, channels);
        const nlohmann::json j = smallUVitJson(resample, bias, affine, channels);
        UVit2DModel model = buildOrFail(j);
        auto counted = countParametersFromConfig(JsonConfig::fromJson(j, "config.json"));
        QVERIFY(counted.isOk());
        QCOMPARE(*counted, countParameters(*model));
        QCOMPARE(model->named_parameters().contains("down_block.attention_blocks.0.kv_mapper.weight"), channels != 64);
    }

    void checkpointNames()
    {
        UVit2DModel model = buildOrFail(smallUVitJson(true, false, true));
        const auto params = model->named_parameters();
        for (const char* key :
             {"encoder_proj.weight", "encoder_proj_layer_norm.weight", "embed.embeddings.weight", "embed.layer_norm.weight",
              "embed.conv.weight", "cond_embed.linear_1.weight", "cond_embed.linear_2.weight",
              "down_block.downsample.norm.weight", "down_block.downsample.conv.weight",
              "down_block.res_blocks.1.channelwise_norm.gamma", "down_block.res_blocks.0.cond_embeds_mapper.weight",
              "down_block.attention_blocks.1.attn2.to_out.0.weight", "transformer_layers.1.norm1.linear.weight",
              "transformer_layers.0.norm3.norm.weight", "transformer_layers.0.ff.net.0.proj.weight",
              "transformer_layers.0.ff.net.2.weight", "transformer_layers.1.attn2.to_k.weight",
              "up_block.upsample.conv.weight", "mlm_layer.conv2.weight"})
            QVERIFY2(params.contains(key), key);
        QVERIFY(!params.contains("transformer_layers.0.norm3.norm.bias")); // use_bias false
        // ConvTranspose2d weights are [in, out, kH, kW].
        QCOMPARE(params["up_block.upsample.conv.weight"].sizes().vec(), (std::vector<int64_t>{48, 48, 2, 2}));
        QCOMPARE(model->maskTokenId(), int64_t(71));
    }

    void preparedTextContextEqualsPerLayerPath_data()
    {
        QTest::addColumn<bool>("resample");
        QTest::newRow("amused-256 layout") << false;
        QTest::newRow("amused-512 layout") << true;
    }

    void preparedTextContextEqualsPerLayerPath()
    {
        QFETCH(bool, resample);
        torch::NoGradGuard noGrad;
        UVit2DModel model = buildOrFail(smallUVitJson(resample, false, true));
        randomiseNorms(model);
        const Inputs in = randomInputs(3, 6, 10);
        const UVit2DTextContext context = model->prepareText(in.hidden, in.pooled, in.micro);
        QCOMPARE(context.batchSize(), int64_t(3));
        QCOMPARE(context.layers.size(), std::size_t(2));
        QCOMPARE(context.downBlock.size(), std::size_t(2));
        const torch::Tensor cached = model->forward(in.ids, context);
        const torch::Tensor direct = model->forward(in.ids, in.hidden, in.pooled, in.micro);
        QCOMPARE(cached.sizes().vec(), (std::vector<int64_t>{3, 64, 6, 10}));
        QVERIFY(torch::allclose(cached, direct, 1e-6, 1e-6));
        // The same context serves many decoding steps: other tokens, same text.
        const torch::Tensor ids2 = torch::randint(0, 72, {3, 6, 10}, torch::kInt64);
        QVERIFY(torch::allclose(model->forward(ids2, context), model->forward(ids2, in.hidden, in.pooled, in.micro), 1e-6,
                                1e-6));
        // The text matters: a context of another prompt changes the logits.
        const UVit2DTextContext other = model->prepareText(torch::randn({3, 77, 32}), in.pooled, in.micro);
        QVERIFY(!torch::allclose(model->forward(in.ids, other), cached, 1e-3, 1e-3));
        // indexSelect pairs rows: the context of row 2 twice gives row 2's logits twice.
        const torch::Tensor index = torch::tensor({2, 2}, torch::kInt64);
        const torch::Tensor picked = model->forward(in.ids.index_select(0, index), context.indexSelect(index));
        QVERIFY(torch::allclose(picked[0], cached[2], 1e-5, 1e-5));
        QVERIFY(torch::allclose(picked[1], cached[2], 1e-5, 1e-5));
    }

    void microConditioningIsUsed()
    {
        torch::NoGradGuard noGrad;
        UVit2DModel model = buildOrFail(smallUVitJson(false, false, true));
        randomiseNorms(model);
        const Inputs in = randomInputs(1, 4, 4);
        const torch::Tensor a = model->forward(in.ids, in.hidden, in.pooled, in.micro);
        const torch::Tensor b =
            model->forward(in.ids, in.hidden, in.pooled, torch::tensor({{512.0, 512.0, 0.0, 0.0, 6.0}}));
        QVERIFY(!torch::allclose(a, b, 1e-4, 1e-4));
    }

    void rejectsInconsistentConfig()
    {
        nlohmann::json j = smallUVitJson(false, false, true);
        j["micro_cond_embed_dim"] = 81;
        auto a = buildUVit2DModel(JsonConfig::fromJson(j, "transformer/config.json"));
        QVERIFY(!a.isOk());
        QVERIFY(a.status().message().find("micro_cond_embed_dim") != std::string::npos);
        j = smallUVitJson(false, false, true);
        j["num_attention_heads"] = 5;
        QVERIFY(!buildUVit2DModel(JsonConfig::fromJson(j, "transformer/config.json")).isOk());
        j = smallUVitJson(false, false, true);
        j["_class_name"] = "VQModel";
        QVERIFY(!buildUVit2DModel(JsonConfig::fromJson(j, "transformer/config.json")).isOk());
    }

    void referenceFixtures_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("uvit2d") << "uvit2d";
        QTest::newRow("uvit2d with down/upsample") << "uvit2d_downsample";
    }

    void referenceFixtures()
    {
        QFETCH(QString, name);
        const std::string folder = std::string(MUSE_TEST_DATA) + "/fixtures/" + name.toStdString();
        const FixtureCaseResult r = runFixtureCase(folder, FixtureCheckOptions{});
        QVERIFY2(r.outcome == FixtureCaseResult::Outcome::Passed, r.detail.c_str());
        QCOMPARE(QString::fromStdString(r.kind), QString("uvit2d"));
    }
};

QTEST_GUILESS_MAIN(TestUVit2D)
#include "tst_uvit2d.moc"
