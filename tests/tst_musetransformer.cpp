// Our Muse base and super-resolution transformers: presets and their parameter counts (the 632M
// preset really has ≈632M), analytic counts equal the built models, the prepared text context
// equals the per-layer path, the key padding mask hides padding, the low-resolution tokens
// condition the super-res model, the optional local convolution mixes exactly the 3×3 grid
// neighbourhood (rows and columns not swapped), token patches (token_patch_size) regroup exactly
// each p×p patch, and save → load round trips.

#include "io/JsonConfig.h"
#include "io/WeightLoader.h"
#include "transformer/MusePresets.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"
#include "transformer/ParameterCount.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace muse;

namespace {

JsonConfig presetConfig(const std::string& name)
{
    auto json = musePresetConfig(name);
    if (!json)
        qFatal("%s", json.status().toString().c_str());
    return JsonConfig::fromJson(*json, name + "/config.json");
}

JsonConfig tinySuperResConfig()
{
    nlohmann::json j = presetConfig("muse-tiny").json();
    j["_class_name"] = "MuseSuperResTransformer";
    j["grid_height"] = 12;
    j["grid_width"] = 16;
    j["lowres_codebook_size"] = 128;
    j["lowres_grid_height"] = 6;
    j["lowres_grid_width"] = 8;
    j["num_lowres_layers"] = 2;
    return JsonConfig::fromJson(j, "superres/config.json");
}

MuseTransformer buildBase(const JsonConfig& config)
{
    auto model = buildMuseTransformer(config);
    if (!model)
        qFatal("%s", model.status().toString().c_str());
    (*model)->eval();
    return *model;
}

MuseSuperResTransformer buildSuperRes(const JsonConfig& config)
{
    auto model = buildMuseSuperResTransformer(config);
    if (!model)
        qFatal("%s", model.status().toString().c_str());
    (*model)->eval();
    return *model;
}

// Saves `sr` to `folder`, loads it back and compares one forward pass exactly.
bool superResRoundTrips(MuseSuperResTransformer& sr, const std::string& folder, const torch::Tensor& text)
{
    const Status saved = saveMuseTransformer(*sr, folder);
    auto loaded = loadMuseSuperResTransformer(folder, torch::kCPU, torch::kFloat32);
    if (!saved.isOk() || !loaded.isOk()) {
        qWarning("%s", (saved.isOk() ? loaded.status() : saved).toString().c_str());
        return false;
    }
    const torch::Tensor low = torch::randint(0, 128, {1, 6, 8}, torch::kInt64);
    const torch::Tensor high = torch::randint(0, 257, {1, 12, 16}, torch::kInt64);
    return torch::equal(sr->forward(high, text, c10::nullopt, low), (*loaded)->forward(high, text, c10::nullopt, low));
}

// Zeroes every attention output and second MLP projection, so that only the mechanism under test
// (local convolution, token patches, aligned low-res input) moves information between positions.
void silenceAttentionAndMlp(torch::nn::Module& model)
{
    for (auto& item : model.named_parameters())
        if (item.key().find("to_out") != std::string::npos || item.key().find("fc2") != std::string::npos)
            item.value().zero_();
}

// Which positions' logits (B = 1) change when the base model's token at (row, col) changes: an
// (h, w) bool grid. `tokens` are taken by value: the caller's stay as they were.
torch::Tensor positionsReachedFrom(MuseTransformer& model, torch::Tensor tokens, const torch::Tensor& text, int64_t row,
                                   int64_t col)
{
    const int64_t vocab = model->config().vocabSize;
    const torch::Tensor before = model->forward(tokens, text, c10::nullopt);
    tokens = tokens.clone();
    tokens[0][row][col] = (tokens[0][row][col] + 1) % vocab;
    return (model->forward(tokens, text, c10::nullopt) - before).abs().amax(1)[0] > 1e-6;
}

// An (h, w) bool grid, true on rows [r0, r1) × columns [c0, c1).
torch::Tensor block(int64_t h, int64_t w, int64_t r0, int64_t r1, int64_t c0, int64_t c1)
{
    torch::Tensor grid = torch::zeros({h, w}, torch::kBool);
    grid.index_put_({torch::indexing::Slice(r0, r1), torch::indexing::Slice(c0, c1)}, true);
    return grid;
}

} // namespace

class TestMuseTransformer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(3); }

    void presetParameterCounts()
    {
        auto count = [](const std::string& name) {
            auto n = countParametersFromConfig(presetConfig(name));
            if (!n)
                qFatal("%s", n.status().toString().c_str());
            return *n;
        };
        const int64_t n632 = count("muse-632m");
        QVERIFY2(std::abs(n632 - 632000000) < 632000000 / 1000, std::to_string(n632).c_str()); // within 0.1%
        QCOMPARE(n632, int64_t(632074880));
        const int64_t n3b = count("muse-3b");
        QVERIFY2(n3b > 3.0e9 && n3b < 3.4e9, std::to_string(n3b).c_str());
        const int64_t nDefault = count("muse-default");
        QVERIFY2(nDefault > 5e6 && nDefault < 20e6, std::to_string(nDefault).c_str());
        // The numbers documented in docs/model-format.md.
        QCOMPARE(n3b, int64_t(3265122304));
        QCOMPARE(nDefault, int64_t(9093632));
        QCOMPARE(count("muse-superres"), int64_t(617418752));
        QCOMPARE(count("muse-tiny"), int64_t(172032));
        const JsonConfig big = presetConfig("muse-3b");
        QCOMPARE(big.getInt("num_hidden_layers"), int64_t(48));
        QCOMPARE(big.getInt("hidden_size"), int64_t(2048));
        QCOMPARE(big.getInt("num_attention_heads"), int64_t(32));
        QCOMPARE(big.getInt("intermediate_size"), int64_t(8192));
        QCOMPARE(big.getInt("encoder_hidden_size"), int64_t(4096));
        QCOMPARE(presetConfig("muse-superres").getInt("grid_height"), int64_t(64));
        QVERIFY(!musePresetConfig("muse-7b").isOk());
    }

    void analyticCountEqualsBuiltModel()
    {
        const JsonConfig tiny = presetConfig("muse-tiny");
        QCOMPARE(*countParametersFromConfig(tiny), countParameters(*buildBase(tiny)));
        const JsonConfig sr = tinySuperResConfig();
        QCOMPARE(*countParametersFromConfig(sr), countParameters(*buildSuperRes(sr)));
        nlohmann::json j = tiny.json();
        j["intermediate_size"] = 96;
        j["grid_height"] = 5;
        const JsonConfig odd = JsonConfig::fromJson(j, "odd/config.json");
        QCOMPARE(*countParametersFromConfig(odd), countParameters(*buildBase(odd)));
        // The wrong loader for a class is refused with a message naming the key.
        QVERIFY(!buildMuseSuperResTransformer(tiny).isOk());
        QVERIFY(!buildMuseTransformer(sr).isOk());
    }

    void checkpointNames()
    {
        MuseSuperResTransformer model = buildSuperRes(tinySuperResConfig());
        const auto params = model->named_parameters();
        for (const char* key :
             {"token_embedding.weight", "position_embedding.row.weight", "position_embedding.column.weight",
              "text_projection.weight", "text_projection.bias", "text_norm.weight", "text_norm.bias",
              "layers.0.self_attn_norm.weight", "layers.0.self_attn.to_q.weight", "layers.0.self_attn.to_out.0.bias",
              "layers.1.cross_attn_norm.bias", "layers.1.cross_attn.to_k.weight", "layers.1.mlp_norm.weight",
              "layers.1.mlp.fc1.weight", "layers.1.mlp.fc2.bias", "final_norm.weight", "to_logits.weight",
              "to_logits.bias", "lowres_token_embedding.weight", "lowres_position_embedding.row.weight",
              "lowres_layers.1.self_attn.to_v.bias", "lowres_layers.0.mlp.fc1.weight", "lowres_norm.weight"})
            QVERIFY2(params.contains(key), key);
        QVERIFY(!params.contains("lowres_layers.0.cross_attn.to_q.weight"));
        QCOMPARE(params["token_embedding.weight"].size(0), int64_t(257)); // 256 codes + mask
        QCOMPARE(params["to_logits.weight"].size(0), int64_t(256));       // the mask has no logit
        QCOMPARE(model->maskTokenId(), int64_t(256));
    }

    void baseContextAndPaddingMask()
    {
        torch::NoGradGuard noGrad;
        MuseTransformer model = buildBase(presetConfig("muse-tiny"));
        const torch::Tensor tokens = torch::randint(0, 257, {2, 8, 6}, torch::kInt64);
        torch::Tensor text = torch::randn({2, 7, 64});
        const torch::Tensor keep = torch::tensor({{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0, 0}}, torch::kInt64);
        const MuseTextContext context = model->prepareText(text, keep);
        const torch::Tensor cached = model->forward(tokens, context);
        QCOMPARE(cached.sizes().vec(), (std::vector<int64_t>{2, 256, 8, 6}));
        QVERIFY(torch::allclose(cached, model->forward(tokens, text, keep), 1e-6, 1e-6));
        // Padding is invisible: changing row 1's padded states changes nothing.
        torch::Tensor changed = text.clone();
        changed.index_put_({1, torch::indexing::Slice(3)}, torch::randn({4, 64}) * 5);
        const torch::Tensor after = model->forward(tokens, model->prepareText(changed, keep));
        QVERIFY(torch::allclose(after[1], cached[1], 1e-5, 1e-5));
        // ... while a real token of row 1 does matter.
        changed.index_put_({1, 0}, torch::randn({64}) * 5);
        QVERIFY(!torch::allclose(model->forward(tokens, model->prepareText(changed, keep))[1], cached[1], 1e-4, 1e-4));
        // Every text position masked (an empty prompt) gives finite logits, not NaN.
        const torch::Tensor none = torch::zeros({2, 7}, torch::kInt64);
        QVERIFY(torch::isfinite(model->forward(tokens, text, none)).all().item<bool>());
        // Grids larger than the position embedding are refused.
        QVERIFY_EXCEPTION_THROWN(model->forward(torch::zeros({1, 9, 8}, torch::kInt64), context.indexSelect(torch::tensor({0}, torch::kInt64))),
                                 c10::Error);
    }

    void superResContext()
    {
        torch::NoGradGuard noGrad;
        MuseSuperResTransformer model = buildSuperRes(tinySuperResConfig());
        const torch::Tensor tokens = torch::randint(0, 257, {2, 12, 16}, torch::kInt64);
        const torch::Tensor lowres = torch::randint(0, 128, {2, 6, 8}, torch::kInt64);
        const torch::Tensor text = torch::randn({2, 5, 64});
        const torch::Tensor keep = torch::tensor({{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}}, torch::kInt64);
        const MuseTextContext context = model->prepareContext(text, keep, lowres);
        QCOMPARE(context.layers.front().key.size(2), int64_t(5 + 48)); // text then low-res tokens
        const torch::Tensor cached = model->forward(tokens, context);
        QCOMPARE(cached.sizes().vec(), (std::vector<int64_t>{2, 256, 12, 16}));
        QVERIFY(torch::allclose(cached, model->forward(tokens, text, keep, lowres), 1e-6, 1e-6));
        // The low-resolution tokens condition the output.
        const torch::Tensor otherLowres = (lowres + 1) % 128;
        QVERIFY(!torch::allclose(model->forward(tokens, text, keep, otherLowres), cached, 1e-4, 1e-4));
        QCOMPARE(model->encodeLowres(lowres).sizes().vec(), (std::vector<int64_t>{2, 48, 64}));
    }

    void localConvolution()
    {
        torch::NoGradGuard noGrad;
        nlohmann::json j = presetConfig("muse-tiny").json();
        j["local_conv_kernel_size"] = 3;
        j["num_hidden_layers"] = 1;
        const JsonConfig config = JsonConfig::fromJson(j, "local/config.json");
        MuseTransformer model = buildBase(config);
        QCOMPARE(*countParametersFromConfig(config), countParameters(*model));
        const auto params = model->named_parameters();
        QVERIFY(params.contains("layers.0.local_conv_norm.weight"));
        QCOMPARE(params["layers.0.local_conv.weight"].sizes().vec(), (std::vector<int64_t>{64, 1, 3, 3}));
        QCOMPARE(model->config().toJson()["local_conv_kernel_size"].get<int64_t>(), int64_t(3));
        QVERIFY(!presetConfig("muse-tiny").json().contains("local_conv_kernel_size")); // off unless asked for
        // With attention and MLP outputs silenced only the convolution mixes positions: changing
        // the token at row 1, column 4 of a 5×7 grid changes the logits of its 3×3 neighbourhood
        // and of nothing else.
        silenceAttentionAndMlp(*model);
        params["layers.0.local_conv.weight"].normal_(0.0, 1.0);
        const torch::Tensor text = torch::randn({1, 3, 64});
        const torch::Tensor tokens = torch::randint(0, 256, {1, 5, 7}, torch::kInt64);
        QVERIFY2(torch::equal(positionsReachedFrom(model, tokens, text, 1, 4), block(5, 7, 0, 3, 3, 6)),
                 "the local convolution reached beyond the 3×3 neighbourhood");
        // Even and negative sizes are refused, naming the key.
        for (int bad : {2, -3}) {
            j["local_conv_kernel_size"] = bad;
            auto refused = buildMuseTransformer(JsonConfig::fromJson(j, "bad/config.json"));
            QVERIFY(!refused.isOk());
            QVERIFY(refused.status().message().find("local_conv_kernel_size") != std::string::npos);
        }
        // The super-res model's low-resolution encoder gets it too, and it round-trips.
        nlohmann::json srJson = tinySuperResConfig().json();
        srJson["local_conv_kernel_size"] = 3;
        MuseSuperResTransformer sr = buildSuperRes(JsonConfig::fromJson(srJson, "sr/config.json"));
        QVERIFY(sr->named_parameters().contains("lowres_layers.1.local_conv.weight"));
        QTemporaryDir dir;
        QVERIFY(superResRoundTrips(sr, dir.path().toStdString() + "/superres", text));
    }

    void tokenPatches()
    {
        torch::NoGradGuard noGrad;
        nlohmann::json j = presetConfig("muse-tiny").json();
        j["token_patch_size"] = 2;
        j["num_hidden_layers"] = 1;
        const JsonConfig config = JsonConfig::fromJson(j, "patched/config.json");
        MuseTransformer model = buildBase(config);
        QCOMPARE(*countParametersFromConfig(config), countParameters(*model));
        const auto params = model->named_parameters();
        QCOMPARE(params["patch_merge.weight"].sizes().vec(), (std::vector<int64_t>{64, 4 * 64}));
        QCOMPARE(params["patch_split.weight"].sizes().vec(), (std::vector<int64_t>{4 * 64, 64}));
        QCOMPARE(model->config().toJson()["token_patch_size"].get<int64_t>(), int64_t(2));
        QVERIFY(!presetConfig("muse-tiny").json().contains("token_patch_size")); // off unless asked for
        QVERIFY(!buildBase(presetConfig("muse-tiny"))->named_parameters().contains("patch_merge.weight"));
        // With attention and MLP outputs silenced nothing mixes positions but the patches: changing
        // the token at row 3, column 4 of a 6×8 grid changes the logits of exactly the 2×2 patch
        // holding it (rows 2–3, columns 4–5), so tokens are regrouped row-major and back.
        silenceAttentionAndMlp(*model);
        const torch::Tensor text = torch::randn({1, 3, 64});
        const torch::Tensor tokens = torch::randint(0, 257, {1, 6, 8}, torch::kInt64);
        QCOMPARE(model->forward(tokens, text, c10::nullopt).sizes().vec(), (std::vector<int64_t>{1, 256, 6, 8}));
        QVERIFY2(torch::equal(positionsReachedFrom(model, tokens, text, 3, 4), block(6, 8, 2, 4, 4, 6)),
                 "a token reached beyond its 2×2 patch");
        // A grid of broken patches is refused with an error, not a wrong reshape.
        bool refused = false;
        try {
            model->forward(torch::zeros({1, 5, 8}, torch::kInt64), text, c10::nullopt);
        } catch (const c10::Error& e) {
            refused = std::string(e.what()).find("token_patch_size") != std::string::npos;
        }
        QVERIFY2(refused, "a 5×8 grid ran through a model of 2×2 token patches");
        // Configs: the grid must be whole patches; super-res models have no patches.
        j["grid_height"] = 7;
        auto badGrid = buildMuseTransformer(JsonConfig::fromJson(j, "bad/config.json"));
        QVERIFY(!badGrid.isOk());
        QVERIFY(badGrid.status().message().find("token_patch_size") != std::string::npos);
        nlohmann::json srJson = tinySuperResConfig().json();
        srJson["token_patch_size"] = 2;
        auto badSr = buildMuseSuperResTransformer(JsonConfig::fromJson(srJson, "sr/config.json"));
        QVERIFY(!badSr.isOk());
        QVERIFY(badSr.status().message().find("token_patch_size") != std::string::npos);
        // It round-trips through a folder.
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString() + "/transformer";
        QVERIFY(saveMuseTransformer(*model, folder).isOk());
        auto loaded = loadMuseTransformer(folder, torch::kCPU, torch::kFloat32);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        QVERIFY(torch::equal(model->forward(tokens, text, c10::nullopt), (*loaded)->forward(tokens, text, c10::nullopt)));
    }

    void lowresAlignedInput()
    {
        torch::NoGradGuard noGrad;
        nlohmann::json j = tinySuperResConfig().json();
        j["lowres_aligned_input"] = true;
        j["num_lowres_layers"] = 0;
        const JsonConfig config = JsonConfig::fromJson(j, "aligned/config.json");
        MuseSuperResTransformer sr = buildSuperRes(config);
        QCOMPARE(*countParametersFromConfig(config), countParameters(*sr));
        QVERIFY(sr->named_parameters().contains("lowres_input_projection.weight"));
        QVERIFY(sr->config().toJson()["lowres_aligned_input"].get<bool>());
        QVERIFY(!tinySuperResConfig().json().contains("lowres_aligned_input")); // off unless asked for
        // With attention and MLP outputs silenced (and no low-res layers) only the aligned input
        // carries a low-res token to the high-res grid: changing the token at row 2, column 5 of the
        // 6×8 low-res grid changes the logits of exactly the 2×2 high-res tokens it covers.
        silenceAttentionAndMlp(*sr);
        const torch::Tensor text = torch::randn({1, 3, 64});
        const torch::Tensor high = torch::randint(0, 257, {1, 12, 16}, torch::kInt64);
        torch::Tensor low = torch::randint(0, 128, {1, 6, 8}, torch::kInt64);
        const torch::Tensor before = sr->forward(high, text, c10::nullopt, low);
        low[0][2][5] = (low[0][2][5] + 1) % 128;
        const torch::Tensor changed = (sr->forward(high, text, c10::nullopt, low) - before).abs().amax(1)[0] > 1e-6;
        QVERIFY2(torch::equal(changed, block(12, 16, 4, 6, 10, 12)), "a low-res token reached beyond the high-res tokens it covers");
        // The prepared context (inference) gives the same logits as the one-call forward (training).
        const MuseTextContext context = sr->prepareContext(text, c10::nullopt, low);
        QVERIFY(torch::allclose(sr->forward(high, context), sr->forward(high, text, c10::nullopt, low), 1e-5, 1e-6));
        // Grids that are not one whole multiple of the low-res grid are refused, naming the key.
        j["grid_width"] = 12;
        auto refused = buildMuseSuperResTransformer(JsonConfig::fromJson(j, "bad/config.json"));
        QVERIFY(!refused.isOk());
        QVERIFY(refused.status().message().find("lowres_aligned_input") != std::string::npos);
        j["grid_width"] = 16;
        j["num_lowres_layers"] = 2;
        MuseSuperResTransformer withLayers = buildSuperRes(JsonConfig::fromJson(j, "aligned/config.json"));
        QTemporaryDir dir;
        QVERIFY(superResRoundTrips(withLayers, dir.path().toStdString() + "/superres", text));
    }

    void saveLoadRoundTrip()
    {
        torch::NoGradGuard noGrad;
        QTemporaryDir dir;
        MuseTransformer model = buildBase(presetConfig("muse-tiny"));
        const std::string folder = dir.path().toStdString() + "/transformer";
        const Status saved = saveMuseTransformer(*model, folder);
        QVERIFY2(saved.isOk(), saved.toString().c_str());
        auto loaded = loadMuseTransformer(folder, torch::kCPU, torch::kFloat32);
        QVERIFY2(loaded.isOk(), loaded.status().toString().c_str());
        const torch::Tensor tokens = torch::randint(0, 257, {1, 8, 8}, torch::kInt64);
        const torch::Tensor text = torch::randn({1, 4, 64});
        QVERIFY(torch::equal(model->forward(tokens, text, c10::nullopt), (*loaded)->forward(tokens, text, c10::nullopt)));
        QCOMPARE(*countParametersFromConfig(folder), countParameters(**loaded));
        // A base folder is refused by the super-res loader, naming the class.
        auto wrong = loadMuseSuperResTransformer(folder, torch::kCPU, torch::kFloat32);
        QVERIFY(!wrong.isOk());
        QVERIFY(wrong.status().message().find("_class_name") != std::string::npos);

        MuseSuperResTransformer sr = buildSuperRes(tinySuperResConfig());
        QVERIFY(superResRoundTrips(sr, dir.path().toStdString() + "/superres", text));
    }
};

QTEST_GUILESS_MAIN(TestMuseTransformer)
#include "tst_musetransformer.moc"
