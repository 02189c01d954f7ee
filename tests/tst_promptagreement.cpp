// Targeted mask-free editing's scorer and selection with a stand-in model: where the prompt would
// draw another code the disagreement is high, elsewhere about zero; the selection takes that region
// and its rim, most disagreeing first, within the budget. Snapping input tokens to the model's own
// codes of the same look.

#include "sampling/PromptAgreement.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QtTest>

using namespace muse;

namespace {

constexpr int64_t kCodes = 4;
constexpr int64_t kMask = kCodes;

// Codes on a line: 0 and 1 close together (two shades of one look), 2 and 3 far away.
torch::Tensor codebook()
{
    return torch::tensor({0.0f, 0.1f, 5.0f, 6.0f}).view({kCodes, 1});
}

// Both branches predict, for a masked position, the token the image has there (code 0 or 1: the
// model is free to prefer the other shade of the same look); the conditional one predicts code 3
// inside `region` (the prompt wants something else there). With nothing visible (the blind pass)
// the conditional branch predicts code 2 everywhere when `global` is set. Unmasked positions get
// garbage logits that must not matter.
struct FakeModel {
    torch::Tensor image;  // (1, h, w) the tokens being scored
    torch::Tensor region; // (1, h, w) bool
    bool global = false;
    int calls = 0;
    int guidedCalls = 0;
    GuidedLogits operator()(const torch::Tensor& tokens, bool withUnconditional)
    {
        ++calls;
        guidedCalls += withUnconditional ? 1 : 0;
        const bool blind = tokens.eq(kMask).all().item<bool>();
        torch::Tensor sameLook = torch::ones_like(image) - image; // the other shade of the same look
        auto logitsFor = [&](const torch::Tensor& code) {
            torch::Tensor l = torch::one_hot(code, kCodes).permute({0, 3, 1, 2}).to(torch::kFloat32) * 20.0f;
            return torch::where(tokens.eq(kMask).unsqueeze(1), l, torch::randn_like(l) * 50.0f);
        };
        torch::Tensor conditional = torch::where(region, torch::full_like(image, 3), sameLook);
        if (blind && global)
            conditional = torch::full_like(image, 2);
        GuidedLogits out;
        out.conditional = logitsFor(conditional);
        if (withUnconditional)
            out.unconditional = logitsFor(sameLook);
        return out;
    }
};

} // namespace

class TestPromptAgreement : public QObject {
    Q_OBJECT

private slots:
    void disagreementMarksWhereThePromptWantsAnotherLook()
    {
        FakeModel model;
        model.image = torch::randint(0, 2, {1, 6, 6}, torch::kInt64);
        model.region = torch::zeros({1, 6, 6}, torch::kBool);
        model.region.index_put_({0, torch::indexing::Slice(1, 3), torch::indexing::Slice(2, 4)}, true);
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(5);
        // Four passes hiding three quarters each: every token scored in three of them, the mean.
        const torch::Tensor d = promptDisagreement(model.image, std::ref(model), codebook(), kMask, 4, 0.75f, 0.25f, generator);
        QCOMPARE(model.calls, 4 + 1); // four passes and the blind pass
        QCOMPARE(d.sizes().vec(), std::vector<int64_t>({1, 6, 6}));
        // Inside: E‖e3 − e_token‖² − E‖e_other shade − e_token‖² over the codebook's variance.
        const float variance = (codebook() - codebook().mean()).pow(2).mean().item<float>();
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 6; ++x) {
                const float value = d[0][y][x].item<float>();
                const float token = codebook()[model.image[0][y][x].item<int64_t>()][0].item<float>();
                const float other = 0.1f; // the other shade lies 0.1 away from either
                if (model.region[0][y][x].item<bool>()) {
                    const float expected = ((6.0f - token) * (6.0f - token) - other * other) / variance;
                    QVERIFY2(std::abs(value - expected) < 1e-3f * expected, qPrintable(QString::number(value)));
                } else {
                    // Another shade of the same look is no disagreement.
                    QVERIFY2(std::abs(value) < 1e-4f, qPrintable(QString::number(value)));
                }
            }
    }

    void theBlindPassCatchesWholeImageChanges()
    {
        FakeModel model;
        model.image = torch::zeros({1, 4, 4}, torch::kInt64);
        model.region = torch::zeros({1, 4, 4}, torch::kBool);
        model.global = true;
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(1);
        const torch::Tensor d = promptDisagreement(model.image, std::ref(model), codebook(), kMask, 2, 0.5f, 0.25f, generator);
        // The blind pass counts with its weight: (‖e2 − e0‖² − ‖e1 − e0‖²) / variance / 4 everywhere.
        const float variance = (codebook() - codebook().mean()).pow(2).mean().item<float>();
        const float expected = 0.25f * (25.0f - 0.01f) / variance;
        QVERIFY2(d.sub(expected).abs().max().item<float>() < 1e-3f * expected, qPrintable(QString::number(d.max().item<float>())));
    }

    void scoringMasksHideEachTokenInKPasses()
    {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(3);
        const torch::Tensor masks = scoringMasks(64, 8, 0.75f, generator, torch::kCPU);
        QCOMPARE(masks.sizes().vec(), std::vector<int64_t>({8, 64}));
        QVERIFY(masks.sum(0).eq(6).all().item<bool>()); // round(0.75 · 8) passes each
        QCOMPARE(masks.sum().item<int64_t>(), int64_t(6 * 64));
        // Each pass hides about three quarters, not the same positions.
        for (int p = 0; p < 8; ++p) {
            const int64_t hidden = masks[p].sum().item<int64_t>();
            QVERIFY2(hidden > 32 && hidden < 64, qPrintable(QString::number(hidden)));
        }
        QVERIFY(!torch::equal(masks[0], masks[1]));
        // A ratio of 1/passes partitions the positions; tiny ratios still hide each position once.
        QVERIFY(scoringMasks(30, 3, 1.0f / 3, generator, torch::kCPU).sum(0).eq(1).all().item<bool>());
        QVERIFY(scoringMasks(30, 3, 0.01f, generator, torch::kCPU).sum(0).eq(1).all().item<bool>());
        QVERIFY(scoringMasks(30, 3, 1.0f, generator, torch::kCPU).all().item<bool>());
    }

    void snappingTakesTheModelsCodeOfTheSameLook()
    {
        FakeModel model;
        model.image = torch::randint(0, 2, {1, 5, 7}, torch::kInt64);
        model.region = torch::zeros({1, 5, 7}, torch::kBool);
        model.region.index_put_({0, 2, torch::indexing::Slice(1, 5)}, true);
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(3);
        const torch::Tensor snapped = snapToModelCodes(model.image, std::ref(model), codebook(), kMask, 4, 0.1f, generator);
        QCOMPARE(model.calls, 4);
        QCOMPARE(model.guidedCalls, 0); // the conditional branch alone
        // Outside the region the model prefers the other shade of the same look: taken. Inside it
        // prefers code 3, which looks nothing like the token: the token stays.
        const torch::Tensor expected = torch::where(model.region, model.image, 1 - model.image);
        QVERIFY(torch::equal(snapped, expected));
        // A tighter limit than the two shades' distance (0.01 / 7.55 variances) keeps everything.
        const torch::Tensor kept = snapToModelCodes(model.image, std::ref(model), codebook(), kMask, 4, 1e-4f, generator);
        QVERIFY(torch::equal(kept, model.image));
    }

    void selectionIsTheRegionAndItsRimWithinTheBudget()
    {
        torch::Tensor d = torch::zeros({1, 6, 6});
        d[0][2][2] = 3.0f;
        d[0][2][3] = 2.0f;
        d[0][5][5] = 0.5f; // below the threshold
        const torch::Tensor all = disagreeingTokens(d, 0.8f, 36);
        // The 3×4 block around the two core tokens, nothing else.
        QCOMPARE(all.sum().item<int64_t>(), 12);
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 6; ++x)
                QCOMPARE(all[0][y][x].item<bool>(), y >= 1 && y <= 3 && x >= 1 && x <= 4);
        // A budget of 2 takes the two core tokens; of 1, the most disagreeing one.
        const torch::Tensor two = disagreeingTokens(d, 0.8f, 2);
        QCOMPARE(two.sum().item<int64_t>(), 2);
        QVERIFY(two[0][2][2].item<bool>() && two[0][2][3].item<bool>());
        const torch::Tensor one = disagreeingTokens(d, 0.8f, 1);
        QCOMPARE(one.sum().item<int64_t>(), 1);
        QVERIFY(one[0][2][2].item<bool>());
        // Nothing above the threshold: nothing to regenerate.
        QCOMPARE(disagreeingTokens(torch::zeros({1, 6, 6}), 0.8f, 36).sum().item<int64_t>(), 0);
    }
};

QTEST_APPLESS_MAIN(TestPromptAgreement)
#include "tst_promptagreement.moc"
