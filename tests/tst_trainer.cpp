// The trainer end to end on the tiny architecture (seconds on a CPU): the VQ and the base
// transformer learn (loss falls), a run stopped at a checkpoint and resumed continues with the
// same losses as an uninterrupted run, the super-res stage completes a loadable model, an
// architecture with a super-res VQ of its own trains it and tokenizes each size with its VQ,
// `muse eval`'s evaluator judges a tiny random model and writes its report, and the teacher-forced
// accuracy counts background and object tokens apart. Data-parallel training over two processes
// (gloo) ends with identical replicas (label slow).

#include "io/JsonConfig.h"
#include "io/ModuleSaver.h"
#include "io/TensorConvert.h"
#include "io/WeightLoader.h"
#include "muse/Engine.h"
#include "muse/SafeTensors.h"
#include "muse/Training.h"
#include "pipeline/MuseModelWriter.h"
#include "pipeline/ImageTensor.h"
#include "pipeline/ModelStack.h"
#include "train/CaptionBatcher.h"
#include "train/CaptionNegatives.h"
#include "train/CaptionPlacement.h"
#include "train/MaskedTokenObjective.h"
#include "train/MultiTensorAdamW.h"
#include "train/OrderNegativeTerm.h"
#include "train/SceneDetector.h"
#include "train/SyntheticScenes.h"
#include "train/TeacherForcedAccuracy.h"
#include "train/TextOrderProbe.h"
#include "train/TrainingSetup.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"
#include "vq/VqModel.h"
#include "train/LearningRateSchedule.h"
#include "text/T5Encoder.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

using namespace muse;
namespace fs = std::filesystem;

namespace {

// The losses a text stage logs for its pretraining steps, in order.
TrainLogCallback pretrainingLosses(std::vector<double>& losses)
{
    return [&losses](const std::string& line) {
        const auto at = line.find(" loss ");
        if (line.find("pretraining step") != std::string::npos && at != std::string::npos)
            losses.push_back(std::stod(line.substr(at + 6)));
    };
}

// Every tensor of a component folder, in float32.
std::map<std::string, torch::Tensor> componentWeights(const std::string& folder)
{
    auto archive = TensorArchive::openFolder(folder);
    std::map<std::string, torch::Tensor> out;
    for (const std::string& name : archive->names())
        out[name] = readTensor(*archive, name).to(torch::kFloat32);
    return out;
}

TrainOptions tinyOptions(const std::string& model, const std::string& work)
{
    TrainOptions o;
    o.modelDir = model;
    o.workDir = work;
    o.size = "tiny";
    o.device = "cpu";
    o.logEvery = 5;
    o.checkpointEvery = 1000;
    o.seed = 3;
    return o;
}

// A tiny model folder under `dir` with its tokenizer and (unpretrained) text encoder, and that
// tokenizer; a null tokenizer on failure.
struct TinyText {
    std::string model;
    std::unique_ptr<T5Tokenizer> tokenizer;
};

TinyText tinyText(const QTemporaryDir& dir)
{
    TinyText out;
    out.model = (dir.path() + "/model").toStdString();
    if (!trainText(tinyOptions(out.model, (dir.path() + "/work").toStdString())).isOk())
        return out;
    auto loaded = T5Tokenizer::loadFolder(out.model + "/tokenizer");
    if (loaded.isOk())
        out.tokenizer = std::make_unique<T5Tokenizer>(std::move(loaded.value()));
    return out;
}

// One named column of a loss CSV.
std::vector<double> readColumn(const std::string& csv, const std::string& name)
{
    std::ifstream in(csv);
    std::string line, cell;
    std::getline(in, line);
    std::stringstream header(line);
    int index = -1;
    for (int i = 0; std::getline(header, cell, ','); ++i)
        if (cell == name)
            index = i;
    std::vector<double> out;
    if (index < 0)
        return out;
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        for (int i = 0; i <= index && std::getline(ss, cell, ','); ++i) {}
        out.push_back(std::stod(cell));
    }
    return out;
}

// step → loss of a loss CSV.
std::map<int, double> readLosses(const std::string& csv)
{
    const std::vector<double> steps = readColumn(csv, "step"), losses = readColumn(csv, "loss");
    std::map<int, double> out;
    for (size_t i = 0; i < steps.size() && i < losses.size(); ++i)
        out[int(steps[i])] = losses[i];
    return out;
}

// A component folder against its copy from `muse grow --text-query-scale` / `--base-cross-query-scale`:
// every tensor whose name contains `scaledPart` must be `factor` times the original's (which is not
// all zero), every other one unchanged. The number of scaled tensors, or -1 (with a warning naming
// the first tensor that breaks the rule).
int countScaledTensors(const std::string& original, const std::string& scaled, const std::string& scaledPart, double factor)
{
    auto before = TensorArchive::openFolder(original);
    auto after = TensorArchive::openFolder(scaled);
    if (!before.isOk() || !after.isOk()) {
        qWarning("cannot open %s or %s", original.c_str(), scaled.c_str());
        return -1;
    }
    int count = 0;
    for (const std::string& name : before->names()) {
        const torch::Tensor a = readTensor(*before, name).to(torch::kFloat32);
        const torch::Tensor b = readTensor(*after, name).to(torch::kFloat32);
        const bool isScaled = name.find(scaledPart) != std::string::npos;
        const bool ok = isScaled ? torch::allclose(b, factor * a, 1e-3, 1e-4) && a.abs().sum().item<double>() > 0.0
                                 : torch::equal(a, b);
        if (!ok) {
            qWarning("%s: not %s", name.c_str(), isScaled ? "scaled" : "unchanged");
            return -1;
        }
        count += isScaled ? 1 : 0;
    }
    return count;
}

// Loads a trained tiny folder with the engine and generates from a prompt: "" when that gives a
// 32×32 image, else what went wrong.
std::string generatesAt32(const std::string& model)
{
    EngineOptions options;
    options.device = "cpu";
    Engine engine(options);
    if (Status loaded = engine.loadModel(model); !loaded)
        return loaded.message();
    if (engine.model().nativeWidth != 32)
        return "native width " + std::to_string(engine.model().nativeWidth);
    GenerateRequest request;
    request.settings.prompt = "a red circle";
    auto image = engine.generate(request);
    if (!image)
        return image.status().message();
    const Image& first = image->images.front();
    if (first.width != 32 || first.height != 32)
        return "a " + std::to_string(first.width) + "×" + std::to_string(first.height) + " image";
    return "";
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void maskedCountFollowsTheCosineSchedule()
    {
        QCOMPARE(MaskedTokenObjective::maskedCount(64, 0.0), int64_t(64)); // r = 1
        QCOMPARE(MaskedTokenObjective::maskedCount(64, 0.999999), int64_t(1)); // at least one
        QCOMPARE(MaskedTokenObjective::maskedCount(64, 0.5), int64_t(45)); // cos(π/4) · 64 = 45.25
        MaskedTokenObjective objective(100, 0.0);
        torch::Tensor tokens = torch::randint(0, 100, {6, 4, 4}, torch::kInt64);
        torch::Generator gen = at::detail::createCPUGenerator(5);
        MaskedTokens m = objective.mask(tokens, gen);
        QVERIFY(m.masked.sum(std::vector<int64_t>{1, 2}).min().item<int64_t>() >= 1);
        QVERIFY(torch::equal(m.input.masked_select(m.masked), torch::full({m.masked.sum().item<int64_t>()}, 100, torch::kInt64)));
        QVERIFY(torch::equal(m.input.masked_select(~m.masked), tokens.masked_select(~m.masked)));

        // With regions (partial-caption inpaints) only region positions are masked, at the cosine rate
        // of the region's size; an all-true region is the plain objective, draw for draw.
        torch::Generator again = at::detail::createCPUGenerator(5);
        const MaskedTokens everywhere = objective.mask(tokens, again, torch::ones({6, 4, 4}, torch::kBool));
        QVERIFY(torch::equal(everywhere.masked, m.masked));
        torch::Tensor regions = torch::zeros({6, 4, 4}, torch::kBool);
        regions.index_put_({torch::indexing::Slice(), torch::indexing::Slice(1, 3), torch::indexing::Slice(0, 2)}, true);
        regions[5].fill_(false);
        for (int seed = 0; seed < 20; ++seed) {
            torch::Generator g = at::detail::createCPUGenerator(uint64_t(100 + seed));
            const MaskedTokens r = objective.mask(tokens, g, regions);
            QVERIFY(!(r.masked & ~regions).any().item<bool>());
            const torch::Tensor counts = r.masked.sum(std::vector<int64_t>{1, 2});
            for (int b = 0; b < 5; ++b)
                QVERIFY(counts[b].item<int64_t>() >= 1 && counts[b].item<int64_t>() <= 4);
            QCOMPARE(counts[5].item<int64_t>(), int64_t(0)); // an empty region masks nothing
        }

        // Positions that must be masked (a hidden object) are added to the same draws: every one of
        // them masked, the drawn ones still masked, nothing else, the input masked exactly there.
        torch::Tensor always = torch::zeros({6, 4, 4}, torch::kBool);
        always.index_put_({torch::indexing::Slice(0, 3), torch::indexing::Slice(0, 2), torch::indexing::Slice(2, 4)}, true);
        torch::Generator third = at::detail::createCPUGenerator(5);
        const MaskedTokens hidden = objective.mask(tokens, third, torch::Tensor(), always);
        QVERIFY(torch::equal(hidden.masked, m.masked | always));
        QVERIFY((hidden.masked.sum() > m.masked.sum()).item<bool>()); // the example's draws left some of them
        QVERIFY(torch::equal(hidden.input, torch::where(hidden.masked, torch::full_like(tokens, 100), tokens)));
    }

    void maskedLogitsGiveTheFullLoss()
    {
        // Training computes logits at the masked positions only (forwardSelected): loss, accuracy
        // and gradients must equal those of the full (B, K, h, w) logits, for the patched base of
        // two-vq-p2 and the super-res model alike.
        const TrainArchitecture arch = trainArchitecture("tiny-two-vq");
        MuseTransformer base = *buildMuseTransformer(JsonConfig::fromJson(arch.base, "base"));
        MuseSuperResTransformer sr = *buildMuseSuperResTransformer(JsonConfig::fromJson(arch.superRes, "sr"));
        const MaskedTokenObjective objective(base->maskTokenId(), 0.1);
        torch::Generator gen = at::detail::createCPUGenerator(9);
        const torch::Tensor text = torch::randn({3, 5, arch.base["encoder_hidden_size"].get<int64_t>()});
        const torch::Tensor low = torch::randint(0, base->codebookSize(), {3, 8, 8}, torch::kInt64);
        for (bool superRes : {false, true}) {
            const torch::Tensor targets = torch::randint(0, base->codebookSize(), {3, 8, 8}, torch::kInt64);
            const MaskedTokens m = objective.mask(targets, gen);
            auto lossOf = [&](bool selected, double* accuracy) {
                torch::nn::Module& model = superRes ? static_cast<torch::nn::Module&>(*sr) : *base;
                model.zero_grad();
                torch::Tensor logits, loss;
                if (selected) {
                    logits = superRes ? sr->forwardSelected(m.input, text, c10::nullopt, low, m.masked)
                                      : base->forwardSelected(m.input, text, c10::nullopt, m.masked);
                    loss = objective.maskedLoss(logits, targets, m.masked);
                    *accuracy = objective.maskedAccuracy(logits, targets, m.masked);
                } else {
                    logits = superRes ? sr->forward(m.input, text, c10::nullopt, low) : base->forward(m.input, text, c10::nullopt);
                    loss = objective.loss(logits, targets, m.masked);
                    *accuracy = objective.accuracy(logits, targets, m.masked);
                }
                loss.backward();
                std::vector<torch::Tensor> grads;
                for (const auto& p : model.parameters())
                    grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
                return std::make_pair(loss.item<double>(), grads);
            };
            double fullAccuracy = -1, selectedAccuracy = -2;
            const auto full = lossOf(false, &fullAccuracy);
            const auto selected = lossOf(true, &selectedAccuracy);
            QVERIFY2(std::abs(full.first - selected.first) < 1e-6,
                     qPrintable(QString("loss %1 vs %2").arg(full.first).arg(selected.first)));
            QCOMPARE(selectedAccuracy, fullAccuracy);
            QCOMPARE(selected.second.size(), full.second.size());
            for (std::size_t i = 0; i < full.second.size(); ++i)
                QVERIFY(torch::allclose(selected.second[i], full.second[i], 1e-5, 1e-7));
        }
    }

    void learningRateWarmsUpThenDecays()
    {
        LearningRateSchedule s(1e-3, 10, 110, 0.0);
        QVERIFY(std::abs(s.rateAt(0) - 1e-4) < 1e-12);
        QVERIFY(std::abs(s.rateAt(9) - 1e-3) < 1e-12);
        QVERIFY(std::abs(s.rateAt(60) - 0.5e-3) < 1e-9);
        QVERIFY(s.rateAt(109) < 1e-5);
    }

    void stagesTrainAndResume()
    {
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        const std::string work = (dir.path() + "/work").toStdString();
        TrainOptions o = tinyOptions(model, work);
        QVERIFY2(trainText(o).isOk(), "text");
        QVERIFY(fs::exists(model + "/tokenizer/spiece.model"));
        {
            // A freshly initialised encoder reads word order; with its relative-position bias zeroed
            // it is a bag of words (attention is then blind to position) and the probe says 0.
            const std::vector<std::string> captions = {"a red circle above a blue square", "a green star left of a white heart",
                                                       "on a black background, a yellow triangle below a pink ring"};
            auto order = textOrderSensitivity(model, captions);
            QVERIFY2(order.isOk(), order.isOk() ? "" : order.status().message().c_str());
            QCOMPARE(order->captions, 3);
            QVERIFY2(order->meanRelativeChange > 0.01, qPrintable(QString::number(order->meanRelativeChange)));
            const std::string blind = (dir.path() + "/blind").toStdString();
            fs::copy(model, blind, fs::copy_options::recursive);
            {
                auto archive = TensorArchive::openFolder(blind + "/text_encoder");
                QVERIFY(archive.isOk());
                std::vector<std::pair<std::string, torch::Tensor>> tensors;
                for (const std::string& name : archive->names()) {
                    torch::Tensor t = readTensor(*archive, name).clone();
                    if (name.find("relative_attention_bias") != std::string::npos)
                        t.zero_();
                    tensors.emplace_back(name, t);
                }
                const std::string file = archive->files().front()->path();
                QVERIFY(writeTensors(file, tensors).isOk());
            }
            auto blindOrder = textOrderSensitivity(blind, captions);
            QVERIFY(blindOrder.isOk());
            QCOMPARE(blindOrder->captions, 3);
            QVERIFY2(blindOrder->meanRelativeChange < 1e-5, qPrintable(QString::number(blindOrder->meanRelativeChange)));
        }

        TrainOptions vq = o;
        vq.steps = 30;
        auto vqRun = trainVq(vq);
        QVERIFY2(vqRun.isOk(), vqRun.isOk() ? "" : vqRun.status().message().c_str());
        qInfo("vq loss %.4f -> %.4f", vqRun->firstLoss, vqRun->lastLoss);
        QVERIFY(vqRun->lastLoss < 0.8 * vqRun->firstLoss);
        QVERIFY(fs::exists(model + "/vqvae/diffusion_pytorch_model.safetensors"));
        // The locality term is computed every step and its code agreement is a share.
        const auto agreement = readColumn(work + "/vq-loss.csv", "local_agree");
        const auto locality = readColumn(work + "/vq-loss.csv", "locality");
        QCOMPARE(int(agreement.size()), 30);
        QCOMPARE(int(locality.size()), 30);
        for (int i = 0; i < 30; ++i) {
            QVERIFY(agreement[i] >= 0.0 && agreement[i] <= 1.0);
            QVERIFY(std::isfinite(locality[i]) && locality[i] > 0.0);
        }

        // Copies of the model folder for the interrupted run (the base stage rewrites text_encoder/).
        const std::string modelB = (dir.path() + "/modelB").toStdString();
        fs::copy(model, modelB, fs::copy_options::recursive);

        TrainOptions base = o;
        base.steps = 40;
        auto baseRun = trainBase(base);
        QVERIFY2(baseRun.isOk(), baseRun.isOk() ? "" : baseRun.status().message().c_str());
        qInfo("base loss %.4f -> %.4f", baseRun->firstLoss, baseRun->lastLoss);
        QVERIFY(baseRun->lastLoss < 0.85 * baseRun->firstLoss);
        {
            // --init-from-model starts a new run from the trained folder: its first step's loss is
            // the trained model's, not a random one's; a folder of another architecture is refused.
            TrainOptions tune = base;
            tune.modelDir = (dir.path() + "/modelD").toStdString();
            tune.workDir = (dir.path() + "/workD").toStdString();
            tune.steps = 2;
            tune.logEvery = 1;
            tune.initFromModel = true;
            fs::copy(model, tune.modelDir, fs::copy_options::recursive);
            auto tuned = trainBase(tune);
            QVERIFY2(tuned.isOk(), tuned.isOk() ? "" : tuned.status().message().c_str());
            const double fresh = readLosses(work + "/base-loss.csv").at(1);
            const double trained = readLosses(tune.workDir + "/base-loss.csv").at(1);
            qInfo("step 1: %.4f from the trained folder, %.4f from random weights", trained, fresh);
            // A base run's loss at its first step (NaN, with a warning naming `what`, if it fails).
            auto firstStepLoss = [&](const TrainOptions& o, const std::string& what) {
                auto run = trainBase(o);
                if (!run.isOk()) {
                    qWarning("%s: %s", what.c_str(), run.status().message().c_str());
                    return std::nan("");
                }
                return readLosses(o.workDir + "/base-loss.csv").at(1);
            };
            QVERIFY(trained < 0.8 * fresh);
            {
                // Each data option below makes the same run as `tune` (the same draws, in fresh copies
                // of the folders) see other examples, so its first step's loss differs.
                auto firstLossWith = [&](const std::string& name, const std::function<void(TrainOptions&)>& change) {
                    TrainOptions o = tune;
                    o.modelDir = (dir.path() + "/model").toStdString() + name;
                    o.workDir = (dir.path() + "/work").toStdString() + name;
                    change(o);
                    fs::copy(model, o.modelDir, fs::copy_options::recursive);
                    const double first = firstStepLoss(o, name);
                    qInfo("step 1: %.4f with %s, %.4f without", first, name.c_str(), trained);
                    return first;
                };
                const std::pair<std::string, std::function<void(TrainOptions&)>> options[] = {
                    // Holes: half the examples a hole under one object group, the caption naming only
                    // them, half a hole under the whole caption.
                    {"Holes", [](TrainOptions& o) { o.partialCaptionFraction = o.wholeCaptionHoleFraction = 0.5; }},
                    // --object-holes: every scene with two or more object groups shows one group and
                    // hides the rest.
                    {"ObjectHoles", [](TrainOptions& o) { o.objectHoleFraction = 1.0; }},
                    // --relation-share 1: every example one of the cache's related scenes.
                    {"RelationShare", [](TrainOptions& o) { o.relationShare = 1.0; }},
                    // ... and --upper-first 1 captions them anew, the upper object named first.
                    {"UpperFirst", [](TrainOptions& o) { o.relationShare = o.upperFirst = 1.0; }},
                    // --edit-examples 1: every example an edit, the original's tokens as the context and
                    // the edited scene's caption and tokens as the answer.
                    {"EditExamples", [](TrainOptions& o) { o.editExampleFraction = 1.0; }},
                    // ... with --edit-hide 0.8 most of each one hidden, as the targeted edit scores.
                    {"EditHide", [](TrainOptions& o) { o.editExampleFraction = 1.0, o.editHidden = 0.8; }},
                };
                std::map<std::string, double> firstLosses;
                for (const auto& [name, change] : options) {
                    const double first = firstLossWith(name, change);
                    QVERIFY2(std::isfinite(first) && first > 0 && first != trained, qPrintable(QString::fromStdString(name)));
                    firstLosses[name] = first;
                }
                QVERIFY(firstLosses["UpperFirst"] != firstLosses["RelationShare"]);
                QVERIFY(firstLosses["EditHide"] != firstLosses["EditExamples"]);
            }
            {
                // `muse grow`: two more base layers and one more T5 layer that start as identities.
                // The grown transformer and encoder compute what the originals do, and fine-tuning the
                // grown folder starts from exactly the trained model's loss.
                GrowOptions g;
                g.modelDir = model;
                g.outDir = (dir.path() + "/modelG").toStdString();
                g.baseLayers = 4;
                g.textLayers = 3;
                std::ifstream baseIn(model + "/transformer/config.json"), textIn(model + "/text_encoder/config.json");
                const int baseLayers = nlohmann::json::parse(baseIn)["num_hidden_layers"].get<int>();
                const int textLayers = nlohmann::json::parse(textIn)["num_layers"].get<int>();
                QVERIFY2(baseLayers < g.baseLayers && textLayers < g.textLayers,
                         qPrintable(QString("%1 base, %2 text layers").arg(baseLayers).arg(textLayers)));
                Status grown = growModel(g);
                QVERIFY2(grown.isOk(), grown.message().c_str());
                torch::NoGradGuard noGrad;
                auto t5 = loadT5Encoder(model + "/text_encoder", torch::kCPU, torch::kFloat32);
                auto t5g = loadT5Encoder(g.outDir + "/text_encoder", torch::kCPU, torch::kFloat32);
                auto mt = loadMuseTransformer(model + "/transformer", torch::kCPU, torch::kFloat32);
                auto mtg = loadMuseTransformer(g.outDir + "/transformer", torch::kCPU, torch::kFloat32);
                QVERIFY(t5.isOk() && t5g.isOk() && mt.isOk() && mtg.isOk());
                QCOMPARE(countParameters(**mtg) > countParameters(**mt), true);
                QCOMPARE(int((*mtg)->config().numHiddenLayers), g.baseLayers);
                const torch::Tensor ids = torch::randint(2, 30, {2, 9}, torch::kInt64);
                const torch::Tensor mask = torch::ones({2, 9}, torch::kInt64);
                const torch::Tensor states = (*t5)->forward(ids, mask), statesG = (*t5g)->forward(ids, mask);
                QVERIFY(torch::allclose(states, statesG, 1e-5, 1e-5));
                const int64_t grid = (*mt)->config().gridHeight;
                torch::Tensor tokens = torch::randint(0, (*mt)->config().codebookSize, {2, grid, grid}, torch::kInt64);
                tokens.index_put_({torch::rand({2, grid, grid}).lt(0.5)}, (*mt)->maskTokenId());
                const torch::Tensor logits = (*mt)->forward(tokens, states, mask), logitsG = (*mtg)->forward(tokens, statesG, mask);
                QVERIFY(torch::allclose(logits, logitsG, 1e-4, 1e-4));
                // A new layer is the last one's copy with its residual outputs zeroed.
                auto weights = TensorArchive::openFolder(g.outDir + "/transformer");
                QVERIFY(weights.isOk());
                const std::string last = "layers." + std::to_string(baseLayers - 1) + ".", added = "layers." + std::to_string(baseLayers) + ".";
                QVERIFY(torch::equal(readTensor(*weights, added + "mlp.fc1.weight"), readTensor(*weights, last + "mlp.fc1.weight")));
                QVERIFY(readTensor(*weights, added + "mlp.fc2.weight").abs().sum().item<double>() == 0.0);
                QVERIFY(readTensor(*weights, last + "mlp.fc2.weight").abs().sum().item<double>() > 0.0);
                {
                    // --text-query-scale: every T5 layer's query times the scale; --base-cross-query-scale:
                    // every base layer's cross-attention query, weight and bias. Every other tensor is
                    // as it was, and the component computes something else. Scales outside (0, 1] are
                    // refused before anything is written.
                    struct ScaleCase {
                        const char* name;
                        double GrowOptions::*scale;
                        double factor;
                        const char* component;
                        const char* scaledPart;
                        int expected;
                        std::function<bool(const std::string&)> outputChanged; // given the component folder
                    };
                    const ScaleCase cases[] = {
                        {"TextQ", &GrowOptions::textQueryScale, 0.25, "/text_encoder", ".q.weight", textLayers,
                         [&](const std::string& folder) {
                             auto t5q = loadT5Encoder(folder, torch::kCPU, torch::kFloat32);
                             return t5q.isOk() && !torch::allclose(states, (*t5q)->forward(ids, mask), 1e-4, 1e-4);
                         }},
                        {"CrossQ", &GrowOptions::baseCrossQueryScale, 0.1, "/transformer", ".cross_attn.to_q.", 2 * baseLayers,
                         [&](const std::string& folder) {
                             auto mtc = loadMuseTransformer(folder, torch::kCPU, torch::kFloat32);
                             return mtc.isOk() && !torch::allclose(logits, (*mtc)->forward(tokens, states, mask), 1e-4, 1e-4);
                         }},
                    };
                    for (const ScaleCase& c : cases) {
                        GrowOptions q;
                        q.modelDir = model;
                        q.outDir = (dir.path() + "/model").toStdString() + c.name;
                        q.*c.scale = c.factor;
                        Status scaled = growModel(q);
                        QVERIFY2(scaled.isOk(), scaled.message().c_str());
                        QCOMPARE(countScaledTensors(model + c.component, q.outDir + c.component, c.scaledPart, c.factor), c.expected);
                        QVERIFY2(c.outputChanged(q.outDir + c.component), c.name);
                        q.outDir += "Refused";
                        for (double bad : {0.0, -1.0, 1.5}) {
                            q.*c.scale = bad;
                            QCOMPARE(growModel(q).code(), ErrorCode::InvalidArgument);
                        }
                        QVERIFY(!fs::exists(q.outDir));
                    }
                }

                // `tune` from another folder (and work folder), `change` applied: its first step's loss.
                auto firstLossFrom = [&](const std::string& folder, const char* work, const char* what,
                                         const std::function<void(TrainOptions&)>& change = {}) {
                    TrainOptions o = tune;
                    o.modelDir = folder;
                    o.workDir = (dir.path() + work).toStdString();
                    if (change)
                        change(o);
                    const double first = firstStepLoss(o, what);
                    qInfo("step 1: %.6f %s, %.6f from the trained folder", first, what, trained);
                    return first;
                };
                const double grownFirst = firstLossFrom(g.outDir, "/workG", "from the grown folder");
                QVERIFY(std::abs(grownFirst - trained) < 1e-4 * std::max(1.0, trained));
                std::ifstream grownConfig(g.outDir + "/transformer/config.json");
                QCOMPARE(nlohmann::json::parse(grownConfig)["num_hidden_layers"].get<int>(), g.baseLayers);
                {
                    // --second-text-encoder (the trained folder's own encoder: the same tokenizer):
                    // fine-tuning starts from exactly the trained model's loss, since the base stage
                    // reads the second encoder through zero columns; it moves those columns, and
                    // leaves text_encoder_2 as it was (it is never trained).
                    GrowOptions two;
                    two.modelDir = model;
                    two.outDir = (dir.path() + "/modelS").toStdString();
                    two.secondTextEncoder = model;
                    Status added = growModel(two);
                    QVERIFY2(added.isOk(), added.message().c_str());
                    const double secondFirst = firstLossFrom(two.outDir, "/workS", "with a second text encoder");
                    QVERIFY(std::abs(secondFirst - trained) < 1e-4 * std::max(1.0, trained));
                    auto widened = TensorArchive::openFolder(two.outDir + "/transformer");
                    QVERIFY(widened.isOk());
                    const torch::Tensor projection = readTensor(*widened, "text_projection.weight").to(torch::kFloat32);
                    const int64_t width = (*t5)->config().dModel;
                    QCOMPARE(projection.size(1), 2 * width);
                    QVERIFY(projection.narrow(1, width, width).abs().sum().item<double>() > 0.0);
                    auto original = TensorArchive::openFolder(model + "/text_encoder");
                    auto kept = TensorArchive::openFolder(two.outDir + "/text_encoder_2");
                    QVERIFY(original.isOk() && kept.isOk());
                    QCOMPARE(kept->names(), original->names());
                    for (const std::string& name : original->names())
                        QVERIFY2(torch::equal(readTensor(*kept, name), readTensor(*original, name)), name.c_str());

                    // --first-text-dropout 1: the first encoder's states zeroed in every example, the
                    // caption reaches the base stage only through the (still zero) second path: the
                    // first loss is that of a model without text. Without a second encoder, refused.
                    two.outDir = (dir.path() + "/modelT").toStdString();
                    QVERIFY(growModel(two).isOk());
                    const double droppedFirst = firstLossFrom(two.outDir, "/workT", "with the first encoder's states zeroed",
                                                              [](TrainOptions& o) { o.firstTextDropout = 1.0; });
                    QVERIFY(droppedFirst > trained + 1e-3);
                    TrainOptions without = tune;
                    without.modelDir = model;
                    without.workDir = (dir.path() + "/workU").toStdString();
                    without.firstTextDropout = 0.5;
                    auto refused = trainBase(without);
                    QVERIFY(!refused.isOk());
                    QCOMPARE(refused.status().code(), ErrorCode::InvalidArgument);
                    QVERIFY2(refused.status().message().find("second text encoder") != std::string::npos,
                             refused.status().message().c_str());
                }

                // Fewer layers than there are, or a folder that is not empty, are refused; a failed
                // growth leaves its new folder empty.
                const std::string grownDir = g.outDir;
                g.modelDir = grownDir;
                g.outDir = (dir.path() + "/modelH").toStdString();
                g.baseLayers = 3; // the grown folder has 4
                QCOMPARE(growModel(g).code(), ErrorCode::InvalidArgument);
                QVERIFY(fs::is_empty(g.outDir));
                g.modelDir = model;
                g.baseLayers = baseLayers + 1;
                g.outDir = grownDir;
                QCOMPARE(growModel(g).code(), ErrorCode::InvalidArgument);
                g.outDir = model + "/grown-inside";
                QCOMPARE(growModel(g).code(), ErrorCode::InvalidArgument);
                QVERIFY(!fs::exists(model + "/grown-inside/transformer"));
                g.modelDir = (dir.path() + "/no-model").toStdString();
                g.outDir = (dir.path() + "/modelI").toStdString();
                QCOMPARE(growModel(g).code(), ErrorCode::NotFound);
            }
            // Another architecture than the stage's (more than its depth) is refused.
            const std::string config = tune.modelDir + "/transformer/config.json";
            std::ifstream in(config);
            nlohmann::json other = nlohmann::json::parse(in);
            in.close();
            other["intermediate_size"] = other["intermediate_size"].get<int>() * 2;
            std::ofstream(config) << other.dump();
            fs::remove_all(tune.workDir);
            auto refused = trainBase(tune);
            QVERIFY(!refused.isOk());
            QCOMPARE(refused.status().code(), ErrorCode::ConfigMismatch);
            QVERIFY2(refused.status().message().find("config.json") != std::string::npos, refused.status().message().c_str());
        }

        // Stop at step 20, resume: steps 21.. must repeat the uninterrupted run's losses.
        TrainOptions b = base;
        b.modelDir = modelB;
        b.workDir = (dir.path() + "/workB").toStdString();
        b.stopAtStep = 20;
        b.logEvery = 1000; // no logged window: the summary must still report the steps' loss
        auto stopped = trainBase(b);
        QVERIFY2(stopped.isOk(), stopped.isOk() ? "" : stopped.status().message().c_str());
        QVERIFY(stopped->firstLoss > 0.0 && stopped->lastLoss > 0.0 && stopped->firstLoss == stopped->lastLoss);
        b.logEvery = base.logEvery;
        QVERIFY(fs::exists(b.workDir + "/base-checkpoint.safetensors"));

        // --export writes the stopped run's weights (step 20) into the model folder, training nothing.
        QVERIFY(!fs::exists(modelB + "/transformer/model.safetensors"));
        TrainOptions e = b;
        e.exportOnly = true;
        auto noResume = trainBase(e);
        QVERIFY(!noResume.isOk());
        QCOMPARE(noResume.status().code(), ErrorCode::InvalidArgument);
        QVERIFY(!fs::exists(modelB + "/transformer/model.safetensors"));
        e.resume = true;
        auto exported = trainBase(e);
        QVERIFY2(exported.isOk(), exported.isOk() ? "" : exported.status().message().c_str());
        QCOMPARE(exported->steps, 0);
        {
            auto checkpoint = TensorArchive::open(b.workDir + "/base-checkpoint.safetensors");
            auto weights = TensorArchive::open(modelB + "/transformer/model.safetensors");
            QVERIFY(checkpoint.isOk() && weights.isOk());
            const auto stored = checkpoint->names();
            int compared = 0;
            for (const auto& name : weights->names()) {
                if (std::find(stored.begin(), stored.end(), "transformer." + name) == stored.end())
                    continue; // a buffer: checkpoints hold the trained parameters
                const torch::Tensor w = readTensor(*weights, name).to(torch::kFloat32);
                const torch::Tensor c = readTensor(*checkpoint, "transformer." + name).to(torch::kFloat32);
                QVERIFY2(w.sizes() == c.sizes() && torch::allclose(w, c, 1e-3, 1e-3), name.c_str());
                ++compared;
            }
            QVERIFY(compared > 10);
        }
        b.stopAtStep = 0;
        b.resume = true;
        // The same checkpoint without its AdamW moments (what scripts/strip-checkpoint.py writes to
        // carry a run to another machine), in copies of the folders, resumes with fresh moments.
        TrainOptions c = b;
        c.modelDir = (dir.path() + "/modelC").toStdString();
        c.workDir = (dir.path() + "/workC").toStdString();
        fs::copy(b.modelDir, c.modelDir, fs::copy_options::recursive);
        fs::copy(b.workDir, c.workDir, fs::copy_options::recursive);
        {
            auto complete = TensorArchive::open(b.workDir + "/base-checkpoint.safetensors");
            QVERIFY(complete.isOk());
            std::vector<std::pair<std::string, torch::Tensor>> kept;
            for (const auto& name : complete->names())
                if (name.rfind("adamw.", 0) != 0)
                    kept.emplace_back(name, readTensor(*complete, name));
            QVERIFY(kept.size() < complete->names().size() / 2);
            QVERIFY(writeTensors(c.workDir + "/base-checkpoint.safetensors", kept).isOk());
        }
        auto resumed = trainBase(b);
        QVERIFY2(resumed.isOk(), resumed.isOk() ? "" : resumed.status().message().c_str());
        QCOMPARE(resumed->steps, 20);
        const auto full = readLosses(work + "/base-loss.csv");
        const auto split = readLosses(b.workDir + "/base-loss.csv");
        QCOMPARE(int(split.size()), 40);
        for (int step : {1, 20, 21, 22, 40}) {
            qInfo("step %d: %.7f vs %.7f", step, full.at(step), split.at(step));
            QVERIFY(std::abs(full.at(step) - split.at(step)) < 1e-4 * std::max(1.0, full.at(step)));
        }
        auto fresh = trainBase(c);
        QVERIFY2(fresh.isOk(), fresh.isOk() ? "" : fresh.status().message().c_str());
        QCOMPARE(fresh->steps, 20);
        const auto stripped = readLosses(c.workDir + "/base-loss.csv");
        QCOMPARE(int(stripped.size()), 40);
        // Step 21's loss comes from the step-20 weights and step 21's batch, before any update.
        qInfo("step 21 without moments: %.7f vs %.7f; step 40: %.7f vs %.7f", stripped.at(21), full.at(21),
              stripped.at(40), full.at(40));
        QVERIFY(std::abs(full.at(21) - stripped.at(21)) < 1e-4 * std::max(1.0, full.at(21)));
        QVERIFY(std::isfinite(stripped.at(40)) && stripped.at(40) < stripped.at(1));

        TrainOptions sr = o;
        auto srRun = trainSuperRes(sr);
        QVERIFY2(srRun.isOk(), srRun.isOk() ? "" : srRun.status().message().c_str());
        QVERIFY(std::isfinite(srRun->lastLoss));

        // The trained folder is a working model for the engine.
        const std::string problem = generatesAt32(model);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void textPretrainingAndFrozenText()
    {
        // --text-pretrain-steps: the T5 learns to fill in hidden caption pieces (the logged loss
        // falls) and differs from the same seed's unpretrained encoder; --freeze-text: a base stage
        // leaves it exactly as it was.
        QTemporaryDir dir;
        const std::string plain = (dir.path() + "/plain").toStdString(), model = (dir.path() + "/model").toStdString();
        TrainOptions o = tinyOptions(plain, (dir.path() + "/workP").toStdString());
        QVERIFY(trainText(o).isOk());
        o = tinyOptions(model, (dir.path() + "/work").toStdString());
        o.textPretrainSteps = 600;
        o.learningRate = 3e-3;
        o.logEvery = 200;
        std::vector<double> losses;
        auto text = trainText(o, pretrainingLosses(losses));
        QVERIFY2(text.isOk(), text.isOk() ? "" : text.status().message().c_str());
        QCOMPARE(int(losses.size()), 3);
        QVERIFY2(losses.back() < losses.front() - 0.15, qPrintable(QString("%1 -> %2").arg(losses.front()).arg(losses.back())));
        const auto pretrained = componentWeights(model + "/text_encoder"), initial = componentWeights(plain + "/text_encoder");
        QVERIFY(!torch::equal(pretrained.at("shared.weight"), initial.at("shared.weight")));
        // Its states know their neighbours: swapping two colour words changes the other words' states
        // more than in the unpretrained encoder.
        const std::vector<std::string> captions = {"a red circle above a blue square", "a small green star left of a white heart",
                                                   "on a black background, a yellow triangle below a pink ring"};
        auto order = textOrderSensitivity(model, captions), plainOrder = textOrderSensitivity(plain, captions);
        QVERIFY(order.isOk() && plainOrder.isOk());
        qInfo("text order sensitivity: %.4f pretrained, %.4f not", order->meanRelativeChange, plainOrder->meanRelativeChange);
        QVERIFY(order->meanRelativeChange > 1.5 * plainOrder->meanRelativeChange);

        TrainOptions vq = o;
        vq.steps = 10;
        QVERIFY(trainVq(vq).isOk());
        TrainOptions base = o;
        base.steps = 6;
        base.freezeText = true;
        auto run = trainBase(base);
        QVERIFY2(run.isOk(), run.isOk() ? "" : run.status().message().c_str());
        const auto after = componentWeights(model + "/text_encoder");
        QCOMPARE(after.size(), pretrained.size());
        for (const auto& [name, tensor] : pretrained) // the text stage stores float32, the base stage float16
            QVERIFY2(torch::equal(after.at(name), tensor.to(torch::kFloat16).to(torch::kFloat32)), name.c_str());
        QVERIFY(fs::exists(model + "/transformer/model.safetensors"));

        // --order-negatives: the same run again (same work folder and token cache, fresh start) with the
        // ranking term logs its margin each step and ends at other weights.
        const auto plainBase = componentWeights(model + "/transformer");
        TrainOptions ranked = base;
        ranked.orderNegatives = 0.5;
        ranked.logEvery = 1;
        auto rankedRun = trainBase(ranked);
        QVERIFY2(rankedRun.isOk(), rankedRun.isOk() ? "" : rankedRun.status().message().c_str());
        std::ifstream csv(ranked.workDir + "/base-loss.csv");
        std::string header, row;
        QVERIFY(std::getline(csv, header));
        QVERIFY2(header.find("order_margin") != std::string::npos, header.c_str());
        int rows = 0;
        while (std::getline(csv, row)) {
            const double margin = std::stod(row.substr(row.rfind(',') + 1));
            QVERIFY2(std::isfinite(margin) && margin != 0.0, row.c_str());
            ++rows;
        }
        QCOMPARE(rows, 6);
        const auto rankedBase = componentWeights(model + "/transformer");
        QCOMPARE(rankedBase.size(), plainBase.size());
        int changed = 0;
        for (const auto& [name, tensor] : plainBase)
            changed += torch::equal(rankedBase.at(name), tensor) ? 0 : 1;
        QVERIFY2(changed > int(plainBase.size()) / 2, qPrintable(QString("%1 of %2 tensors changed").arg(changed).arg(plainBase.size())));
    }

    void textPretrainingKeepsStates()
    {
        // --init-from-model for the text stage pretrains the folder's own tokenizer and encoder;
        // --text-keep-states holds its states near those it started with (what a base stage trained
        // on it reads) while it learns word order. Without the term the states move much further.
        QTemporaryDir dir;
        const std::string plain = (dir.path() + "/plain").toStdString();
        QVERIFY(trainText(tinyOptions(plain, (dir.path() + "/workP").toStdString())).isOk());
        auto continued = [&](const std::string& name, double keep, std::vector<double>& drifts, std::vector<double>& losses) {
            const std::string model = (dir.path() + "/" + QString::fromStdString(name)).toStdString();
            fs::copy(plain, model, fs::copy_options::recursive);
            TrainOptions o = tinyOptions(model, (dir.path() + "/work" + QString::fromStdString(name)).toStdString());
            o.initFromModel = true;
            o.textPretrainSteps = 300;
            o.learningRate = 3e-3;
            o.textKeepStates = keep;
            o.logEvery = 100;
            const TrainLogCallback loss = pretrainingLosses(losses);
            auto run = trainText(o, [&](const std::string& line) {
                const auto at = line.find(" state drift ");
                if (at != std::string::npos)
                    drifts.push_back(std::stod(line.substr(at + 13)));
                loss(line);
            });
            if (!run)
                qWarning("%s", run.status().message().c_str());
            return run.isOk() ? model : std::string();
        };
        TrainOptions alone = tinyOptions((dir.path() + "/alone").toStdString(), (dir.path() + "/workA").toStdString());
        alone.textKeepStates = 1.0; // states of which encoder? refused, not ignored
        auto refused = trainText(alone);
        QVERIFY(!refused.isOk());
        QVERIFY(refused.status().message().find("--init-from-model") != std::string::npos);
        TrainOptions nothing = tinyOptions(plain, (dir.path() + "/workN").toStdString());
        nothing.initFromModel = true; // and no pretraining steps: nothing to do, refused
        auto idle = trainText(nothing);
        QVERIFY(!idle.isOk());
        QVERIFY(idle.status().message().find("--text-pretrain-steps") != std::string::npos);
        std::vector<double> keptDrifts, freeDrifts, keptLosses, freeLosses;
        const std::string kept = continued("kept", 10.0, keptDrifts, keptLosses), free = continued("free", 0.0, freeDrifts, freeLosses);
        QVERIFY(!kept.empty() && !free.empty());
        QCOMPARE(int(keptDrifts.size()), 3);
        QCOMPARE(int(keptLosses.size()), 3);
        // Held near its start, the encoder still learns the captions (the loss includes the drift).
        QVERIFY2(keptLosses.back() < keptLosses.front() - 0.15, qPrintable(QString("%1 -> %2").arg(keptLosses.front()).arg(keptLosses.back())));
        QVERIFY(freeDrifts.empty());
        auto bytes = [](const std::string& path) {
            std::ifstream in(path, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        QCOMPARE(bytes(kept + "/tokenizer/spiece.model"), bytes(plain + "/tokenizer/spiece.model"));

        const std::vector<std::string> captions = {"a red circle above a blue square", "a small green star left of a white heart",
                                                   "on a black background, a yellow triangle below a pink ring", "two purple hexagons"};
        auto states = [&](const std::string& model) {
            auto loaded = T5Tokenizer::loadFolder(model + "/tokenizer");
            const T5Tokenizer& tokenizer = loaded.value();
            T5EncoderModel t5 = loadT5Encoder(model + "/text_encoder", torch::kCPU, torch::kFloat32).value();
            const CaptionBatch batch = CaptionBatcher(tokenizer, 0.0).make(captions, std::vector<double>(captions.size(), 1.0), torch::kCPU);
            torch::NoGradGuard noGrad;
            return t5->forward(batch.ids, batch.mask) * batch.mask.unsqueeze(-1).to(torch::kFloat32);
        };
        const torch::Tensor start = states(plain);
        auto distance = [&](const std::string& model) { return ((states(model) - start).norm() / start.norm()).item<double>(); };
        const double keptDistance = distance(kept), freeDistance = distance(free);
        auto order = textOrderSensitivity(free, captions), plainOrder = textOrderSensitivity(plain, captions);
        QVERIFY(order.isOk() && plainOrder.isOk());
        qInfo("states moved %.4f kept, %.4f free; kept loss %.3f -> %.3f, logged drift %.4f -> %.4f; order sensitivity "
              "free %.4f, %.4f before",
              keptDistance, freeDistance, keptLosses.front(), keptLosses.back(), keptDrifts.front(), keptDrifts.back(),
              order->meanRelativeChange, plainOrder->meanRelativeChange);
        QVERIFY(keptDistance < 0.25 * freeDistance);
        // The folder's tokenizer and encoder really were pretrained further: word order learned.
        QVERIFY(order->meanRelativeChange > 1.2 * plainOrder->meanRelativeChange);
    }

    void textPretrainingOwnPiece()
    {
        // --text-own-piece adds a fifth head predicting each visible piece itself: training still
        // converges, and the encoder it gives differs from the run without it (same seed).
        QTemporaryDir dir;
        std::vector<std::map<std::string, torch::Tensor>> encoders;
        for (const double own : {0.0, 1.0}) {
            const std::string model = (dir.path() + QString("/model%1").arg(int(own))).toStdString();
            TrainOptions o = tinyOptions(model, (dir.path() + QString("/work%1").arg(int(own))).toStdString());
            o.textPretrainSteps = 200;
            o.learningRate = 3e-3;
            o.logEvery = 100;
            o.textOwnPiece = own;
            std::vector<double> losses;
            auto run = trainText(o, pretrainingLosses(losses));
            QVERIFY2(run.isOk(), run.isOk() ? "" : run.status().message().c_str());
            QCOMPARE(int(losses.size()), 2);
            QVERIFY2(losses.back() < losses.front(), qPrintable(QString("%1 -> %2").arg(losses.front()).arg(losses.back())));
            encoders.push_back(componentWeights(model + "/text_encoder"));
        }
        QVERIFY(!torch::allclose(encoders[0].at("shared.weight"), encoders[1].at("shared.weight")));
    }

    void captionPlacementsPerWord()
    {
        // Each word of a noun phrase gets the place its caption gives the object; every other word none.
        using V = VerticalPlace;
        using H = HorizontalPlace;
        // Rows: - none, T top, M middle, B bottom; columns: - none, L left, C centre, R right; a letter a word.
        auto placed = [](const std::string& caption) {
            std::string rows, columns;
            for (const WordPlacement& p : captionPlacements(caption)) {
                rows += "-TMB"[int(p.vertical)];
                columns += "-LCR"[int(p.horizontal)];
            }
            return rows + " " + columns;
        };
        struct Case {
            const char* caption;
            const char* rowsAndColumns;
        };
        const Case cases[] = {
            {"a white heart above a yellow cross", "TTT-BBB -------"},
            {"a star beneath two red rings", "BB-TTT ------"},
            // "is", a background first, and "on the right of" as one relation of four words.
            {"on a light blue background, a pink ring is on the right of a cyan star", "---------------- -----RRR-----LLL"},
            {"a small green star left of a white heart", "--------- LLLL--RRR"},
            {"a red ring on the left of a blue star", "---------- LLL----RRR"},
            // Regions: after their noun phrase, or first (with a comma or "there is"), by the region's cell.
            {"in the top left, a green star", "----TTT ----LLL"},
            {"in the upper right there is a green star", "------TTT ------RRR"},
            {"two blue stars at the bottom and a red circle on the left side", "BBB----MMM---- CCC----LLL----"},
            {"there is a small red circle left of a big green square and a white ring in the middle against a black background",
             "-------------MMM------- --LLLL--RRRR-CCC-------"},
            // A comma ends a noun phrase: the region belongs to the one after it.
            {"a red circle, a blue square at the bottom", "---BBB--- ---CCC---"},
            {"three red hearts", "--- ---"},
        };
        for (const Case& c : cases)
            QCOMPARE(placed(c.caption), std::string(c.rowsAndColumns));
        QVERIFY((captionPlacements("a red ring at the top")[2] == WordPlacement{V::Top, H::Centre}));

        // Per piece: each word's pieces carry its label, EOS none; a caption cut short gets none at all.
        QTemporaryDir dir;
        const TinyText tiny = tinyText(dir);
        QVERIFY(tiny.tokenizer);
        const T5Tokenizer& tokenizer = *tiny.tokenizer;
        const std::string caption = "a white heart above a yellow cross";
        const auto pieces = piecePlacements(tokenizer, caption);
        QVERIFY(pieces.has_value());
        QCOMPARE(pieces->size(), tokenizer.encode(caption).size());
        QCOMPARE(int(pieces->back().vertical), int(V::None));
        auto piecesOf = [&](const std::string& words) { return int(tokenizer.encode(words).size()) - 1; };
        const auto top = std::count_if(pieces->begin(), pieces->end(), [](const WordPlacement& p) { return p.vertical == V::Top; });
        const auto bottom = std::count_if(pieces->begin(), pieces->end(), [](const WordPlacement& p) { return p.vertical == V::Bottom; });
        QCOMPARE(int(top), piecesOf("a") + piecesOf("white") + piecesOf("heart"));
        QCOMPARE(int(bottom), piecesOf("a") + piecesOf("yellow") + piecesOf("cross"));
        std::string longCaption;
        for (int i = 0; i < 200; ++i)
            longCaption += "a red circle above a blue square and ";
        QVERIFY(!piecePlacements(tokenizer, longCaption + "a star").has_value());
    }

    void trainRefusesNegativeWeights()
    {
        // A loss term's weight below 0 would train against the term, and a share outside [0, 1] or an
        // option of another stage would be ignored or mean nothing: refused before anything runs.
        const QString cli = qEnvironmentVariable("MUSE_CLI");
        QVERIFY2(QFile::exists(cli), "MUSE_CLI must name the muse binary");
        QTemporaryDir dir;
        const QStringList cases[] = {{"text", "--text-placement", "-1"}, {"base", "--order-negatives", "-0.5"},
                                     {"base", "--object-holes", "1.5"}, {"superres", "--object-holes", "0.5"},
                                     {"base", "--relation-share", "-0.1"}, {"superres", "--relation-share", "0.5"},
                                     {"base", "--upper-first", "1.5"}, {"superres", "--upper-first", "0.5"},
                                     {"base", "--edit-examples", "1.5"}, {"superres", "--edit-examples", "0.5"},
                                     {"base", "--edit-hide", "0.5"},
                                     {"base", "--first-text-dropout", "1.5"}, {"superres", "--first-text-dropout", "0.5"},
                                     {"base", "--vq-decoder-only", "--init-from-model"}, {"vq", "--vq-decoder-only", "--resume"}};
        for (const QStringList& c : cases) {
            QProcess p;
            p.start(cli, {"train", c[0], "--model", dir.path() + "/model", "--work", dir.path() + "/work", c[1], c[2]});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 2);
            QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(c[1]));
            QVERIFY(!QFile::exists(dir.path() + "/model"));
        }
    }

    void textPretrainingPlacement()
    {
        // --text-placement: two more heads learn where the caption puts each piece's object; the log
        // reports how many placed pieces get row and column right, and it rises with training.
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        TrainOptions o = tinyOptions(model, (dir.path() + "/work").toStdString());
        o.textPretrainSteps = 200;
        o.learningRate = 3e-3;
        o.logEvery = 50;
        o.textPlacement = 1.0;
        std::vector<double> accuracies;
        auto run = trainText(o, [&](const std::string& line) {
            const auto at = line.find(" placement accuracy ");
            if (at != std::string::npos)
                accuracies.push_back(std::stod(line.substr(at + 20)));
        });
        QVERIFY2(run.isOk(), run.isOk() ? "" : run.status().message().c_str());
        QCOMPARE(int(accuracies.size()), 4);
        qInfo("placement accuracy %.3f, %.3f, %.3f, %.3f", accuracies[0], accuracies[1], accuracies[2], accuracies[3]);
        // (The tiny encoder is slow to start: 0.012 → 0.079 in these 200 steps; the shipped size
        // reaches 0.26 in 150.) Broken labels would leave it near 0.
        QVERIFY(accuracies.back() > 3.0 * accuracies.front());
        QVERIFY(accuracies.back() > 0.05);
    }

    void captionOrderNegatives()
    {
        QCOMPARE(withColoursSwapped("on a black background, a white heart above a yellow square").value(),
                 std::string("on a white background, a black heart above a yellow square"));
        QCOMPARE(withColoursSwapped("a red circle left of a red square").has_value(), false);
        QCOMPARE(withColoursSwapped("two blue stars and a green ring").value(), std::string("two green stars and a blue ring"));
        // Reversed relations: the relation word only, not regions ("on the left") nor colours ("light blue").
        QCOMPARE(withRelationReversed("a red circle left of a red square").value(), std::string("a red circle right of a red square"));
        QCOMPARE(withRelationReversed("on a light blue background, a pink ring is on the right of a cyan star").value(),
                 std::string("on a light blue background, a pink ring is on the left of a cyan star"));
        QCOMPARE(withRelationReversed("a star beneath a heart").value(), std::string("a star above a heart"));
        QCOMPARE(withRelationReversed("a cross over a ring").value(), std::string("a cross under a ring"));
        QCOMPARE(withRelationReversed("one yellow heart near the bottom and a purple triangle on the right side").has_value(), false);
        QCOMPARE(withRelationReversed("in the top left, a green star").has_value(), false);
        // orderNegative picks among those a caption has.
        const std::string both = "a white heart above a yellow square";
        QCOMPARE(orderNegative(both, 0.2).value(), std::string("a yellow heart above a white square"));
        QCOMPARE(orderNegative(both, 0.7).value(), std::string("a white heart below a yellow square"));
        QCOMPARE(orderNegative("a red circle left of a red square", 0.2).value(), std::string("a red circle right of a red square"));
        QCOMPARE(orderNegative("two blue stars and a green ring", 0.9).value(), std::string("two green stars and a blue ring"));
        QCOMPARE(orderNegative("three red hearts", 0.5).has_value(), false);
        // The relation's two sides exchanged: colour and shape words only, punctuation, sizes and the
        // background's colour staying where they are.
        QCOMPARE(withRelationSidesSwapped("on a black background, a white heart above a yellow square").value(),
                 std::string("on a black background, a yellow square above a white heart"));
        QCOMPARE(withRelationSidesSwapped("a medium pink triangle is on the left of a red square, against a navy background").value(),
                 std::string("a medium red square is on the left of a pink triangle, against a navy background"));
        QCOMPARE(withRelationSidesSwapped("a red circle beneath a red square").value(), std::string("a red square beneath a red circle"));
        QCOMPARE(withRelationSidesSwapped("two blue stars and a green ring").has_value(), false);
        QCOMPARE(withRelationSidesSwapped("in the top left, a green star").has_value(), false);
        // Which side the caption names first.
        QCOMPARE(namesUpperObjectFirst("a white heart over a yellow square"), std::optional<bool>(true));
        QCOMPARE(namesUpperObjectFirst("on a light blue background, a pink ring is to the left of a cyan star"), std::optional<bool>(true));
        QCOMPARE(namesUpperObjectFirst("a white heart beneath a yellow square"), std::optional<bool>(false));
        QCOMPARE(namesUpperObjectFirst("there is a white heart on the right of a yellow square"), std::optional<bool>(false));
        QCOMPARE(namesUpperObjectFirst("a red star in the top left"), std::optional<bool>());
    }

    void orderNegativeTermScoresTheNegatives()
    {
        // The ranking term scores each kept example's masked tokens again under its negative: its loss
        // is softplus(NLL under the caption − NLL under the negative) over the batch's masked tokens,
        // from the examples that have a negative and were not dropped. An encoder blind to order (each
        // piece's state its embedding alone) gives the two captions the same states, permuted, so the
        // margin is 0 (cross-attention does not see order); adding position embeddings makes it not 0.
        QTemporaryDir dir;
        const TinyText tiny = tinyText(dir);
        QVERIFY(tiny.tokenizer);
        const std::string& model = tiny.model;
        const T5Tokenizer& tokenizer = *tiny.tokenizer;
        const TrainArchitecture arch = trainArchitecture("tiny-two-vq");
        MuseTransformer base = *buildMuseTransformer(JsonConfig::fromJson(arch.base, "base"));
        base->eval();
        const int64_t hidden = arch.base["encoder_hidden_size"].get<int64_t>();
        torch::manual_seed(11);
        const torch::Tensor table = torch::randn({tokenizer.vocabSize(), hidden});
        const torch::Tensor positions = torch::randn({64, hidden});
        bool positional = false;
        auto encode = [&](const CaptionBatch& batch) {
            torch::Tensor states = table.index_select(0, batch.ids.reshape({-1})).reshape({batch.ids.size(0), batch.ids.size(1), hidden});
            return positional ? states + positions.slice(0, 0, batch.ids.size(1)).unsqueeze(0) : states;
        };
        const std::vector<std::string> captions = {"a white heart above a yellow square", "three red hearts",
                                                   "a red circle left of a blue square"};
        OrderNegativeBatch batch{captions, {false, false, true}, {0.2, 0.2, 0.2}}; // the third: dropped
        const CaptionBatcher batcher(tokenizer, 0.0);
        const MaskedTokenObjective objective(base->maskTokenId(), 0.0);
        torch::Generator gen = at::detail::createCPUGenerator(2);
        const torch::Tensor goal = torch::randint(0, base->codebookSize(), {3, 8, 8}, torch::kInt64);
        const MaskedTokens m = objective.mask(goal, gen);
        torch::NoGradGuard noGrad;
        for (const bool withPositions : {false, true}) {
            positional = withPositions;
            const CaptionBatch text = batcher.make(captions, {1.0, 1.0, 1.0}, torch::kCPU);
            const torch::Tensor logits = base->forwardSelected(m.input, encode(text), text.mask, m.masked);
            const OrderNegativeTerm term = orderNegativeTerm(*base, batcher, encode, batch, m.input, goal, m.masked, logits);
            QVERIFY(term.loss.defined());
            // By hand: only the first caption counts (the second has no negative, the third is dropped).
            const CaptionBatch negative = batcher.make({*withColoursSwapped(captions[0])}, {1.0}, torch::kCPU);
            const torch::Tensor first = m.masked.slice(0, 0, 1);
            const double positive = MaskedTokenObjective::maskedNllPerSample(logits, goal, m.masked)[0].item<double>();
            const double negativeNll = MaskedTokenObjective::maskedNllPerSample(
                                           base->forwardSelected(m.input.slice(0, 0, 1), encode(negative), negative.mask, first), goal.slice(0, 0, 1), first)[0]
                                           .item<double>();
            const double expected = std::log1p(std::exp(positive - negativeNll)) / m.masked.sum().item<double>();
            QVERIFY2(std::abs(term.loss.item<double>() - expected) < 1e-5, qPrintable(QString("%1 vs %2").arg(term.loss.item<double>()).arg(expected)));
            QVERIFY(std::abs(term.margin - (negativeNll - positive)) < 1e-4);
            qInfo("positions %d: margin %.3g nats", int(withPositions), term.margin);
            if (withPositions) // a random model: small, but far above float noise
                QVERIFY(std::abs(term.margin) > 2e-4);
            else
                QVERIFY(std::abs(term.margin) < 2e-5);
        }
        // A batch with nothing to negate gives no term.
        OrderNegativeBatch none{captions, {true, false, true}, {0.2, 0.2, 0.2}};
        const CaptionBatch text = batcher.make(captions, {1.0, 1.0, 1.0}, torch::kCPU);
        const torch::Tensor logits = base->forwardSelected(m.input, encode(text), text.mask, m.masked);
        QVERIFY(!orderNegativeTerm(*base, batcher, encode, none, m.input, goal, m.masked, logits).loss.defined());
    }

    void maskedNllPerSampleSumsEachSample()
    {
        // Each sample's summed cross-entropy over its own masked positions, from forwardSelected-
        // ordered rows: checked against a loop over the full logits, and its total against maskedLoss.
        torch::manual_seed(5);
        const MaskedTokenObjective objective(7, 0.0);
        torch::Generator gen = at::detail::createCPUGenerator(4);
        const torch::Tensor targets = torch::randint(0, 6, {3, 4, 4}, torch::kInt64);
        const MaskedTokens m = objective.mask(targets, gen);
        const torch::Tensor full = torch::randn({3, 6, 4, 4}, torch::requires_grad());
        const torch::Tensor rows = full.permute({0, 2, 3, 1}).reshape({-1, 6}).index_select(0, m.masked.reshape({-1}).nonzero().squeeze(1));
        const torch::Tensor nll = MaskedTokenObjective::maskedNllPerSample(rows, targets, m.masked);
        QCOMPARE(nll.sizes().vec(), std::vector<int64_t>({3}));
        const torch::Tensor logp = torch::log_softmax(full, 1);
        for (int64_t b = 0; b < 3; ++b) {
            double expected = 0.0;
            for (int64_t y = 0; y < 4; ++y)
                for (int64_t x = 0; x < 4; ++x)
                    if (m.masked[b][y][x].item<bool>())
                        expected -= logp[b][targets[b][y][x].item<int64_t>()][y][x].item<double>();
            QVERIFY2(std::abs(nll[b].item<double>() - expected) < 1e-4, qPrintable(QString("%1 vs %2").arg(nll[b].item<double>()).arg(expected)));
        }
        const double mean = objective.maskedLoss(rows, targets, m.masked).item<double>();
        QVERIFY(std::abs(nll.sum().item<double>() / m.masked.sum().item<double>() - mean) < 1e-5);
        nll.sum().backward();
        QVERIFY(full.grad().defined() && full.grad().abs().sum().item<double>() > 0);
    }

    void multiTensorAdamWMatchesLibTorch()
    {
        // Two copies of a small network take the same steps, one with clip_grad_norm_ + AdamW::step,
        // one with the multi-tensor versions: on the CPU the weights must stay bit-identical, with
        // the clipping engaged (max norm 0.05) and without it (max norm 1e3).
        for (const double maxNorm : {0.05, 1e3}) {
            torch::manual_seed(3);
            torch::nn::Sequential reference(torch::nn::Linear(6, 16), torch::nn::GELU(), torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})),
                                            torch::nn::Linear(16, 3));
            torch::nn::Sequential multi(torch::nn::Linear(6, 16), torch::nn::GELU(), torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})),
                                        torch::nn::Linear(16, 3));
            {
                torch::NoGradGuard noGrad;
                for (std::size_t i = 0; i < multi->parameters().size(); ++i)
                    multi->parameters()[i].copy_(reference->parameters()[i]);
            }
            const auto options = torch::optim::AdamWOptions(3e-3).betas({0.9, 0.99}).weight_decay(0.01);
            torch::optim::AdamW a(reference->parameters(), options);
            torch::optim::AdamW b(multi->parameters(), options);
            double clipped = 0.0;
            for (int step = 0; step < 6; ++step) {
                const torch::Tensor x = torch::randn({8, 6});
                const torch::Tensor y = torch::randn({8, 3});
                a.zero_grad();
                b.zero_grad();
                (reference->forward(x) - y).pow(2).mean().backward();
                (multi->forward(x) - y).pow(2).mean().backward();
                clipped = torch::nn::utils::clip_grad_norm_(reference->parameters(), maxNorm);
                clipGradientNorm(multi->parameters(), maxNorm);
                a.step();
                stepAdamW(b);
            }
            qInfo("max norm %g: last gradient norm %.4f", maxNorm, clipped);
            QVERIFY(maxNorm > 1 || clipped > maxNorm); // the small bound did clip
            for (std::size_t i = 0; i < multi->parameters().size(); ++i)
                QVERIFY2(torch::equal(multi->parameters()[i], reference->parameters()[i]), std::to_string(i).c_str());
            // The states are AdamW's own: the same moments and step counts, found by the same keys.
            for (const auto& p : multi->parameters()) {
                auto& s = static_cast<torch::optim::AdamWParamState&>(*b.state().at(adamwStateKey(p)));
                QCOMPARE(int(s.step()), 6);
            }
            QVERIFY(torch::equal(
                static_cast<torch::optim::AdamWParamState&>(*a.state().at(adamwStateKey(reference->parameters()[0]))).exp_avg_sq(),
                static_cast<torch::optim::AdamWParamState&>(*b.state().at(adamwStateKey(multi->parameters()[0]))).exp_avg_sq()));
        }
    }

    void vqDecoderOnlyKeepsTheCodes()
    {
        // --init-from-model --vq-decoder-only: the folder's VQ is fine-tuned behind its codebook. Every
        // encoder and codebook tensor stays bit for bit, so a render gets the same codes (and the
        // transformers trained on them stay valid); the decoder moves, and training starts from the
        // trained VQ's loss, not a random one's.
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        TrainOptions o = tinyOptions(model, (dir.path() + "/work").toStdString());
        o.steps = 30;
        auto trained = trainVq(o);
        QVERIFY2(trained.isOk(), trained.isOk() ? "" : trained.status().message().c_str());
        const std::string before = (dir.path() + "/before").toStdString();
        fs::copy(model, before, fs::copy_options::recursive);

        TrainOptions d = o;
        d.workDir = (dir.path() + "/work-decoder").toStdString();
        d.steps = 20;
        d.vqDecoderOnly = true;
        auto refused = trainVq(d); // without --init-from-model there is no decoder to fine-tune
        QVERIFY(!refused.isOk());
        QVERIFY2(refused.status().message().find("--init-from-model") != std::string::npos, refused.status().message().c_str());
        d.initFromModel = true;
        auto tuned = trainVq(d);
        QVERIFY2(tuned.isOk(), tuned.isOk() ? "" : tuned.status().message().c_str());
        qInfo("vq loss from random %.4f, trained %.4f; decoder-only from %.4f to %.4f", trained->firstLoss, trained->lastLoss,
              tuned->firstLoss, tuned->lastLoss);
        QVERIFY(tuned->firstLoss < 0.8 * trained->firstLoss);

        auto old = loadVqModel(before + "/vqvae", torch::kCPU, torch::kFloat32);
        auto now = loadVqModel(model + "/vqvae", torch::kCPU, torch::kFloat32);
        QVERIFY(old.isOk() && now.isOk());
        int kept = 0, moved = 0;
        const auto oldParams = (*old)->named_parameters();
        for (const auto& p : (*now)->named_parameters()) {
            const bool decoderSide = p.key().rfind("decoder.", 0) == 0 || p.key().rfind("post_quant_conv.", 0) == 0;
            const bool same = torch::equal(p.value(), oldParams[p.key()]);
            QVERIFY2(decoderSide || same, p.key().c_str());
            kept += same ? 1 : 0;
            moved += decoderSide && !same ? 1 : 0;
        }
        QVERIFY2(kept > 0 && moved > 0, qPrintable(QString("%1 kept, %2 moved").arg(kept).arg(moved)));
        torch::NoGradGuard noGrad;
        const torch::Tensor render = imageToTensor(renderScene(trainingSampler(o.seed).sceneAt(4), 32), torch::kCPU);
        const torch::Tensor codes = (*now)->encodeToIndices(render);
        QVERIFY(torch::equal(codes, (*old)->encodeToIndices(render)));
        QVERIFY(!torch::equal((*now)->decodeIndices(codes), (*old)->decodeIndices(codes)));

        // A folder whose VQ was made for another architecture is refused, naming its config.
        std::ifstream in(before + "/vqvae/config.json");
        nlohmann::json config = nlohmann::json::parse(in);
        config["num_vq_embeddings"] = config["num_vq_embeddings"].get<int>() * 2;
        std::ofstream(before + "/vqvae/config.json") << config.dump();
        d.modelDir = before;
        auto mismatch = trainVq(d);
        QVERIFY(!mismatch.isOk());
        QCOMPARE(mismatch.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(mismatch.status().message().find("vqvae/config.json") != std::string::npos, mismatch.status().message().c_str());
    }

    void twoTokenizersTrainAndLoad()
    {
        // tiny-two-vq: an f2 base VQ (16 px → 8×8) and an f4 super-res VQ (32 px → 8×8).
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        const std::string work = (dir.path() + "/work").toStdString();
        TrainOptions o = tinyOptions(model, work);
        // An architecture that shares one VQ has no super-res VQ stage.
        auto shared = trainSuperResVq(o);
        QVERIFY(!shared.isOk());
        QCOMPARE(shared.status().code(), ErrorCode::InvalidArgument);
        o.size = "tiny-two-vq";
        QVERIFY(trainText(o).isOk());
        QVERIFY(trainVq(o).isOk());
        // The transformers need the super-res VQ first: the error names its folder.
        auto early = trainBase(o);
        QVERIFY(!early.isOk());
        QVERIFY2(early.status().message().find("super_res_vqvae") != std::string::npos, early.status().message().c_str());
        auto srVq = trainSuperResVq(o);
        QVERIFY2(srVq.isOk(), srVq.isOk() ? "" : srVq.status().message().c_str());
        QVERIFY(srVq->lastLoss < srVq->firstLoss);
        QVERIFY(fs::exists(work + "/superres-vq-loss.csv"));
        QVERIFY(fs::exists(work + "/vq-loss.csv"));
        QVERIFY(trainBase(o).isOk());
        QVERIFY(trainSuperRes(o).isOk());

        // Each size tokenized by its own VQ: 8×8 base tokens of 16 px, 8×8 super-res tokens of 32 px,
        // the latter the super-res VQ's codes of the render (not the base VQ's).
        auto cache = TensorArchive::open(work + "/token-cache.safetensors");
        QVERIFY(cache.isOk());
        const torch::Tensor base = readTensor(*cache, "base_tokens");
        const torch::Tensor high = readTensor(*cache, "superres_tokens");
        QCOMPARE(base.sizes().vec(), (std::vector<int64_t>{64, 8, 8}));
        QCOMPARE(high.sizes().vec(), (std::vector<int64_t>{48, 8, 8}));
        auto srVqModel = loadVqModel(model + "/super_res_vqvae", torch::kCPU, torch::kFloat32);
        QVERIFY(srVqModel.isOk());
        (*srVqModel)->eval();
        auto superResCodes = [&](const SceneSampler& sampler, int64_t scene) {
            torch::NoGradGuard noGrad;
            const Image render = renderScene(sampler.sceneAt(uint64_t(scene)), 32);
            return (*srVqModel)->encodeToIndices(imageToTensor(render, torch::kCPU)).reshape({8, 8});
        };
        QVERIFY(torch::equal(superResCodes(trainingSampler(o.seed), 5), high[5].to(torch::kInt64)));
        {
            // --paint-jitter: the token cache is made again, from jittered renders of the same scenes.
            TrainOptions j = o;
            j.paintJitter = true;
            j.initFromModel = true;
            QVERIFY(trainBase(j).isOk());
            auto again = TensorArchive::open(work + "/token-cache.safetensors");
            QVERIFY(again.isOk());
            const torch::Tensor jittered = readTensor(*again, "superres_tokens").to(torch::kInt64);
            QVERIFY(torch::equal(superResCodes(trainingSampler(o.seed, true), 5), jittered[5]));
            QVERIFY(!torch::equal(jittered, high.to(torch::kInt64)));
        }
        {
            // --round-trip 1: every scene tokenized from the super-res VQ's 8-bit reconstruction of
            // its render, as an edit of a generated image sees it (base tokens from it scaled down).
            TrainOptions r = o;
            r.roundTripFraction = 1.0;
            r.initFromModel = true;
            const std::string before = (dir.path() + "/before-round-trip").toStdString();
            fs::copy(model, before, fs::copy_options::recursive);
            auto plain = trainBase(r);
            QVERIFY(plain.isOk());
            auto again = TensorArchive::open(work + "/token-cache.safetensors");
            QVERIFY(again.isOk());
            const torch::Tensor lowTrip = readTensor(*again, "base_tokens").to(torch::kInt64);
            const torch::Tensor highTrip = readTensor(*again, "superres_tokens").to(torch::kInt64);
            auto baseVq = loadVqModel(model + "/vqvae", torch::kCPU, torch::kFloat32);
            QVERIFY(baseVq.isOk());
            (*baseVq)->eval();
            torch::NoGradGuard noGrad;
            const Image render = renderScene(trainingSampler(o.seed).sceneAt(5), 32);
            const Image generated = tensorToImage(
                (*srVqModel)->decodeIndices((*srVqModel)->encodeToIndices(imageToTensor(render, torch::kCPU))).clamp(0.0, 1.0)[0]);
            QVERIFY(torch::equal((*srVqModel)->encodeToIndices(imageToTensor(generated, torch::kCPU)).reshape({8, 8}), highTrip[5]));
            QVERIFY(torch::equal((*baseVq)->encodeToIndices(imageToTensor(resizeImage(generated, 16, 16), torch::kCPU)).reshape({8, 8}),
                                 lowTrip[5]));
            QVERIFY(!torch::equal(lowTrip, base.to(torch::kInt64)));
            // The exact renders' base tokens are kept beside them (the targets of --exact-targets).
            QVERIFY(torch::equal(readTensor(*again, "base_exact_tokens").to(torch::kInt64), base.to(torch::kInt64)));

            // A cache written before they were kept gets them added, and --exact-targets scores the
            // same masks against them: from the same weights, another first loss.
            QVERIFY(writeTensors(work + "/token-cache.safetensors", {{"base_tokens", lowTrip.to(torch::kInt32)},
                                                                     {"superres_tokens", highTrip.to(torch::kInt32)},
                                                                     {"fingerprint", readTensor(*again, "fingerprint")}})
                        .isOk());
            TrainOptions e = r;
            e.modelDir = before;
            e.exactTargets = true;
            auto exact = trainBase(e);
            QVERIFY2(exact.isOk(), exact.isOk() ? "" : exact.status().message().c_str());
            auto completed = TensorArchive::open(work + "/token-cache.safetensors");
            QVERIFY(completed.isOk());
            QVERIFY(torch::equal(readTensor(*completed, "base_exact_tokens").to(torch::kInt64), base.to(torch::kInt64)));
            QVERIFY(torch::equal(readTensor(*completed, "base_tokens").to(torch::kInt64), lowTrip));
            QVERIFY(std::abs(exact->firstLoss - plain->firstLoss) > 1e-4);

            // --round-trip 0.5: each scene's two grids are both those of its render or both those
            // of its round trip (only these scenes are rendered at the super-res size), and both occur.
            TrainOptions h = r;
            h.roundTripFraction = 0.5;
            h.modelDir = (dir.path() + "/half-round-trip").toStdString();
            fs::copy(before, h.modelDir, fs::copy_options::recursive);
            QVERIFY(trainBase(h).isOk());
            auto half = TensorArchive::open(work + "/token-cache.safetensors");
            QVERIFY(half.isOk());
            const torch::Tensor lowHalf = readTensor(*half, "base_tokens").to(torch::kInt64);
            const torch::Tensor highHalf = readTensor(*half, "superres_tokens").to(torch::kInt64);
            QCOMPARE(highHalf.size(0), high.size(0));
            int exactRows = 0, tripRows = 0;
            for (int64_t i = 0; i < highHalf.size(0); ++i) {
                const bool isExact = torch::equal(highHalf[i], high[i].to(torch::kInt64)) &&
                                     torch::equal(lowHalf[i], base[i].to(torch::kInt64));
                const bool isTrip = torch::equal(highHalf[i], highTrip[i]) && torch::equal(lowHalf[i], lowTrip[i]);
                QVERIFY2(isExact || isTrip, qPrintable(QString("scene %1 has neither grids").arg(i)));
                exactRows += isExact && !isTrip;
                tripRows += isTrip && !isExact;
            }
            QVERIFY2(exactRows > 0 && tripRows > 0, qPrintable(QString("%1 exact, %2 round-tripped").arg(exactRows).arg(tripRows)));
        }

        std::ifstream indexFile(model + "/model_index.json");
        const auto index = nlohmann::json::parse(indexFile);
        QVERIFY(index.contains("super_res_vqvae"));
        const std::string problem = generatesAt32(model);
        QVERIFY2(problem.empty(), problem.c_str());
        {
            // Its base runs on 2×2 token patches (token_patch_size, as two-vq-p2's): sizes must give
            // whole patches of base tokens — 8 px here (f4 super-res tokens over 2×2 patches of f2
            // base tokens at half the size); 24 px runs, 20 px is refused with the unit named.
            std::ifstream baseConfig(model + "/transformer/config.json");
            QCOMPARE(nlohmann::json::parse(baseConfig).value("token_patch_size", 0), 2);
            EngineOptions eo;
            eo.device = "cpu";
            Engine engine(eo);
            QVERIFY(engine.loadModel(model).isOk());
            GenerateRequest request;
            request.settings.prompt = "a red circle";
            request.width = request.height = 24;
            auto small = engine.generate(request);
            QVERIFY2(small.isOk(), small.isOk() ? "" : small.status().message().c_str());
            QCOMPARE(small->images.front().width, 24);
            request.width = 20;
            auto odd = engine.generate(request);
            QVERIFY(!odd.isOk());
            QVERIFY2(odd.status().message().find("multiples of 8") != std::string::npos, odd.status().message().c_str());
        }

        // A super-res VQ whose codebook does not match the super-res transformer is refused by name.
        EngineOptions eo;
        eo.device = "cpu";
        VqModel other = *buildVqModel(JsonConfig::fromJson(museVqConfig({8, 16, 16}, 4, 64, 4), "other VQ"));
        QVERIFY(saveComponent(model + "/super_res_vqvae", museVqConfig({8, 16, 16}, 4, 64, 4), *other,
                              "diffusion_pytorch_model.safetensors")
                    .isOk());
        Engine engine(eo);
        auto refused = engine.loadModel(model);
        QVERIFY(!refused.isOk());
        QCOMPARE(refused.code(), ErrorCode::ConfigMismatch);
        QVERIFY2(refused.message().find("super_res_vqvae") != std::string::npos, refused.message().c_str());
    }

    void relationMarginWithTheObjectShown()
    {
        // The relation margin with the relation's object left visible counts the related scenes only,
        // scores other tokens from another input than the every-token-masked one, and is exactly 0
        // when the "negative" is the caption itself.
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        QVERIFY(writeRandomMuseModel(model, tinyMuseSpec(true), 1).isOk());
        const std::vector<LabeledScene> scenes = generateEvalScenes(12, 0);
        int related = 0, reversible = 0;
        for (const LabeledScene& s : scenes) {
            const bool reverses = withRelationReversed(s.caption).has_value();
            reversible += reverses ? 1 : 0;
            related += reverses && s.scene.relation ? 1 : 0;
        }
        QVERIFY(related > 0 && related < int(scenes.size()));
        auto shown = swappedCaptionMargin(model, scenes, torch::kCPU, withRelationReversed, true);
        auto blank = swappedCaptionMargin(model, scenes, torch::kCPU, withRelationReversed);
        QVERIFY(shown.isOk() && blank.isOk());
        QCOMPARE(shown->scenes, related);
        QCOMPARE(blank->scenes, reversible);
        QVERIFY(std::isfinite(shown->natsPerObjectToken) && shown->natsPerObjectToken != 0.0);
        QVERIFY(shown->natsPerObjectToken != blank->natsPerObjectToken);
        auto same = swappedCaptionMargin(model, scenes, torch::kCPU, [](const std::string& c) { return std::optional<std::string>(c); }, true);
        QVERIFY(same.isOk());
        QCOMPARE(same->scenes, related);
        QCOMPARE(same->natsPerObjectToken, 0.0);
    }

    void evaluatorWritesReport()
    {
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        QVERIFY(writeRandomMuseModel(model, tinyMuseSpec(true), 1).isOk());
        EvalOptions o;
        o.modelDir = model;
        o.outDir = (dir.path() + "/eval").toStdString();
        o.count = 4;
        o.device = "cpu";
        auto summary = evaluateModel(o);
        QVERIFY2(summary.isOk(), summary.isOk() ? "" : summary.status().message().c_str());
        QCOMPARE(summary->images, 4);
        QVERIFY(summary->allRightRate >= 0.0 && summary->allRightRate <= 1.0);
        QVERIFY(summary->vqPsnr > 0.0);
        QVERIFY(fs::exists(o.outDir + "/report.md"));
        QVERIFY(fs::exists(o.outDir + "/report.json"));
        QVERIFY(fs::exists(o.outDir + "/images/0003.png"));
        // The images each stage ceiling judged, under the generated images' names, and their
        // failures (a random model's super-res gets every caption wrong).
        for (const char* stage : {"vq-round-trip", "super-res-from-true-base", "base-vq-round-trip"})
            QVERIFY2(fs::exists(o.outDir + "/ceilings/" + stage + "/0003.png"), stage);
        std::ifstream ceilingsFile(o.outDir + "/ceilings.md");
        const std::string ceilings((std::istreambuf_iterator<char>(ceilingsFile)), std::istreambuf_iterator<char>());
        QVERIFY2(ceilings.find("## Super-res from the true base tokens: 0 / 4 right") != std::string::npos, ceilings.c_str());
        QVERIFY2(ceilings.find("- `0003.png`: ") != std::string::npos, ceilings.c_str());
        std::ifstream json(o.outDir + "/report.json");
        std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
        QVERIFY(text.find("vq_psnr_db") != std::string::npos);
        // The base transformer's teacher-forced accuracy, background and object tokens apart, at
        // four masking rates (percent). A random model is near chance (1 in 256 codes) everywhere.
        const auto report = nlohmann::json::parse(text);
        for (const char* rate : {"10", "50", "90", "100"})
            for (const char* kind : {"object", "background"}) {
                const std::string key = std::string("teacher_forced_") + kind + "_acc_masked_" + rate + "pct";
                const nlohmann::json& value = report["extras"][key];
                QVERIFY2(value.is_number(), key.c_str());
                QVERIFY2(value.get<double>() >= 0.0 && value.get<double>() < 20.0, key.c_str());
            }
        // The stage ceilings: the VQ round trip of the true renders and super-res from their true
        // base tokens, judged like the generated images (percent of the 4 images); the same for
        // the true base-size render and its round trip through the base VQ.
        for (const char* stage : {"vq_round_trip", "super_res_from_true_base", "base_render", "base_vq_round_trip"})
            for (const char* attribute : {"all", "count", "color", "shape"}) {
                const std::string key = std::string(stage) + "_" + attribute + "_pct";
                const nlohmann::json& value = report["extras"][key];
                QVERIFY2(value.is_number(), key.c_str());
                const double quarters = value.get<double>() / 25.0;
                QVERIFY2(quarters >= 0.0 && quarters <= 4.0 && quarters == std::round(quarters), key.c_str());
            }
        QVERIFY(!report["extras"].contains("stage_ceilings")); // not skipped
        // Every image's verdicts; the relation margins split by the side each caption names first,
        // there exactly when such captions are.
        QCOMPARE(int(report["per_image"].size()), o.count);
        for (const bool upperFirst : {true, false}) {
            bool named = false;
            for (const LabeledScene& s : generateEvalScenes(o.count, o.seed))
                named = named || namesUpperObjectFirst(s.caption) == upperFirst;
            const std::string key = std::string("relation_sides_swapped_margin_") + (upperFirst ? "upper" : "lower") + "_first_nats";
            QCOMPARE(report["extras"].contains(key), named);
            if (named)
                QVERIFY2(std::isfinite(report["extras"][key].get<double>()), key.c_str());
        }
        // Scenes with a held-out colour–shape pair and those with only a held-out relation triple,
        // judged apart: the two groups split the images, so their rates add up to the whole.
        int pairScenes = 0;
        for (const LabeledScene& s : generateEvalScenes(o.count, o.seed))
            pairScenes += hasHeldOutPair(s.scene) ? 1 : 0;
        QVERIFY(pairScenes > 0 && pairScenes < o.count);
        for (const char* attribute : {"all", "count", "color", "shape"}) {
            const nlohmann::json& pair = report["extras"][std::string("held_out_pair_") + attribute + "_pct"];
            const nlohmann::json& triple = report["extras"][std::string("held_out_triple_only_") + attribute + "_pct"];
            QVERIFY2(pair.is_number() && triple.is_number(), attribute);
            const double rightImages = (pair.get<double>() * pairScenes + triple.get<double>() * (o.count - pairScenes)) / 100.0;
            QVERIFY2(std::abs(rightImages - std::round(rightImages)) < 1e-6, attribute);
            if (std::string(attribute) == "all")
                QCOMPARE(std::lround(rightImages), std::lround(summary->allRightRate * o.count));
        }
    }

    void editEvaluatorJudgesEachEditingMode()
    {
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        QVERIFY(writeRandomMuseModel(model, tinyMuseSpec(true), 1).isOk());
        for (EvalOptions::Task task : {EvalOptions::Task::Edit, EvalOptions::Task::Inpaint, EvalOptions::Task::Outpaint}) {
            const std::string name = evalTaskName(task);
            EvalOptions o;
            o.task = task;
            o.modelDir = model;
            o.outDir = (dir.path() + "/" + QString::fromStdString(name)).toStdString();
            o.count = 6;
            o.device = "cpu";
            o.editInput = EvalOptions::EditInput::Render; // the exact renders, checked pixel for pixel below
            auto summary = evaluateModel(o);
            QVERIFY2(summary.isOk(), summary.isOk() ? "" : summary.status().message().c_str());
            QVERIFY2(summary->images > 0 && summary->images <= 6, name.c_str());
            std::ifstream json(o.outDir + "/report.json");
            const auto report = nlohmann::json::parse(json);
            QCOMPARE(report["extras"]["task"].get<std::string>(), name);
            QCOMPARE(report["extras"]["judged_scenes"].get<double>(), double(summary->images));
            // The scenes: the training distribution with the next seed, rendered at the model's size.
            const std::vector<LabeledScene> scenes = generateEvalScenes(6, o.seed + 1, SceneSplit::Train);
            int firstJudged = -1;
            for (int i = 0; i < 6 && firstJudged < 0; ++i)
                if (fs::exists(o.outDir + "/images/" + QString::asprintf("%04d-input.png", i).toStdString()))
                    firstJudged = i;
            QVERIFY2(firstJudged >= 0, name.c_str());
            const std::string stem = o.outDir + "/images/" + QString::asprintf("%04d", firstJudged).toStdString();
            auto input = readImage(stem + "-input.png");
            auto output = readImage(stem + ".png");
            QVERIFY(input.isOk() && output.isOk());
            const Image render = renderScene(scenes[firstJudged].scene, output->width);
            QCOMPARE(output->width, output->height);
            if (task == EvalOptions::Task::Outpaint) {
                // Half the render cut off on one side; the outpainted image keeps the other half exactly.
                QVERIFY((input->width == render.width / 2) != (input->height == render.height / 2));
                auto sameAt = [&](const Image& big, int dx, int dy) {
                    for (int y = 0; y < input->height; ++y)
                        if (!std::equal(input->pixel(0, y), input->pixel(0, y) + 3 * input->width, big.pixel(dx, y + dy)))
                            return false;
                    return true;
                };
                const int dx = sameAt(render, 0, 0) ? 0 : render.width - input->width;
                const int dy = sameAt(render, 0, 0) ? 0 : render.height - input->height;
                QVERIFY2(sameAt(render, dx, dy), name.c_str());
                QVERIFY2(sameAt(*output, dx, dy), name.c_str());
                QVERIFY(!report["extras"].contains("pixels_kept_away_from_changes_pct"));
            } else {
                QVERIFY(input->pixels == render.pixels);
                const double kept = report["extras"]["pixels_kept_away_from_changes_pct"].get<double>();
                const double close = report["extras"]["pixels_within_16_away_from_changes_pct"].get<double>();
                QVERIFY2(kept >= 0.0 && kept <= close && close <= 100.0, name.c_str());
                // Even scenes are recoloured, odd ones reshaped: both kinds are there.
                QCOMPARE(report["extras"]["recolour_scenes"].get<double>() + report["extras"]["reshape_scenes"].get<double>(),
                         double(summary->images));
            }
        }
        {
            // --prompt changed: an inpaint's prompt names only the changed objects (the new colour and
            // shape), as a user types it; the judge still wants the whole new scene.
            EvalOptions c;
            c.task = EvalOptions::Task::Inpaint;
            c.promptChangedOnly = true;
            c.modelDir = model;
            c.outDir = (dir.path() + "/inpaint-changed").toStdString();
            c.count = 6;
            c.device = "cpu";
            c.saveImages = false;
            QVERIFY(evaluateModel(c).isOk());
            std::ifstream json(c.outDir + "/report.json");
            const auto report = nlohmann::json::parse(json);
            QCOMPARE(report["extras"]["prompt"].get<std::string>(), std::string("the changed objects only"));
            QVERIFY(!report["failures"].empty()); // random weights
            for (const auto& failure : report["failures"]) {
                // "NNNN.png (black square → purple square) \"two purple squares\""
                const std::string item = failure["item"].get<std::string>();
                const auto arrow = item.find("→ "), close = item.find(')'), quote = item.find('"');
                QVERIFY2(arrow != std::string::npos && close != std::string::npos && quote != std::string::npos, item.c_str());
                const std::string changedTo = item.substr(arrow + 4, close - arrow - 4); // "purple square"
                const std::string prompt = item.substr(quote + 1, item.size() - quote - 2);
                const std::string color = changedTo.substr(0, changedTo.find(' ')), shape = changedTo.substr(changedTo.find(' ') + 1);
                QVERIFY2(prompt.find(color) != std::string::npos && prompt.find(shape) != std::string::npos, item.c_str());
                for (const char* word : {"background", "above", "below", " left", " right", " and "})
                    QVERIFY2(prompt.find(word) == std::string::npos, item.c_str());
            }
        }
        // By default the inputs are the renders through the model's own last-stage VQ and back.
        EvalOptions o;
        o.task = EvalOptions::Task::Edit;
        o.modelDir = model;
        o.outDir = (dir.path() + "/round-trip").toStdString();
        o.count = 2;
        o.device = "cpu";
        QVERIFY(o.editInput == EvalOptions::EditInput::RoundTrip);
        QVERIFY(evaluateModel(o).isOk());
        auto stack = loadModelStack(model, "cpu", Precision::Float32);
        QVERIFY(stack.isOk());
        const int last = (*stack)->stageCount() - 1;
        const LabeledScene scene = generateEvalScenes(1, o.seed + 1, SceneSplit::Train)[0];
        auto input = readImage(o.outDir + "/images/0000-input.png");
        QVERIFY(input.isOk());
        torch::NoGradGuard noGrad;
        const torch::Tensor render = imageToTensor(renderScene(scene.scene, input->width), torch::kCPU);
        const Image expected = tensorToImage((*stack)->decodeImage(last, (*stack)->encodeImage(last, render)).clamp(0.0, 1.0));
        QVERIFY(input->pixels == expected.pixels);
        QVERIFY(input->pixels != renderScene(scene.scene, input->width).pixels);
    }

    void editEvaluatorEditsGeneratedImages()
    {
        // --input generated: the embedded model draws each scene from its caption, only the images
        // the detector reads as their scene are edited (a wrong one would be judged for the
        // generation's mistakes), and the report says how many of the generated inputs were right.
        const std::string model = Engine::defaultModelPath();
        QVERIFY2(!model.empty(), "the embedded default model is missing (resources/models/muse-default)");
        QTemporaryDir dir;
        EvalOptions o;
        o.task = EvalOptions::Task::Edit;
        o.modelDir = model;
        o.outDir = dir.path().toStdString();
        o.count = 8;
        o.device = "cpu";
        o.editInput = EvalOptions::EditInput::Generated;
        auto summary = evaluateModel(o);
        QVERIFY2(summary.isOk(), summary.isOk() ? "" : summary.status().message().c_str());
        std::ifstream json(o.outDir + "/report.json");
        const auto report = nlohmann::json::parse(json);
        const std::vector<LabeledScene> scenes = generateEvalScenes(8, o.seed + 1, SceneSplit::Train);
        int inputs = 0, right = 0;
        for (int i = 0; i < 8; ++i) {
            const std::string stem = o.outDir + "/images/" + QString::asprintf("%04d", i).toStdString();
            if (!fs::exists(stem + "-input.png"))
                continue;
            ++inputs;
            auto input = readImage(stem + "-input.png");
            QVERIFY(input.isOk());
            // Not a render: the model's own image, and one the detector reads as the scene.
            QVERIFY(input->pixels != renderScene(scenes[std::size_t(i)].scene, input->width).pixels);
            right += judgeImage(scenes[std::size_t(i)].scene, *input).all == Verdict::Right;
        }
        qInfo("%d of 8 generated inputs edited, %.1f %% judged right", inputs,
              report["extras"]["generated_inputs_judged_right_pct"].get<double>());
        QVERIFY(inputs >= 1);
        QCOMPARE(right, inputs);
        QCOMPARE(report["extras"]["judged_scenes"].get<double>(), double(inputs));
        QCOMPARE(summary->images, inputs);
        QVERIFY(report["extras"]["generated_inputs_judged_right_pct"].get<double>() >= 100.0 * inputs / 8 - 1e-9);
        QVERIFY(!report["extras"].contains("inputs_all_right_before_the_change_pct"));
        QVERIFY(report["extras"].contains("pixels_kept_away_from_changes_pct"));
    }

    void teacherForcedAccuracySplitsBackground()
    {
        // A base transformer that always predicts the white background's code: every masked
        // background token is right and every object token wrong, at every masking rate.
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        QVERIFY(writeRandomMuseModel(model, tinyMuseSpec(false), 2).isOk());
        auto transformer = loadMuseTransformer(model + "/transformer", torch::kCPU, torch::kFloat32);
        auto vq = loadVqModel(model + "/vqvae", torch::kCPU, torch::kFloat32);
        QVERIFY(transformer.isOk() && vq.isOk());
        const int size = int((*transformer)->config().gridHeight * (*vq)->downscaleFactor());
        Scene plain;
        plain.backgroundPaint = backgroundRgb(Background::White);
        const int64_t white =
            (*vq)->encodeToIndices(imageToTensor(renderScene(plain, size), torch::kCPU)).flatten()[0].item<int64_t>();
        {
            torch::NoGradGuard noGrad;
            (*transformer)->to_logits->weight.zero_();
            (*transformer)->to_logits->bias.fill_(-10.0);
            (*transformer)->to_logits->bias[white] = 10.0;
        }
        QVERIFY(saveMuseTransformer(**transformer, model + "/transformer").isOk());

        std::vector<LabeledScene> scenes;
        for (int i = 0; i < 6; ++i) {
            LabeledScene s;
            s.scene = plain;
            SceneObject o;
            o.extent = 0.21;
            o.x = o.y = 0.2 + 0.1 * (i % 3);
            o.paint = colorRgb(Color::Red);
            s.scene.objects.push_back(o);
            s.caption = "a red circle";
            scenes.push_back(s);
        }
        auto accuracy = teacherForcedAccuracy(model, scenes, {0.1, 0.5, 1.0}, 7);
        QVERIFY2(accuracy.isOk(), accuracy.isOk() ? "" : accuracy.status().message().c_str());
        QCOMPARE(int(accuracy->size()), 3);
        for (const MaskRateAccuracy& a : *accuracy) {
            QCOMPARE(a.backgroundAccuracy, 1.0);
            QCOMPARE(a.objectAccuracy, 0.0);
        }
        QCOMPARE(accuracy->back().rate, 1.0);
        // Another layout than ours is refused with the folder in the message.
        auto missing = teacherForcedAccuracy(dir.path().toStdString() + "/none", scenes, {0.5}, 7);
        QVERIFY(!missing.isOk());
        QVERIFY(missing.status().message().find("none") != std::string::npos);
    }

    void twoProcessesKeepIdenticalReplicas()
    {
        if (!distributedTrainingAvailable())
            QSKIP("this build has no gloo process group");
        const QString cli = qEnvironmentVariable("MUSE_CLI");
        QVERIFY2(QFile::exists(cli), "MUSE_CLI must name the muse binary");
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model").toStdString();
        const std::string work = (dir.path() + "/work").toStdString();
        TrainOptions o = tinyOptions(model, work);
        QVERIFY(trainText(o).isOk());
        TrainOptions vq = o;
        vq.steps = 5;
        QVERIFY(trainVq(vq).isOk());
        // The token cache of one process, for the two processes' to match: 150 scenes are three
        // chunks of 64, so rank 1 tokenizes the middle one (the first 100 at the super-res size too).
        const std::string single = (dir.path() + "/single").toStdString();
        fs::copy(model, single + "-model", fs::copy_options::recursive);
        TrainOptions one = tinyOptions(single + "-model", single);
        one.dataScenes = 150;
        one.superResScenes = 100;
        one.steps = 1;
        QVERIFY(trainBase(one).isOk());
        // The store's folder does not exist yet: joining makes it (FileStore alone waits forever).
        const QString store = dir.path() + "/stores/base.store";
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r)
            ranks[r].start(cli, {"train", "base", "--size", "tiny", "--device", "cpu", "--model", QString::fromStdString(model),
                                 "--work", QString::fromStdString(work), "--steps", "6", "--seed", "3", "--world-size", "2",
                                 "--rank", QString::number(r), "--store", store, "--threads", "1", "--scenes", "150",
                                 "--superres-scenes", "100"});
        for (auto& p : ranks) {
            QVERIFY(p.waitForFinished(300000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        auto a = TensorArchive::open(work + "/base-checkpoint.safetensors");
        auto b = TensorArchive::open(work + "/base-checkpoint.rank1.safetensors");
        QVERIFY(a.isOk() && b.isOk());
        int compared = 0;
        for (const auto& name : a->names()) {
            if (name.rfind("transformer.", 0) != 0 && name.rfind("text_encoder.", 0) != 0)
                continue;
            QVERIFY2(torch::equal(readTensor(*a, name), readTensor(*b, name)), name.c_str());
            ++compared;
        }
        QVERIFY(compared > 10);
        // Each rank tokenized part of the scenes; both ended with the whole cache, the one a single
        // process builds.
        auto c1 = TensorArchive::open(single + "/token-cache.safetensors");
        QVERIFY(c1.isOk());
        for (const char* name : {"base_tokens", "superres_tokens"}) {
            const torch::Tensor expected = readTensor(*c1, name);
            QCOMPARE(expected.size(0), std::string(name) == "base_tokens" ? int64_t(150) : int64_t(100));
            QVERIFY(expected.ne(expected.flatten()[0]).any().item<bool>()); // not one code everywhere
            for (const char* file : {"/token-cache.safetensors", "/token-cache.rank1.safetensors"}) {
                auto c = TensorArchive::open(work + file);
                QVERIFY(c.isOk());
                QVERIFY2(torch::equal(readTensor(*c, name), expected), (std::string(file) + " " + name).c_str());
            }
        }
        // And they moved away from the common initialisation: the step counter says 6.
        QCOMPARE(readTensor(*a, "trainer.step").item<int64_t>(), int64_t(6));

        // Resuming with one rank's checkpoint gone: both processes stop with an error naming the
        // disagreement instead of one of them waiting forever in an all-reduce.
        QVERIFY(fs::remove(work + "/base-checkpoint.rank1.safetensors"));
        QFile::remove(store);
        for (int r = 0; r < 2; ++r)
            ranks[r].start(cli, {"train", "base", "--size", "tiny", "--device", "cpu", "--model", QString::fromStdString(model),
                                 "--work", QString::fromStdString(work), "--steps", "8", "--seed", "3", "--world-size", "2",
                                 "--rank", QString::number(r), "--store", store, "--threads", "1", "--resume"});
        for (auto& p : ranks) {
            QVERIFY(p.waitForFinished(300000));
            QCOMPARE(p.exitCode(), 2); // a usage error: --resume without every rank's checkpoint
            QVERIFY2(p.readAllStandardError().contains("do not agree"), "the error names the disagreement");
        }
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
