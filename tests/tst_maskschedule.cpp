// The parallel-decoding schedule: float32 arithmetic of diffusers' AmusedScheduler.

#include "TestPaths.h"
#include "sampling/MaskSchedule.h"

#include <QtTest>

using namespace muse;

class TestMaskSchedule : public QObject {
    Q_OBJECT

private slots:
    void amusedDefaultCounts()
    {
        // model-spec §3.3: 127 (not the 128 of exact math) tokens at step 7 of 12 for 256 tokens.
        const std::vector<int64_t> expected256 = {253, 247, 236, 221, 203, 181, 155, 127, 97, 66, 33, 0};
        QCOMPARE(maskedCountsPerStep(MaskScheduleKind::Cosine, 12, 256, 256), expected256);
        const std::vector<int64_t> expected1024 = {1015, 989, 946, 886, 812, 724, 623, 511, 391, 265, 133, 0};
        QCOMPARE(maskedCountsPerStep(MaskScheduleKind::Cosine, 12, 1024, 1024), expected1024);
    }

    void linearAndClamps()
    {
        const auto linear = maskedCountsPerStep(MaskScheduleKind::Linear, 4, 64, 64);
        QCOMPARE(linear, (std::vector<int64_t>{48, 32, 16, 0}));
        // More steps than tokens: every step still commits one token and keeps one masked.
        const auto tiny = maskedCountsPerStep(MaskScheduleKind::Cosine, 6, 4, 4);
        QCOMPARE(tiny, (std::vector<int64_t>{3, 2, 1, 1, 1, 0}));
        // Inpainting a quarter of the grid: the schedule scales with the masked share.
        const auto part = maskedCountsPerStep(MaskScheduleKind::Cosine, 12, 256, 64, 0.25f);
        QCOMPARE(part.front(), int64_t(63));
        QCOMPARE(part.back(), int64_t(0));
        for (std::size_t i = 1; i < part.size(); ++i)
            QVERIFY(part[i] < part[i - 1]);
    }

    void temperatures()
    {
        const auto t = linspaceFloat(2.0f, 0.0f, 12);
        QCOMPARE(t.size(), std::size_t(12));
        QCOMPARE(t.front(), 2.0f);
        QCOMPARE(t.back(), 0.0f);
        QVERIFY(std::fabs(t[7] - 0.72727f) < 1e-4f);
    }
};

QTEST_GUILESS_MAIN(TestMaskSchedule)
#include "tst_maskschedule.moc"
