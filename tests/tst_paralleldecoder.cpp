// Parallel decoding with a stand-in model: the schedule's counts, kept tokens, seeds, guidance
// and cancellation.

#include "sampling/ParallelDecoder.h"

#include <QtTest>

using namespace muse;

namespace {

constexpr int64_t kCodebook = 16;
constexpr int64_t kMask = 16;

// Logits that prefer code (x + y) % K, sharper for the conditional branch; the unconditional
// branch prefers code 0. Records how often it ran and whether guidance asked for both branches.
struct FakeModel {
    int calls = 0;
    int guidedCalls = 0;
    GuidedLogits operator()(const torch::Tensor& tokens, bool withUnconditional)
    {
        ++calls;
        guidedCalls += withUnconditional ? 1 : 0;
        const int64_t b = tokens.size(0), h = tokens.size(1), w = tokens.size(2);
        auto ys = torch::arange(h).view({1, h, 1}).expand({b, h, w});
        auto xs = torch::arange(w).view({1, 1, w}).expand({b, h, w});
        auto target = (xs + ys).remainder(kCodebook);
        GuidedLogits out;
        out.conditional = torch::one_hot(target, kCodebook).permute({0, 3, 1, 2}).to(torch::kFloat32) * 3.0f;
        if (withUnconditional)
            out.unconditional = torch::one_hot(torch::zeros_like(target), kCodebook).permute({0, 3, 1, 2}).to(torch::kFloat32) * 3.0f;
        return out;
    }
};

DecodeSettings settings(int steps, float guidance = 1.0f)
{
    DecodeSettings s;
    s.steps = steps;
    s.guidanceScale = guidance;
    s.maskTokenId = kMask;
    s.codebookSize = kCodebook;
    return s;
}

at::Generator seeded(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

} // namespace

class TestParallelDecoder : public QObject {
    Q_OBJECT

private slots:
    void followsTheScheduleAndFillsEverything()
    {
        FakeModel model;
        std::vector<int64_t> masked;
        DecodeHooks hooks;
        hooks.onStep = [&](const DecodeStep& s, const torch::Tensor&, const torch::Tensor&) { masked.push_back(s.stillMasked); };
        auto gen = seeded(1);
        auto out = decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), settings(8), gen, hooks);
        QVERIFY(out.has_value());
        QCOMPARE(masked, maskedCountsPerStep(MaskScheduleKind::Cosine, 8, 64, 64));
        QCOMPARE(out->eq(kMask).sum().item<int64_t>(), int64_t(0));
        QVERIFY(out->lt(kCodebook).all().item<bool>());
        QCOMPARE(model.calls, 8);
    }

    void sameSeedSameTokens()
    {
        FakeModel model;
        auto run = [&](uint64_t seed) {
            auto gen = seeded(seed);
            return *decodeTokens(torch::full({2, 6, 5}, kMask, torch::kInt64), std::ref(model), settings(6), gen);
        };
        QVERIFY(torch::equal(run(7), run(7)));
        QVERIFY(!torch::equal(run(7), run(8)));
    }

    void knownTokensAreKept()
    {
        FakeModel model;
        torch::Tensor start = torch::randint(0, kCodebook, {1, 8, 8}, torch::kInt64);
        start.index_put_({0, torch::indexing::Slice(2, 5), torch::indexing::Slice(3, 7)}, kMask);
        const torch::Tensor known = start.ne(kMask);
        auto gen = seeded(3);
        auto out = decodeTokens(start.clone(), std::ref(model), settings(5), gen, {}, 12.0f / 64.0f);
        QVERIFY(out.has_value());
        QVERIFY(torch::equal(out->masked_select(known), start.masked_select(known)));
        QCOMPARE(out->eq(kMask).sum().item<int64_t>(), int64_t(0));
    }

    void guidanceChangesTheResult()
    {
        FakeModel model;
        auto gen1 = seeded(5);
        auto plain = *decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), settings(4, 1.0f), gen1);
        QCOMPARE(model.guidedCalls, 0);
        auto gen2 = seeded(5);
        auto guided = *decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), settings(4, 3.0f), gen2);
        QCOMPARE(model.guidedCalls, 4);
        QVERIFY(!torch::equal(plain, guided));
        // Guidance pushes away from the unconditional favourite (code 0).
        QVERIFY(guided.eq(0).sum().item<int64_t>() <= plain.eq(0).sum().item<int64_t>());
        // Muse's rising schedule: no guidance at the first step, the full scale at the last.
        DecodeSettings rising = settings(5, 4.0f);
        rising.guidanceSchedule = GuidanceSchedule::Linear;
        QCOMPARE(guidanceScaleAt(rising, 0), 1.0f);
        QCOMPARE(guidanceScaleAt(rising, 4), 4.0f);
        QCOMPARE(guidanceScaleAt(rising, 2), 2.5f);
    }

    void sampleTemperatureSharpensTheDraw()
    {
        // The stand-in puts 0.57 on the target code and the rest evenly on 15 others: plain
        // sampling misses the target at about 43 % of the positions, temperature 0.1 at none.
        FakeModel model;
        const auto ys = torch::arange(8).view({1, 8, 1}).expand({1, 8, 8});
        const auto xs = torch::arange(8).view({1, 1, 8}).expand({1, 8, 8});
        const auto target = (xs + ys).remainder(kCodebook);
        auto gen1 = seeded(9);
        auto plain = *decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), settings(4), gen1);
        DecodeSettings sharp = settings(4);
        sharp.sampleTemperature = 0.1f;
        auto gen2 = seeded(9);
        auto cold = *decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), sharp, gen2);
        QCOMPARE(cold.eq(target).sum().item<int64_t>(), int64_t(64));
        QVERIFY(plain.eq(target).sum().item<int64_t>() < 56);
    }

    void cancelStopsWithinOneStep()
    {
        FakeModel model;
        int steps = 0;
        DecodeHooks hooks;
        hooks.onStep = [&](const DecodeStep&, const torch::Tensor&, const torch::Tensor&) { ++steps; };
        hooks.cancelled = [&] { return steps >= 3; }; // the user presses Cancel during step 3
        auto gen = seeded(1);
        auto out = decodeTokens(torch::full({1, 8, 8}, kMask, torch::kInt64), std::ref(model), settings(12), gen, hooks);
        QVERIFY(!out.has_value());
        QCOMPARE(steps, 3);
        QCOMPARE(model.calls, 3);
    }

    void bothTokenDrawsSampleTheDistribution()
    {
        // 20,000 rows of p = (0.5, 0.3, 0.2, 0, ..., 0): each draw's frequencies within ±0.015 of p
        // (4.5 standard deviations), never a code of probability 0; the same seed, the same draws.
        const int64_t rows = 20000;
        torch::Tensor probs = torch::zeros({rows, kCodebook});
        probs.select(1, 0).fill_(0.5);
        probs.select(1, 1).fill_(0.3);
        probs.select(1, 2).fill_(0.2);
        for (auto draw : {DecodeSettings::TokenDraw::Reference, DecodeSettings::TokenDraw::InverseCdf}) {
            auto gen = seeded(3);
            const torch::Tensor codes = drawTokens(probs, draw, gen);
            QCOMPARE(codes.sizes().vec(), (std::vector<int64_t>{rows, 1}));
            const torch::Tensor counts = torch::bincount(codes.flatten(), {}, kCodebook).to(torch::kFloat64) / double(rows);
            for (int k = 0; k < 3; ++k)
                QVERIFY2(std::abs(counts[k].item<double>() - probs[0][k].item<double>()) < 0.015, std::to_string(k).c_str());
            QCOMPARE(counts.slice(0, 3).sum().item<double>(), 0.0);
            auto again = seeded(3);
            QVERIFY(torch::equal(drawTokens(probs, draw, again), codes));
        }
        // All the mass on the last code, and rows that sum to a little under 1 (float rounding):
        // the cumulative search never runs past the end.
        torch::Tensor last = torch::zeros({1000, kCodebook});
        last.select(1, kCodebook - 1).fill_(0.9999f);
        auto gen = seeded(4);
        QVERIFY(drawTokens(last, DecodeSettings::TokenDraw::InverseCdf, gen).eq(kCodebook - 1).all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestParallelDecoder)
#include "tst_paralleldecoder.moc"
