// The engine's worker thread and the job queue: errors come back as signals (never exceptions),
// queued jobs can be cancelled one by one, and with a model the worker reports progress,
// previews and results, and a cancelled job stops.
//
// The model-dependent cases use the tiny test model at tests/data/models/tiny-muse and are
// skipped while it is absent.

#include "TestPaths.h"
#include "jobs/EngineHost.h"
#include "jobs/JobQueue.h"

#include <QDir>
#include <QtTest>

using namespace muse;
using namespace muse::ui;

namespace {

EngineOptions cpuOptions()
{
    EngineOptions options;
    options.device = "cpu";
    options.previews = true;
    options.previewIntervalSeconds = 0.0; // a preview for every step
    return options;
}

Job generateJob(const std::string& prompt, int steps, uint64_t seed = 1)
{
    GenerateRequest request;
    request.settings.prompt = prompt;
    request.settings.steps = steps;
    request.settings.seed = seed;
    Job job;
    job.request = request;
    job.label = QString::fromStdString(prompt);
    return job;
}

QString tinyModel() { return QStringLiteral(MUSE_TEST_DATA "/models/tiny-muse"); }

bool waitForModel(EngineHost& host, int timeoutMs)
{
    return QTest::qWaitFor([&] { return host.modelState() != EngineHost::ModelState::Loading; }, timeoutMs);
}

} // namespace

class TestEngineWorker : public QObject {
    Q_OBJECT

private slots:
    void missingModelFolderFails()
    {
        EngineHost host(cpuOptions());
        QSignalSpy states(&host, &EngineHost::modelStateChanged);
        host.loadModel(QStringLiteral("/nonexistent/model/folder"));
        QCOMPARE(host.modelState(), EngineHost::ModelState::Loading);
        QVERIFY(waitForModel(host, 30000));
        QCOMPARE(host.modelState(), EngineHost::ModelState::Failed);
        QVERIFY(!host.modelError().isEmpty());
        QCOMPARE(states.count(), 2); // Loading, Failed
    }

    void jobWithoutModelFailsAsASignal()
    {
        EngineHost host(cpuOptions());
        JobQueue queue(&host);
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        const quint64 id = queue.enqueue(generateJob("a red square", 4));
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QCOMPARE(finished.count(), 0);
        QCOMPARE(queue.job(id)->state, Job::State::Failed);
        QVERIFY(!host.isBusy());
        QCOMPARE(queue.activeCount(), 0);
    }

    void queuedJobsCancelIndividually()
    {
        EngineHost host(cpuOptions());
        JobQueue queue(&host);
        QList<quint64> started;
        connect(&host, &EngineHost::jobStarted, this, [&](quint64 id) { started.append(id); });
        QSignalSpy cancelled(&queue, &JobQueue::jobCancelled);
        QSignalSpy idle(&queue, &JobQueue::idle);
        const quint64 first = queue.enqueue(generateJob("one", 4));
        const quint64 second = queue.enqueue(generateJob("two", 4));
        const quint64 third = queue.enqueue(generateJob("three", 4));
        // Only the first reaches the engine at once; the others wait in the queue.
        QCOMPARE(queue.job(first)->state, Job::State::Running);
        QCOMPARE(queue.job(second)->state, Job::State::Queued);
        queue.cancel(second);
        QCOMPARE(queue.job(second)->state, Job::State::Cancelled);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.first().at(0).toULongLong(), second);
        QVERIFY(QTest::qWaitFor([&] { return queue.activeCount() == 0; }, 30000));
        QCOMPARE(started, (QList<quint64>{first, third})); // the cancelled job never ran
        QVERIFY(idle.count() >= 1);

        queue.clearInactive();
        QCOMPARE(queue.jobs().size(), 0);
    }

    void etaAndFraction()
    {
        JobProgress p;
        p.stage = Stage::Base;
        p.step = 3;
        p.totalSteps = 12;
        p.stepSeconds = 0.5;
        p.elapsedSeconds = 2.0;
        QCOMPARE(JobQueue::estimateSecondsLeft(p, 0), 4.5);
        QCOMPARE(JobQueue::estimateSecondsLeft(p, 8), 8.5);
        QCOMPARE(JobQueue::estimateSecondsLeft(p, 8, 2, 20), 28.5); // two more images of 20 steps
        QCOMPARE(JobQueue::progressFraction(p, 12, 8), 3.0 / 20.0);
        QCOMPARE(JobQueue::progressFraction(p, 12, 8, 1, 2), 23.0 / 40.0);
        p.stage = Stage::SuperRes;
        p.step = 2;
        p.totalSteps = 8;
        QCOMPARE(JobQueue::estimateSecondsLeft(p, 8), 3.0);
        QCOMPARE(JobQueue::progressFraction(p, 12, 8), 14.0 / 20.0);
        p.stage = Stage::EncodingText;
        QCOMPARE(JobQueue::estimateSecondsLeft(p, 0), -1.0);
    }

    void progressPreviewAndResultWithTinyModel()
    {
        if (!QDir(tinyModel()).exists())
            QSKIP("tests/data/models/tiny-muse is not there yet");
        EngineHost host(cpuOptions());
        host.loadModel(tinyModel());
        QVERIFY(waitForModel(host, 120000));
        QVERIFY2(host.modelState() == EngineHost::ModelState::Ready, qPrintable(host.modelError()));
        const ModelDescription model = host.model();

        JobQueue queue(&host);
        QList<JobProgress> steps;
        int previews = 0;
        QSize previewSize;
        connect(&queue, &JobQueue::jobProgressed, this, [&](quint64, const JobProgress& p) {
            if (p.stage == Stage::Base)
                steps.append(p);
        });
        connect(&queue, &JobQueue::jobPreviewed, this, [&](quint64, const QImage& preview, const QImage&) {
            if (!preview.isNull()) {
                ++previews;
                previewSize = preview.size();
            }
        });
        QList<double> fractions;
        connect(&queue, &JobQueue::jobChanged, this, [&](quint64 id) {
            if (queue.job(id)->state == Job::State::Running)
                fractions.append(queue.job(id)->fraction);
        });
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        Job job = generateJob("a red circle", 4, 7);
        std::get<GenerateRequest>(job.request).settings.numImages = 2;
        queue.enqueue(job);
        QVERIFY(finished.wait(300000));
        const JobOutcome outcome = finished.first().at(1).value<JobOutcome>();
        QVERIFY(outcome.result);
        QCOMPARE(outcome.images.size(), 2);
        QCOMPARE(outcome.images[0].size(), QSize(model.nativeWidth, model.nativeHeight));
        QCOMPARE(outcome.result->seeds.size(), std::size_t(2));
        QCOMPARE(outcome.result->pngText.size(), std::size_t(2));
        QVERIFY(outcome.result->pngText[1].count("muse") == 1);
        // Each image of the batch runs its own 4 base steps.
        QCOMPARE(steps.size(), 8);
        for (int i = 0; i < steps.size(); ++i) {
            QCOMPARE(steps[i].step, i % 4 + 1);
            QCOMPARE(steps[i].totalSteps, 4);
        }
        QCOMPARE(steps[3].tokensMasked, qint64(0)); // all tokens decided after the last step
        QCOMPARE(steps.last().tokensMasked, qint64(0));
        QVERIFY(steps.first().tokensMasked > 0);
        QVERIFY(steps.first().tokensMasked < steps.first().totalTokens);
        // The job's progress only moves forward, over both images, and ends full.
        for (int i = 1; i < fractions.size(); ++i)
            QVERIFY(fractions[i] >= fractions[i - 1]);
        QVERIFY(std::any_of(fractions.begin(), fractions.end(), [](double f) { return f >= 0.45 && f <= 0.55; }));
        QCOMPARE(queue.jobs().first().fraction, 1.0);
        QVERIFY(previews >= 1);
        QVERIFY(previewSize.isValid());
    }

    void cancelStopsARunningJob()
    {
        if (!QDir(tinyModel()).exists())
            QSKIP("tests/data/models/tiny-muse is not there yet");
        EngineHost host(cpuOptions());
        host.loadModel(tinyModel());
        QVERIFY(waitForModel(host, 120000));
        QVERIFY2(host.modelState() == EngineHost::ModelState::Ready, qPrintable(host.modelError()));
        JobQueue queue(&host);
        QSignalSpy cancelled(&queue, &JobQueue::jobCancelled);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        // Cancelled right after it is handed to the engine: the token is set before the first
        // step, so the job must stop without a result.
        const quint64 id = queue.enqueue(generateJob("a blue square", 50));
        QCOMPARE(queue.job(id)->state, Job::State::Running);
        queue.cancel(id);
        QVERIFY(cancelled.wait(120000));
        QCOMPARE(cancelled.first().at(0).toULongLong(), id);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(queue.job(id)->state, Job::State::Cancelled);

        // The thread is still usable after a cancel.
        queue.enqueue(generateJob("a blue square", 2));
        QVERIFY(finished.wait(300000));
    }
};

QTEST_MAIN(TestEngineWorker)
#include "tst_engineworker.moc"
