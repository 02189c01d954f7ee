// The procedural scene detector and judge: accuracy on clean, blurred and JPEG-compressed
// renders, verdicts on deliberately wrong images, the evaluation report, and the data set folder
// round trip (write, then judge).

#include "muse/SyntheticDataset.h"
#include "train/EvalReport.h"
#include "train/ImageDegradation.h"
#include "train/SceneDetector.h"
#include "train/SyntheticScenes.h"

#include <QtTest>

#include <chrono>
#include <fstream>

using namespace muse;

namespace {

struct Degradation {
    double blurSigma = 0.0;
    int jpegQuality = 0;
    double noiseSigma = 0.0;
};

// Judges `count` training (or held-out) scenes rendered at `size` and returns the report.
EvalReport judgeRenders(int size, int count, uint64_t seed, Degradation degradation, SceneSplit split = SceneSplit::Train,
                        const QString& scratchDir = {})
{
    SceneSamplerOptions options;
    options.split = split;
    const SceneSampler sampler(seed, options);
    const SceneDetector detector;
    EvalReport report;
    for (int i = 0; i < count; ++i) {
        const Scene scene = sampler.sceneAt(uint64_t(i));
        Image image = gaussianBlur(renderScene(scene, size), degradation.blurSigma);
        image = addPixelNoise(image, degradation.noiseSigma, uint64_t(i));
        if (degradation.jpegQuality > 0) {
            auto jpeg = jpegRoundTrip(image, degradation.jpegQuality, (scratchDir + "/round-trip.jpg").toStdString());
            if (!jpeg)
                qFatal("%s", jpeg.status().message().c_str());
            image = jpeg.takeValue();
        }
        report.add(judgeDetection(scene, detector.detect(image)), scene.kind, std::to_string(i));
    }
    return report;
}

QString summary(const EvalReport& report)
{
    QString text;
    for (Attribute a : allValues<Attribute, kAttributeCount>())
        text += QString("%1 %2% (%3/%4)  ").arg(attributeName(a)).arg(100.0 * report.tally(a).accuracy(), 0, 'f', 2)
                    .arg(report.tally(a).right).arg(report.tally(a).judged);
    if (!report.failures().empty())
        text += "\nfirst failure: " + QString::fromStdString(report.failures().front().item + ": " + report.failures().front().explanation);
    return text;
}

void requireAccuracy(const EvalReport& report, double minimum)
{
    qInfo().noquote() << summary(report);
    for (Attribute a : allValues<Attribute, kAttributeCount>()) {
        const AttributeTally& t = report.tally(a);
        QVERIFY2(t.judged > 0, attributeName(a));
        QVERIFY2(t.accuracy() >= minimum, qPrintable(QString("%1: %2 < %3\n%4").arg(attributeName(a)).arg(t.accuracy())
                                                            .arg(minimum).arg(summary(report))));
    }
}

SceneObject makeObject(Shape shape, Color color, double extent, double x, double y)
{
    SceneObject o;
    o.shape = shape;
    o.color = color;
    o.paint = colorRgb(color);
    o.extent = extent;
    o.size = sizeClassForExtent(extent);
    o.x = x;
    o.y = y;
    return o;
}

Scene twoObjectScene()
{
    Scene scene;
    scene.kind = SceneKind::Related;
    scene.background = Background::Gray;
    scene.backgroundPaint = backgroundRgb(Background::Gray);
    scene.objects = {makeObject(Shape::Square, Color::Blue, 0.29, 0.5, 0.25),
                     makeObject(Shape::Triangle, Color::Yellow, 0.29, 0.45, 0.72)};
    scene.relation = SceneRelation{0, 1, Relation::Above};
    return scene;
}

} // namespace

class TestSceneDetector : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsBackOneObject()
    {
        Scene scene;
        scene.background = Background::LightBlue;
        scene.backgroundPaint = backgroundRgb(Background::LightBlue);
        scene.objects = {makeObject(Shape::Star, Color::Orange, 0.39, 0.3, 0.64)};
        const DetectedScene found = SceneDetector().detect(renderScene(scene, 64));
        QCOMPARE(found.background, Background::LightBlue);
        QCOMPARE(int(found.objects.size()), 1);
        const DetectedObject& o = found.objects[0];
        QCOMPARE(o.color, Color::Orange);
        QCOMPARE(o.shape, Shape::Star);
        QCOMPARE(o.size, SizeClass::Large);
        QVERIFY(std::abs(o.x - 0.3) < 0.01 && std::abs(o.y - 0.64) < 0.01); // centroid within 0.6 px
        QVERIFY(std::abs(o.extent / 0.39 - 1.0) < 0.05);
        QVERIFY(o.shapeDistance < 5.0);
    }

    void everyShapeAndColour()
    {
        // Each shape in each colour on a background that allows it, small, at 64×64.
        const SceneDetector detector;
        int checked = 0;
        for (Shape shape : allValues<Shape, kShapeCount>())
            for (Color color : allValues<Color, kColorCount>()) {
                const Background bg = isColorAllowedOn(color, Background::White) ? Background::White : Background::Navy;
                Scene scene;
                scene.background = bg;
                scene.backgroundPaint = backgroundRgb(bg);
                scene.objects = {makeObject(shape, color, nominalExtent(SizeClass::Small), 0.55, 0.45)};
                const DetectedScene found = detector.detect(renderScene(scene, 64));
                const QString what = QString("%1 %2").arg(colorName(color)).arg(shapeName(shape));
                QVERIFY2(found.objects.size() == 1, qPrintable(what));
                QVERIFY2(found.objects[0].shape == shape, qPrintable(what + " read as " + shapeName(found.objects[0].shape)));
                QVERIFY2(found.objects[0].color == color, qPrintable(what + " read as " + colorName(found.objects[0].color)));
                QCOMPARE(found.objects[0].size, SizeClass::Small);
                ++checked;
            }
        QCOMPARE(checked, kShapeCount * kColorCount);
    }

    void cleanRenders64() { requireAccuracy(judgeRenders(64, 400, 1, {}), 0.99); }
    void cleanRenders128() { requireAccuracy(judgeRenders(128, 250, 2, {}), 0.99); }
    void heldOutRenders() { requireAccuracy(judgeRenders(64, 300, 3, {}, SceneSplit::HeldOut), 0.99); }

    void blurredRenders()
    {
        // A VQ reconstruction is soft: σ = 1 px at 64×64 is about what a small f8 VQ gives back.
        const EvalReport blurred = judgeRenders(64, 400, 4, {1.0, 0});
        requireAccuracy(blurred, 0.95);
        QVERIFY(blurred.allRightRate() >= 0.95);
        requireAccuracy(judgeRenders(128, 200, 5, {1.0, 0}), 0.95);
    }

    void blurredAndCompressedRenders()
    {
        requireAccuracy(judgeRenders(64, 300, 6, {1.0, 85}, SceneSplit::Train, m_dir.path()), 0.95);
        requireAccuracy(judgeRenders(128, 150, 7, {1.0, 75}, SceneSplit::Train, m_dir.path()), 0.95);
    }

    void noisyRenders()
    {
        // Pixel noise on top of the blur (σ = 8 levels per channel): generated images are not flat.
        requireAccuracy(judgeRenders(64, 300, 8, {1.0, 0, 8.0}), 0.95);
        requireAccuracy(judgeRenders(128, 150, 9, {1.0, 0, 8.0}), 0.95);
        // The noise itself is what was asked for.
        const Image flat(32, 32, 3, 100);
        const Image noisy = addPixelNoise(flat, 8.0, 1);
        double sum = 0, sum2 = 0;
        for (uint8_t v : noisy.pixels) {
            sum += v - 100.0;
            sum2 += (v - 100.0) * (v - 100.0);
        }
        const double n = double(noisy.pixels.size());
        QVERIFY(std::abs(sum / n) < 0.5);
        QVERIFY(std::abs(std::sqrt(sum2 / n) - 8.0) < 0.5);
        QVERIFY(addPixelNoise(flat, 8.0, 1).pixels == noisy.pixels);
    }

    void wrongImagesAreCaught()
    {
        const Scene scene = twoObjectScene();
        const Image image = renderScene(scene, 64);
        Judgement j = judgeImage(scene, image);
        QCOMPARE(j.all, Verdict::Right);
        QCOMPARE(j.position, Verdict::Right);
        QCOMPARE(j.size, Verdict::NotApplicable); // no size stated
        QCOMPARE(j.background, Verdict::NotApplicable);

        // The same picture judged against "a blue square below a yellow triangle".
        Scene inverted = scene;
        inverted.relation->relation = Relation::Below;
        j = judgeImage(inverted, image);
        QCOMPARE(j.position, Verdict::Wrong);
        QCOMPARE(j.count, Verdict::Right);
        QCOMPARE(j.binding, Verdict::Right);
        QCOMPARE(j.all, Verdict::Wrong);
        QVERIFY(j.explanation.find("relation") != std::string::npos);

        // Colours swapped between the shapes: colours and shapes right, binding wrong.
        Scene swapped = scene;
        std::swap(swapped.objects[0].color, swapped.objects[1].color);
        j = judgeImage(swapped, image);
        QCOMPARE(j.color, Verdict::Right);
        QCOMPARE(j.shape, Verdict::Right);
        QCOMPARE(j.binding, Verdict::Wrong);
        QCOMPARE(j.all, Verdict::Wrong);

        // A third object asked for but not drawn.
        Scene three = scene;
        three.objects.push_back(makeObject(Shape::Heart, Color::Red, 0.21, 0.85, 0.85));
        j = judgeImage(three, image);
        QCOMPARE(j.count, Verdict::Wrong);
        QCOMPARE(j.expectedObjects, 3);
        QCOMPARE(j.detectedObjects, 2);
        QCOMPARE(j.position, Verdict::Right); // the two related objects are still where they should be

        // Stated size and background, both wrong.
        Scene sized = scene;
        sized.objects[0].mentionSize = true;
        sized.objects[0].size = SizeClass::Large;
        sized.mentionBackground = true;
        sized.background = Background::Beige;
        j = judgeImage(sized, image);
        QCOMPARE(j.size, Verdict::Wrong);
        QCOMPARE(j.background, Verdict::Wrong);
        QCOMPARE(j.color, Verdict::Right);

        // A region: the square is at the top, not on the left.
        Scene placed = scene;
        placed.relation.reset();
        placed.objects[0].region = Region::Top;
        QCOMPARE(judgeImage(placed, image).position, Verdict::Right);
        placed.objects[0].region = Region::Left;
        QCOMPARE(judgeImage(placed, image).position, Verdict::Wrong);

        // An empty picture.
        Image empty(64, 64, 3, 150);
        j = judgeImage(scene, empty);
        QCOMPARE(j.detectedObjects, 0);
        QCOMPARE(j.count, Verdict::Wrong);
        QCOMPARE(j.position, Verdict::Wrong);
    }

    void evalReportNumbersAndFiles()
    {
        EvalReport report;
        Judgement right;
        right.count = right.color = right.shape = right.binding = right.all = Verdict::Right;
        Judgement wrongCount = right;
        wrongCount.count = wrongCount.all = Verdict::Wrong;
        wrongCount.explanation = "count: 3 for 2";
        Judgement placed = right;
        placed.position = Verdict::Right;
        for (int i = 0; i < 6; ++i)
            report.add(right, SceneKind::Count, "r" + std::to_string(i));
        report.add(wrongCount, SceneKind::Count, "bad.png");
        report.add(placed, SceneKind::Placed);
        QCOMPARE(report.imageCount(), 8);
        QCOMPARE(report.tally(Attribute::Count).judged, 8);
        QCOMPARE(report.tally(Attribute::Count).right, 7);
        QCOMPARE(report.tally(Attribute::Position).judged, 1);
        QCOMPARE(report.tally(Attribute::Size).judged, 0);
        QCOMPARE(report.allRightRate(), 7.0 / 8.0);
        QCOMPARE(report.tally(SceneKind::Count, Attribute::All).accuracy(), 6.0 / 7.0);
        QCOMPARE(int(report.failures().size()), 1);
        QCOMPARE(report.failures()[0].item, std::string("bad.png"));

        EvalReport other;
        other.add(right, SceneKind::Single);
        report.merge(other);
        QCOMPARE(report.imageCount(), 9);
        QCOMPARE(report.imageCount(SceneKind::Single), 1);

        const std::vector<EvalExtra> extras = {{"vq_psnr", 27.5}, {"model", "tiny-muse"}};
        const auto json = nlohmann::json::parse(report.toJson(extras));
        QCOMPARE(json["images"].get<int>(), 9);
        QCOMPARE(json["attributes"]["count"]["right"].get<int>(), 8);
        QCOMPARE(json["attributes"]["count"]["judged"].get<int>(), 9);
        QVERIFY(json["attributes"]["size"]["accuracy"].is_null());
        QCOMPARE(json["by_kind"]["count"]["images"].get<int>(), 7);
        QCOMPARE(json["extras"]["vq_psnr"].get<double>(), 27.5);
        QCOMPARE(json["extras"]["model"].get<std::string>(), std::string("tiny-muse"));
        QCOMPARE(json["failures"][0]["explanation"].get<std::string>(), std::string("count: 3 for 2"));
        // Every image's verdicts, in the order added, the merged one last; only the judged attributes.
        QCOMPARE(json["per_image"].size(), std::size_t(9));
        QCOMPARE(json["per_image"][6]["item"].get<std::string>(), std::string("bad.png"));
        QCOMPARE(json["per_image"][6]["verdicts"]["count"].get<std::string>(), std::string("wrong"));
        QCOMPARE(json["per_image"][6]["verdicts"]["color"].get<std::string>(), std::string("right"));
        QCOMPARE(json["per_image"][6]["explanation"].get<std::string>(), std::string("count: 3 for 2"));
        QVERIFY(!json["per_image"][6]["verdicts"].contains("position"));
        QCOMPARE(json["per_image"][7]["kind"].get<std::string>(), std::string("placed"));
        QCOMPARE(json["per_image"][7]["verdicts"]["position"].get<std::string>(), std::string("right"));
        QCOMPARE(json["per_image"][8]["kind"].get<std::string>(), std::string("single"));
        QCOMPARE(json["wrong"], nlohmann::json::array({"bad.png"}));

        const std::string md = report.toMarkdown("Test report", extras);
        QVERIFY(md.find("# Test report") == 0);
        QVERIFY(md.find("| count | 88.89 % | 8 / 9 |") != std::string::npos);
        QVERIFY(md.find("| vq_psnr | 27.5 |") != std::string::npos);
        QVERIFY(md.find("`bad.png`: count: 3 for 2") != std::string::npos);

        const std::string base = (m_dir.path() + "/report").toStdString();
        QVERIFY(report.write(base, "Test report", extras).isOk());
        std::ifstream mdFile(base + ".md"), jsonFile(base + ".json");
        QVERIFY(mdFile.good() && jsonFile.good());
        QCOMPARE(nlohmann::json::parse(jsonFile)["images"].get<int>(), 9);
        QVERIFY(!report.write(m_dir.path().toStdString() + "/missing-folder/report", "x").isOk());
    }

    void datasetFolderRoundTrip()
    {
        DatasetWriteOptions options;
        options.outDir = (m_dir.path() + "/data").toStdString();
        options.count = 40;
        options.size = 64;
        options.seed = 9;
        options.heldOut = true;
        int lastProgress = 0;
        QVERIFY(writeSyntheticDataset(options, [&](int done, int total) {
                    QCOMPARE(total, 40);
                    lastProgress = done;
                }).isOk());
        QCOMPARE(lastProgress, 40);
        std::ifstream captions(options.outDir + "/captions.jsonl");
        std::string line;
        int lines = 0;
        while (std::getline(captions, line)) {
            const auto json = nlohmann::json::parse(line);
            QVERIFY(json["caption"].is_string() && !json["caption"].get<std::string>().empty());
            const auto scene = sceneFromJson(json["scene"]);
            QVERIFY(scene.isOk());
            QVERIFY(usesHeldOutCombination(*scene));
            if (lines == 0) {
                QCOMPARE(json["file"].get<std::string>(), std::string("000000.png"));
                std::map<std::string, std::string> text;
                const auto image = readImage(options.outDir + "/000000.png", &text);
                QVERIFY(image.isOk());
                QCOMPARE(image->width, 64);
                QCOMPARE(text["Description"], json["caption"].get<std::string>());
            }
            ++lines;
        }
        QCOMPARE(lines, 40);

        DatasetJudgeOptions judge;
        judge.captionsDir = options.outDir;
        const auto result = judgeSyntheticDataset(judge, (m_dir.path() + "/data-report").toStdString());
        QVERIFY2(result.isOk(), result.status().message().c_str());
        QCOMPARE(result->images, 40);
        QCOMPARE(result->missingImages, 0);
        QCOMPARE(result->allRightRate, 1.0);
        QVERIFY(result->markdown.find("| all | 100.00 % | 40 / 40 |") != std::string::npos);
        QVERIFY(QFile::exists(m_dir.path() + "/data-report.json"));

        // Judging another folder of images by the same names: an all-gray "model" fails everything.
        const std::string generated = (m_dir.path() + "/generated").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(generated)));
        for (int i = 0; i < 10; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "/%06d.png", i);
            QVERIFY(writePng(generated + name, Image(64, 64, 3, 128)).isOk());
        }
        judge.imagesDir = generated;
        const auto gray = judgeSyntheticDataset(judge);
        QVERIFY(gray.isOk());
        QCOMPARE(gray->images, 10);
        QCOMPARE(gray->missingImages, 30);
        QCOMPARE(gray->allRightRate, 0.0);

        judge.captionsDir = generated; // no captions.jsonl there
        const auto missing = judgeSyntheticDataset(judge);
        QVERIFY(!missing.isOk());
        QVERIFY(missing.status().message().find("captions.jsonl") != std::string::npos);

        options.size = 16;
        QVERIFY(!writeSyntheticDataset(options).isOk());
    }

    void speed()
    {
        // Not a timed test: reports the cost of producing and of judging one training image.
        const SceneSampler sampler(12);
        const SceneDetector detector;
        constexpr int kImages = 300;
        std::vector<Image> images;
        std::vector<Scene> scenes;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < kImages; ++i) {
            LabeledScene ex = sampler.exampleAt(uint64_t(i));
            images.push_back(renderScene(ex.scene, 64));
            scenes.push_back(std::move(ex.scene));
        }
        auto t1 = std::chrono::steady_clock::now();
        int right = 0;
        for (int i = 0; i < kImages; ++i)
            right += judgeDetection(scenes[i], detector.detect(images[i])).all == Verdict::Right ? 1 : 0;
        auto t2 = std::chrono::steady_clock::now();
        const double sample = std::chrono::duration<double, std::micro>(t1 - t0).count() / kImages;
        const double judge = std::chrono::duration<double, std::micro>(t2 - t1).count() / kImages;
        qInfo("64x64: sample + caption + render %.0f us, detect + judge %.0f us per image", sample, judge);
        QCOMPARE(right, kImages);
    }
};

QTEST_GUILESS_MAIN(TestSceneDetector)
#include "tst_scenedetector.moc"
