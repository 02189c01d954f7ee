// The VQ-GAN tokenizer (diffusers VQModel layout): shapes for non-square images and any number of
// levels, nearest-code quantisation, parameter counts from the config alone, the float32 decoder
// whatever precision is asked for, and the reference fixtures.

#include "TestPaths.h"
#include "io/JsonConfig.h"
#include "io/TensorConvert.h"
#include "io/WeightLoader.h"
#include "muse/FixtureCheck.h"
#include "transformer/ParameterCount.h"
#include "vq/VqModel.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace muse;

namespace {

nlohmann::json smallVqJson(std::vector<int64_t> channels, int64_t layers, bool attention, bool forceUpcast = true)
{
    nlohmann::json j;
    j["_class_name"] = "VQModel";
    j["act_fn"] = "silu";
    j["block_out_channels"] = channels;
    j["down_block_types"] = std::vector<std::string>(channels.size(), "DownEncoderBlock2D");
    j["up_block_types"] = std::vector<std::string>(channels.size(), "UpDecoderBlock2D");
    j["in_channels"] = 3;
    j["out_channels"] = 3;
    j["latent_channels"] = 4;
    j["layers_per_block"] = layers;
    j["lookup_from_codebook"] = true;
    j["mid_block_add_attention"] = attention;
    j["norm_num_groups"] = 4;
    j["norm_type"] = "group";
    j["num_vq_embeddings"] = 32;
    j["vq_embed_dim"] = nullptr;
    j["force_upcast"] = forceUpcast;
    return j;
}

VqModel buildOrFail(const nlohmann::json& j)
{
    auto model = buildVqModel(JsonConfig::fromJson(j, "test config.json"));
    if (!model)
        qFatal("%s", model.status().toString().c_str());
    return *model;
}

// Writes config.json + diffusion_pytorch_model.safetensors of `model` into `folder`.
void saveVq(VqModel& model, const nlohmann::json& config, const QString& folder)
{
    std::ofstream(folder.toStdString() + "/config.json") << config.dump(2);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model->named_parameters())
        tensors.emplace_back(item.key(), item.value());
    const Status status = writeTensors(folder.toStdString() + "/diffusion_pytorch_model.safetensors", tensors);
    QVERIFY2(status.isOk(), status.toString().c_str());
}

} // namespace

class TestVqModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(7); }

    void nonSquareRoundTripShapes()
    {
        torch::NoGradGuard noGrad;
        VqModel vq = buildOrFail(smallVqJson({8, 8, 16, 16}, 1, false));
        vq->eval();
        QCOMPARE(vq->downscaleFactor(), int64_t(8));
        const torch::Tensor image = torch::rand({2, 3, 40, 24}) * 2 - 1;
        const torch::Tensor latents = vq->encode(image);
        QCOMPARE(latents.sizes().vec(), (std::vector<int64_t>{2, 4, 5, 3}));
        const torch::Tensor ids = vq->quantize(latents);
        QCOMPARE(ids.sizes().vec(), (std::vector<int64_t>{2, 5, 3}));
        QCOMPARE(ids.scalar_type(), torch::kInt64);
        QVERIFY(ids.min().item<int64_t>() >= 0 && ids.max().item<int64_t>() < 32);
        const torch::Tensor decoded = vq->decodeIndices(ids);
        QCOMPARE(decoded.sizes().vec(), (std::vector<int64_t>{2, 3, 40, 24}));
        QVERIFY(torch::isfinite(decoded).all().item<bool>());
    }

    void levelCounts_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<int>("factor");
        QTest::newRow("f4") << 3 << 4;
        QTest::newRow("f8") << 4 << 8;
        QTest::newRow("f16") << 5 << 16;
    }

    void levelCounts()
    {
        QFETCH(int, levels);
        QFETCH(int, factor);
        torch::NoGradGuard noGrad;
        VqModel vq = buildOrFail(smallVqJson(std::vector<int64_t>(levels, 8), 1, levels == 3));
        vq->eval();
        QCOMPARE(vq->downscaleFactor(), int64_t(factor));
        QCOMPARE(vq->encoder->down_blocks->size(), std::size_t(levels));
        QCOMPARE(vq->decoder->up_blocks->size(), std::size_t(levels));
        // Every level but the last downsamples (encoder) / upsamples (decoder).
        int downsamplers = 0, upsamplers = 0;
        for (const auto& item : vq->named_parameters()) {
            if (item.key().find("downsamplers.0.conv.weight") != std::string::npos)
                ++downsamplers;
            if (item.key().find("upsamplers.0.conv.weight") != std::string::npos)
                ++upsamplers;
        }
        QCOMPARE(downsamplers, levels - 1);
        QCOMPARE(upsamplers, levels - 1);
        // Decoder levels hold layers_per_block + 1 resnets.
        QVERIFY(vq->named_parameters().contains("decoder.up_blocks.0.resnets.1.conv1.weight"));
        QVERIFY(!vq->named_parameters().contains("decoder.up_blocks.0.resnets.2.conv1.weight"));
        const torch::Tensor image = torch::rand({1, 3, 2 * factor, 3 * factor});
        const torch::Tensor ids = vq->encodeToIndices(image);
        QCOMPARE(ids.sizes().vec(), (std::vector<int64_t>{1, 2, 3}));
        QCOMPARE(vq->decodeIndices(ids).sizes().vec(), (std::vector<int64_t>{1, 3, 2 * factor, 3 * factor}));
    }

    void midBlockAttentionKeys()
    {
        VqModel with = buildOrFail(smallVqJson({8, 16}, 1, true));
        VqModel without = buildOrFail(smallVqJson({8, 16}, 1, false));
        const auto params = with->named_parameters();
        for (const char* key : {"encoder.mid_block.attentions.0.group_norm.weight", "encoder.mid_block.attentions.0.to_q.bias",
                                "decoder.mid_block.attentions.0.to_out.0.weight", "decoder.mid_block.attentions.0.to_v.weight"})
            QVERIFY2(params.contains(key), key);
        for (const auto& item : without->named_parameters())
            QVERIFY2(item.key().find("attentions") == std::string::npos, item.key().c_str());
        QVERIFY(params.contains("encoder.down_blocks.1.resnets.0.conv_shortcut.weight"));
        QVERIFY(!params.contains("encoder.down_blocks.0.resnets.0.conv_shortcut.weight"));
    }

    void quantizePicksNearestCode()
    {
        torch::NoGradGuard noGrad;
        VqModel vq = buildOrFail(smallVqJson({8, 8}, 1, false));
        const torch::Tensor codebook = vq->quantizer->embedding->weight;
        const torch::Tensor wanted = torch::tensor({3, 0, 31, 17, 17, 5}, torch::kInt64);
        // Codes plus a little noise, as a (1, dim, 2, 3) latent grid.
        const torch::Tensor vectors = codebook.index_select(0, wanted) + 1e-3 * torch::randn({6, 4});
        const torch::Tensor latents = vectors.reshape({1, 2, 3, 4}).permute({0, 3, 1, 2});
        QVERIFY(torch::equal(vq->quantize(latents).reshape({-1}), wanted));
        // The lookup gives back the code vectors in NCHW.
        const torch::Tensor back = vq->quantizer->lookup(wanted.reshape({1, 2, 3}));
        QVERIFY(torch::allclose(back.permute({0, 2, 3, 1}).reshape({6, 4}), codebook.index_select(0, wanted)));
    }

    void parameterCountsFromConfig()
    {
        for (const auto& j : {smallVqJson({8, 8, 16}, 2, true), smallVqJson({8, 16, 16, 8}, 1, false),
                              smallVqJson({4}, 3, true)}) {
            const JsonConfig config = JsonConfig::fromJson(j, "config.json");
            VqModel vq = buildOrFail(j);
            auto counted = countParametersFromConfig(config);
            QVERIFY(counted.isOk());
            QCOMPARE(*counted, countParameters(*vq));
        }
        for (const char* model : {"amused-256", "amused-512"}) {
            auto n = countParametersFromConfig(std::string(MUSE_TEST_DATA) + "/models/" + model + "/vqvae");
            QVERIFY2(n.isOk(), n.status().toString().c_str());
            QCOMPARE(*n, int64_t(146244675));
        }
    }

    void decoderStaysFloat32WhenHalfIsAsked()
    {
        torch::NoGradGuard noGrad;
        QTemporaryDir dir;
        const nlohmann::json upcast = smallVqJson({8, 16}, 1, true, /*forceUpcast=*/true);
        VqModel source = buildOrFail(upcast);
        saveVq(source, upcast, dir.path());
        auto loaded = loadVqModel(dir.path().toStdString(), torch::kCPU, torch::kFloat16);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        VqModel vq = *loaded;
        for (const auto& item : vq->named_parameters())
            QVERIFY2(item.value().scalar_type() == torch::kFloat32, item.key().c_str());
        const torch::Tensor ids = torch::randint(0, 32, {1, 3, 5}, torch::kInt64);
        const torch::Tensor image = vq->decodeIndices(ids);
        QCOMPARE(image.scalar_type(), torch::kFloat32);
        QVERIFY(torch::isfinite(image).all().item<bool>());
        // Same weights as the source: the decode equals the float32 model's.
        source->eval();
        QVERIFY(torch::allclose(image, source->decodeIndices(ids), 1e-5, 1e-5));
        // A half-precision encode input is accepted and computed in float32.
        QCOMPARE(vq->encode(torch::rand({1, 3, 8, 8}).to(torch::kFloat16)).scalar_type(), torch::kFloat32);

        // Without force_upcast the encoder follows the requested dtype; the decoder still does not.
        QTemporaryDir dir2;
        const nlohmann::json plain = smallVqJson({8, 16}, 1, false, /*forceUpcast=*/false);
        VqModel source2 = buildOrFail(plain);
        saveVq(source2, plain, dir2.path());
        auto loaded2 = loadVqModel(dir2.path().toStdString(), torch::kCPU, torch::kBFloat16);
        QVERIFY2(loaded2.isOk(), loaded2.status().toString().c_str());
        QCOMPARE((*loaded2)->encoderDtype(), torch::kBFloat16);
        for (const auto& item : (*loaded2)->named_parameters())
            if (item.key().rfind("encoder.", 0) != 0 && item.key().rfind("quant_conv.", 0) != 0)
                QVERIFY2(item.value().scalar_type() == torch::kFloat32, item.key().c_str());
        QCOMPARE((*loaded2)->decodeIndices(ids).scalar_type(), torch::kFloat32);
    }

    void tiledEncoderIsLocal()
    {
        // encoder_tile_tokens 1: a token's latent is a function of its own 8×8 pixels, whatever
        // surrounds them, and equals encoding that patch alone.
        torch::NoGradGuard noGrad;
        nlohmann::json j = smallVqJson({8, 8, 16, 16}, 1, false);
        j["encoder_tile_tokens"] = 1;
        VqModel vq = buildOrFail(j);
        vq->eval();
        const torch::Tensor a = torch::rand({1, 3, 32, 48});
        torch::Tensor b = torch::rand({1, 3, 32, 48});
        b.slice(2, 8, 16).slice(3, 16, 24).copy_(a.slice(2, 8, 16).slice(3, 16, 24)); // one shared patch
        const torch::Tensor za = vq->encode(a), zb = vq->encode(b);
        QCOMPARE(za.sizes().vec(), (std::vector<int64_t>{1, 4, 4, 6}));
        const torch::Tensor patch = vq->encode(a.slice(2, 8, 16).slice(3, 16, 24).contiguous());
        QVERIFY(torch::allclose(za.slice(2, 1, 2).slice(3, 2, 3), patch, 1e-5, 1e-6));
        QVERIFY(torch::allclose(za.slice(2, 1, 2).slice(3, 2, 3), zb.slice(2, 1, 2).slice(3, 2, 3), 1e-5, 1e-6));
        QVERIFY(!torch::allclose(za.slice(2, 0, 1), zb.slice(2, 0, 1), 1e-3, 1e-3)); // other patches differ
        // A whole-image encoder is not local: the same patch gets another latent in another image.
        VqModel whole = buildOrFail(smallVqJson({8, 8, 16, 16}, 1, false));
        whole->eval();
        QVERIFY(!torch::allclose(whole->encode(a).slice(2, 1, 2).slice(3, 2, 3), whole->encode(b).slice(2, 1, 2).slice(3, 2, 3),
                                 1e-3, 1e-3));
        // Sides that are not whole tiles are refused, not silently cropped.
        bool threw = false;
        try {
            vq->encode(torch::rand({1, 3, 36, 48}));
        } catch (const c10::Error&) {
            threw = true;
        }
        QVERIFY(threw);
        j["encoder_tile_tokens"] = -1;
        auto bad = buildVqModel(JsonConfig::fromJson(j, "vqvae/config.json"));
        QVERIFY(!bad.isOk() && bad.status().message().find("encoder_tile_tokens") != std::string::npos);
    }

    void refusesWhatItDoesNotImplement()
    {
        nlohmann::json spatial = smallVqJson({8}, 1, false);
        spatial["norm_type"] = "spatial";
        auto a = buildVqModel(JsonConfig::fromJson(spatial, "vqvae/config.json"));
        QVERIFY(!a.isOk());
        QVERIFY(a.status().message().find("norm_type") != std::string::npos);
        nlohmann::json groups = smallVqJson({6}, 1, false);
        auto b = buildVqModel(JsonConfig::fromJson(groups, "vqvae/config.json"));
        QVERIFY(!b.isOk());
        QVERIFY(b.status().message().find("norm_num_groups") != std::string::npos);
    }

    void referenceFixtures_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("f8") << "vqmodel_f8";
        QTest::newRow("f4 with attention") << "vqmodel_f4_attn";
    }

    void referenceFixtures()
    {
        QFETCH(QString, name);
        const std::string folder = std::string(MUSE_TEST_DATA) + "/fixtures/" + name.toStdString();
        const FixtureCaseResult r = runFixtureCase(folder, FixtureCheckOptions{});
        QVERIFY2(r.outcome == FixtureCaseResult::Outcome::Passed, r.detail.c_str());
        QCOMPARE(QString::fromStdString(r.kind), QString("vqmodel"));
        QVERIFY(r.maxAbsError < r.tolerance);
    }
};

QTEST_GUILESS_MAIN(TestVqModel)
#include "tst_vqmodel.moc"
