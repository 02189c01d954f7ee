// A tiny Muse base and super-resolution transformer learn a fixed small batch on the CPU with the
// paper's objective: per example a masking rate r = cos(π u / 2), u ~ U(0, 1), exactly round(S·r)
// (at least one) random tokens replaced by [MASK], cross-entropy on the masked tokens only, AdamW.
// The loss must fall clearly (final < 0.7 × initial) within a few dozen steps.

#include "io/JsonConfig.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace muse;

namespace {

struct MaskedBatch {
    torch::Tensor input;  // tokens with masked positions set to the mask id
    torch::Tensor labels; // the true token where masked, −100 elsewhere
};

MaskedBatch maskWithCosineSchedule(const torch::Tensor& tokens, int64_t maskId)
{
    const int64_t b = tokens.size(0), s = tokens.size(1) * tokens.size(2);
    const torch::Tensor rate = torch::cos(M_PI / 2 * torch::rand({b}));
    const torch::Tensor count = torch::clamp_min(torch::round(rate * s), 1).to(torch::kInt64);
    // A random permutation per row: the positions ranked below `count` are masked.
    const torch::Tensor mask = (torch::rand({b, s}).argsort(/*dim=*/int64_t(1), /*descending=*/false) < count.unsqueeze(1)).reshape(tokens.sizes());
    return {torch::where(mask, torch::full_like(tokens, maskId), tokens), torch::where(mask, tokens, torch::full_like(tokens, -100))};
}

nlohmann::json tinyJson(const char* className)
{
    nlohmann::json j;
    j["_class_name"] = className;
    j["codebook_size"] = 64;
    j["grid_height"] = 8;
    j["grid_width"] = 8;
    j["hidden_size"] = 64;
    j["num_hidden_layers"] = 2;
    j["num_attention_heads"] = 4;
    j["intermediate_size"] = 256;
    j["encoder_hidden_size"] = 32;
    j["dropout"] = 0.0;
    return j;
}

// Runs `steps` AdamW steps of `loss` and returns the loss of every step.
std::vector<double> train(torch::nn::Module& model, int steps, const std::function<torch::Tensor()>& loss)
{
    model.train();
    torch::optim::AdamW optimizer(model.parameters(), torch::optim::AdamWOptions(2e-3).weight_decay(0.01));
    std::vector<double> losses;
    for (int step = 0; step < steps; ++step) {
        optimizer.zero_grad();
        const torch::Tensor value = loss();
        value.backward();
        optimizer.step();
        losses.push_back(value.item<double>());
    }
    return losses;
}

double mean(const std::vector<double>& v, std::size_t from, std::size_t to)
{
    double sum = 0;
    for (std::size_t i = from; i < to; ++i)
        sum += v[i];
    return sum / double(to - from);
}

void expectClearDrop(const std::vector<double>& losses)
{
    const double initial = mean(losses, 0, 3);
    const double final = mean(losses, losses.size() - 5, losses.size());
    qInfo("loss %.3f (first 3 steps) -> %.3f (last 5 steps)", initial, final);
    QVERIFY(std::isfinite(initial) && std::isfinite(final));
    QVERIFY2(final < 0.7 * initial, qPrintable(QString("final %1, initial %2").arg(final).arg(initial)));
}

} // namespace

class TestMuseTrain : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::manual_seed(1234);
        torch::set_num_threads(2);
    }

    void maskingFollowsTheSchedule()
    {
        // Over many draws the mean masking rate is E[cos(π u / 2)] = 2/π ≈ 0.64, masks are exact
        // counts, labels exist only where masked.
        const torch::Tensor tokens = torch::randint(0, 64, {4000, 4, 4}, torch::kInt64);
        const MaskedBatch batch = maskWithCosineSchedule(tokens, 64);
        const torch::Tensor masked = batch.input.eq(64);
        QVERIFY(torch::equal(masked, batch.labels.ne(-100)));
        QVERIFY(masked.flatten(1).sum(1).min().item<int64_t>() >= 1);
        const double rate = masked.to(torch::kFloat64).mean().item<double>();
        QVERIFY2(std::abs(rate - 2 / M_PI) < 0.02, std::to_string(rate).c_str());
        QVERIFY(torch::equal(batch.labels.masked_select(masked), tokens.masked_select(masked)));
    }

    void baseTransformerLearns()
    {
        auto model = buildMuseTransformer(JsonConfig::fromJson(tinyJson("MuseTransformer"), "tiny/config.json"));
        QVERIFY2(model.isOk(), model.status().toString().c_str());
        // Four structured 8×8 token images, each with its own "prompt" (the last two padded).
        const torch::Tensor y = torch::arange(8).view({1, 8, 1}), x = torch::arange(8).view({1, 1, 8});
        const torch::Tensor b = torch::arange(4).view({4, 1, 1});
        const torch::Tensor tokens = ((3 * y + 5 * x + 7 * b * (y % 3)) % 64).to(torch::kInt64);
        const torch::Tensor text = torch::randn({4, 6, 32});
        const torch::Tensor keep = torch::tensor({{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}, {1, 1, 0, 0, 0, 0}});
        MuseTransformer net = *model;
        const auto losses = train(*net, 60, [&] {
            const MaskedBatch batch = maskWithCosineSchedule(tokens, net->maskTokenId());
            const torch::Tensor logits = net->forward(batch.input, net->prepareText(text, keep));
            return torch::nn::functional::cross_entropy(
                logits, batch.labels, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        });
        expectClearDrop(losses);
    }

    void superResTransformerLearns()
    {
        nlohmann::json j = tinyJson("MuseSuperResTransformer");
        j["lowres_codebook_size"] = 32;
        j["lowres_grid_height"] = 4;
        j["lowres_grid_width"] = 4;
        j["num_lowres_layers"] = 1;
        auto model = buildMuseSuperResTransformer(JsonConfig::fromJson(j, "tiny-sr/config.json"));
        QVERIFY2(model.isOk(), model.status().toString().c_str());
        // High-res tokens are a function of the low-res token above them and the sub-pixel, so the
        // low-res context carries what the masked positions need.
        const torch::Tensor lowres = torch::randint(0, 32, {4, 4, 4}, torch::kInt64);
        const torch::Tensor up = lowres.repeat_interleave(2, 1).repeat_interleave(2, 2);
        const torch::Tensor sub = (torch::arange(8) % 2).view({1, 8, 1}) + 2 * (torch::arange(8) % 2).view({1, 1, 8});
        const torch::Tensor tokens = ((2 * up + sub) % 64).to(torch::kInt64);
        const torch::Tensor text = torch::randn({4, 3, 32});
        MuseSuperResTransformer net = *model;
        const auto losses = train(*net, 60, [&] {
            const MaskedBatch batch = maskWithCosineSchedule(tokens, net->maskTokenId());
            const torch::Tensor logits = net->forward(batch.input, net->prepareContext(text, c10::nullopt, lowres));
            return torch::nn::functional::cross_entropy(
                logits, batch.labels, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        });
        expectClearDrop(losses);
    }
};

QTEST_GUILESS_MAIN(TestMuseTrain)
#include "tst_musetrain.moc"
