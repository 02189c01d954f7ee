#include "train/TextTrainer.h"

#include "io/JsonConfig.h"
#include "io/ModuleSaver.h"
#include "pipeline/MuseModelWriter.h"
#include "muse/T5Tokenizer.h"
#include "text/T5Encoder.h"
#include "train/CaptionBatcher.h"
#include "train/CaptionPlacement.h"
#include "train/LearningRateSchedule.h"
#include "train/TrainingSetup.h"
#include "util/LoadError.h"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

// (B, length) row and column classes of each caption's pieces (CaptionPlacement.h); −1 where there
// is no word: padding, EOS, and whole captions whose pieces do not follow their words.
std::pair<torch::Tensor, torch::Tensor> placementTargets(const T5Tokenizer& tokenizer, const std::vector<std::string>& captions,
                                                        int64_t length)
{
    torch::Tensor rows = torch::full({int64_t(captions.size()), length}, -1, torch::kInt64);
    torch::Tensor columns = rows.clone();
    auto r = rows.accessor<int64_t, 2>();
    auto c = columns.accessor<int64_t, 2>();
    for (std::size_t i = 0; i < captions.size(); ++i) {
        const auto placed = piecePlacements(tokenizer, captions[i]);
        if (!placed)
            continue;
        for (std::size_t j = 0; j + 1 < placed->size() && int64_t(j) < length; ++j) { // the last is EOS
            r[int64_t(i)][int64_t(j)] = int64_t((*placed)[j].vertical);
            c[int64_t(i)][int64_t(j)] = int64_t((*placed)[j].horizontal);
        }
    }
    return {rows, columns};
}

} // namespace

void TextTrainer::pretrainMaskedLanguageModel(T5EncoderModelImpl& t5, const T5Tokenizer& tokenizer,
                                              const std::vector<std::string>& corpus, T5EncoderModelImpl* teacher,
                                              const TrainLogCallback& log) const
{
    const TrainOptions& o = m_options;
    const int steps = o.textPretrainSteps;
    const int batch = o.batchSize > 0 ? o.batchSize : 128;
    const double peak = o.learningRate > 0.0 ? o.learningRate : 1e-3;
    const LearningRateSchedule schedule(peak, o.warmupSteps >= 0 ? o.warmupSteps : std::max(1, steps / 20), steps);
    const CaptionBatcher batcher(tokenizer, 0.0);
    // The kept states include the empty prompt's (one caption in ten, as the base stage drops text):
    // guidance contrasts with it.
    const CaptionBatcher keepBatcher(tokenizer, 0.1);
    const double keep = o.textKeepStates; // > 0 whenever there is a teacher
    // Training-only heads (not shipped): from each visible piece's state, the pieces 2 and 1 before
    // it and 1 and 2 after it.
    const int64_t d = t5.config().dModel;
    torch::nn::ModuleList heads;
    // With --text-own-piece, a fifth: the piece itself.
    const int headCount = o.textOwnPiece > 0.0 ? 5 : 4;
    for (int k = 0; k < headCount; ++k)
        heads->push_back(torch::nn::Linear(torch::nn::LinearOptions(d, d).bias(false)));
    std::vector<torch::Tensor> parameters = t5.parameters();
    for (const auto& p : heads->parameters())
        parameters.push_back(p);
    // With --text-placement, two more: the row and the column the caption gives the piece's object
    // (made only then: their initialisation draws from the global generator, and runs without the
    // term stay as they were).
    torch::nn::Linear rowHead{nullptr}, columnHead{nullptr};
    if (o.textPlacement > 0.0) {
        rowHead = torch::nn::Linear(d, kPlaceClasses);
        columnHead = torch::nn::Linear(d, kPlaceClasses);
        for (const auto& head : {rowHead, columnHead})
            for (const auto& p : head->parameters())
                parameters.push_back(p);
    }
    torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(peak).weight_decay(o.weightDecay));
    torch::Generator generator = at::make_generator<at::CPUGeneratorImpl>(o.seed + 1);
    const double outputScale = 1.0 / std::sqrt(double(t5.config().dModel)); // T5's tied-output rescale
    t5.train();
    double logged = 0.0, right = 0.0, hidden = 0.0, drifted = 0.0, placedRight = 0.0, placed = 0.0;
    for (int step = 1; step <= steps; ++step) {
        std::vector<std::string> captions;
        const torch::Tensor picks = torch::randint(int64_t(corpus.size()), {batch}, generator, torch::kInt64);
        const auto pick = picks.accessor<int64_t, 1>();
        for (int i = 0; i < batch; ++i)
            captions.push_back(corpus[std::size_t(pick[i])]);
        const CaptionBatch text = batcher.make(captions, std::vector<double>(std::size_t(batch), 1.0), torch::kCPU);
        // 15 % of the pieces (never EOS or padding) hidden behind the unknown piece, which the
        // captions never contain: BERT's [MASK].
        const torch::Tensor present = text.mask.to(torch::kBool);
        const torch::Tensor candidates = present & text.ids.ne(tokenizer.eosId());
        const torch::Tensor hide = candidates & torch::rand(text.ids.sizes(), generator).lt(0.15);
        const torch::Tensor input = torch::where(hide, torch::full_like(text.ids, tokenizer.unkId()), text.ids);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(schedule.rateAt(step));
        optimizer.zero_grad();
        const torch::Tensor all = t5.forward(input, text.mask);                                  // (B, L, d)
        const torch::Tensor states = all.index({hide});                                          // (N, d)
        const torch::Tensor logits = torch::matmul(states * outputScale, t5.shared->weight.t()); // (N, vocab)
        const torch::Tensor targets = text.ids.index({hide});
        torch::Tensor loss = torch::nn::functional::cross_entropy(logits, targets);
        // Neighbours: a visible piece's state must say what stands next to it, so a shape word's
        // state carries its colour and size words ("small white heart") and a relation's sides.
        const int64_t length = text.ids.size(1);
        const torch::Tensor visible = present & ~hide;
        // Offset 0 (--text-own-piece): without it nothing asks a visible piece's state to say what the
        // piece itself is, and a base stage trained on the frozen encoder drew shapes worse
        // (docs/training.md, "Nineteenth session").
        const int offsets[5] = {-2, -1, 1, 2, 0};
        const double weights[5] = {0.25, 0.25, 0.25, 0.25, o.textOwnPiece};
        for (int k = 0; k < headCount; ++k) {
            const int64_t off = offsets[k], span = length - std::abs(off);
            if (span <= 0)
                continue;
            const int64_t from = off < 0 ? -off : 0, to = off < 0 ? 0 : off; // state at from+i predicts the piece at to+i
            const torch::Tensor where = visible.narrow(1, from, span) & present.narrow(1, to, span);
            const torch::Tensor source = all.narrow(1, from, span).index({where});
            const torch::Tensor goal = text.ids.narrow(1, to, span).index({where});
            const torch::Tensor predicted =
                torch::matmul(heads[k]->as<torch::nn::Linear>()->forward(source) * outputScale, t5.shared->weight.t());
            loss = loss + weights[k] * torch::nn::functional::cross_entropy(predicted, goal);
        }
        if (o.textPlacement > 0.0) {
            const auto [rows, columns] = placementTargets(tokenizer, captions, length);
            const torch::Tensor labelled = rows.ge(0);
            const torch::Tensor source = all.index({labelled});
            const torch::Tensor rowLogits = rowHead->forward(source), columnLogits = columnHead->forward(source);
            const torch::Tensor rowGoal = rows.index({labelled}), columnGoal = columns.index({labelled});
            loss = loss + o.textPlacement * (torch::nn::functional::cross_entropy(rowLogits, rowGoal) +
                                             torch::nn::functional::cross_entropy(columnLogits, columnGoal));
            // Logged: the pieces the caption places somewhere, both row and column right.
            torch::NoGradGuard noGrad;
            const torch::Tensor somewhere = rowGoal.gt(0) | columnGoal.gt(0);
            const torch::Tensor both = rowLogits.argmax(1).eq(rowGoal) & columnLogits.argmax(1).eq(columnGoal);
            placedRight += (both & somewhere).sum().item<double>();
            placed += somewhere.sum().item<double>();
        }
        if (teacher) {
            const torch::Tensor draws = torch::rand({batch}, generator, torch::kFloat64);
            const auto draw = draws.accessor<double, 1>();
            std::vector<double> drops;
            for (int i = 0; i < batch; ++i)
                drops.push_back(draw[i]);
            const CaptionBatch clean = keepBatcher.make(captions, drops, torch::kCPU);
            torch::Tensor goal;
            {
                torch::NoGradGuard noGrad;
                goal = teacher->forward(clean.ids, clean.mask);
            }
            const torch::Tensor weight = clean.mask.to(torch::kFloat32).unsqueeze(-1);
            // Relative, so that the weight means the same whatever the states' scale.
            const torch::Tensor drift =
                ((t5.forward(clean.ids, clean.mask) - goal).pow(2) * weight).sum() / (goal.pow(2) * weight).sum();
            loss = loss + keep * drift;
            drifted += drift.item<double>();
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters, o.gradClip);
        optimizer.step();
        logged += loss.item<double>();
        right += logits.argmax(1).eq(targets).sum().item<double>();
        hidden += double(targets.numel());
        const int every = std::max(1, o.logEvery);
        if (log && (step % every == 0 || step == steps)) {
            const int n = step % every == 0 ? every : step % every;
            log("text: pretraining step " + std::to_string(step) + "/" + std::to_string(steps) + " loss " +
                std::to_string(logged / n) + " hidden-piece accuracy " + std::to_string(right / std::max(1.0, hidden)) +
                (teacher ? " state drift " + std::to_string(drifted / n) : std::string()) +
                (o.textPlacement > 0.0 ? " placement accuracy " + std::to_string(placedRight / std::max(1.0, placed)) : std::string()));
            logged = right = hidden = drifted = placedRight = placed = 0.0;
        }
    }
    t5.eval();
}

namespace {

// Mesh-TensorFlow T5 initialisation: N(0, 1) embeddings, N(0, fan_in^-1/2) projections.
T5EncoderModel freshEncoder(const T5Config& config, int seed)
{
    torch::manual_seed(seed);
    T5EncoderModel t5(config);
    torch::NoGradGuard noGrad;
    for (auto& item : t5->named_parameters()) {
        torch::Tensor p = item.value();
        const std::string& name = item.key();
        if (name.find("layer_norm") != std::string::npos)
            p.fill_(1.0);
        else if (name == "shared.weight")
            p.normal_(0.0, 1.0);
        else if (p.dim() == 2)
            p.normal_(0.0, 1.0 / std::sqrt(double(p.size(1))));
    }
    return t5;
}

} // namespace

TextTrainer::TextTrainer(TrainOptions options) : m_options(std::move(options)) {}

Result<TrainSummary> TextTrainer::run(const TrainLogCallback& log)
{
    return guarded("muse train text", [&]() -> Result<TrainSummary> {
        const auto started = std::chrono::steady_clock::now();
        if (!m_options.initFromModel && (m_options.textKeepStates > 0.0 || m_options.textFreshEncoder))
            return Status(ErrorCode::InvalidArgument,
                          "--text-keep-states and --text-fresh-encoder need --init-from-model (an encoder to keep "
                          "states of, a tokenizer to keep)");
        if (m_options.initFromModel && m_options.textPretrainSteps <= 0)
            return Status(ErrorCode::InvalidArgument,
                          "--init-from-model for the text stage pretrains the folder's encoder further: give "
                          "--text-pretrain-steps");
        const TrainArchitecture arch = trainArchitecture(m_options.size);
        const SceneSampler sampler = trainingSampler(m_options.seed);
        const int corpusSize = m_options.dataScenes > 0 ? m_options.dataScenes : arch.captionCorpus;
        std::vector<std::string> corpus;
        corpus.reserve(std::size_t(corpusSize));
        for (int i = 0; i < corpusSize; ++i)
            corpus.push_back(sampler.exampleAt(uint64_t(i)).caption);
        const std::string tokenizerDir = (fs::path(m_options.modelDir) / "tokenizer").string();
        const std::string encoderDir = (fs::path(m_options.modelDir) / "text_encoder").string();
        nlohmann::json config;
        T5EncoderModel t5{nullptr};
        if (m_options.initFromModel) {
            // The folder's own tokenizer and encoder, pretrained further: a base stage trained on them
            // keeps its input pieces, and with --text-keep-states nearly its input states.
            auto loaded = loadT5Encoder(encoderDir, torch::kCPU, torch::kFloat32);
            if (!loaded)
                return loaded.status();
            // --text-fresh-encoder: only the tokenizer kept, the encoder starts anew (its attention
            // not yet saturated on content, so it can learn order) and the loaded one is the teacher.
            t5 = m_options.textFreshEncoder ? freshEncoder((*loaded)->config(), m_options.seed) : *loaded;
            config = take(JsonConfig::load(encoderDir + "/config.json")).json();
            if (log)
                log("text: continuing from " + tokenizerDir + " and " + (m_options.textFreshEncoder ? "a new encoder" : encoderDir));
        } else {
            auto vocab = writeMuseTokenizer(m_options.modelDir, corpus, arch.tokenizerVocab, arch.maxTextLength);
            if (!vocab)
                return vocab.status();
            if (log)
                log("text: SentencePiece (unigram) on " + std::to_string(corpusSize) + " training captions: " +
                    std::to_string(*vocab) + " pieces");
            config = arch.textEncoder;
            config["vocab_size"] = *vocab;
            auto t5Config = T5Config::fromJson(JsonConfig::fromJson(config, "text_encoder/config.json"));
            if (!t5Config)
                return t5Config.status();
            t5 = freshEncoder(*t5Config, m_options.seed);
        }
        if (m_options.textPretrainSteps > 0) {
            const T5Tokenizer tokenizer = take(T5Tokenizer::loadFolder(tokenizerDir));
            T5EncoderModel teacher{nullptr};
            if (m_options.initFromModel && m_options.textKeepStates > 0.0) {
                teacher = take(loadT5Encoder(encoderDir, torch::kCPU, torch::kFloat32));
                teacher->eval();
            }
            pretrainMaskedLanguageModel(*t5, tokenizer, corpus, teacher ? teacher.get() : nullptr, log);
        }
        MUSE_RETURN_IF_ERROR(saveComponent(encoderDir, config, *t5, "model.safetensors"));
        if (log)
            log("text: T5 encoder (d_model " + std::to_string(t5->config().dModel) + ", " +
                std::to_string(t5->config().numLayers) + " layers) " +
                (m_options.initFromModel && !m_options.textFreshEncoder ? "kept" : "initialised") +
                (m_options.textPretrainSteps > 0 ? " and pretrained" : "") + "; it trains with the base transformer unless --freeze-text");
        TrainSummary summary;
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return summary;
    });
}

} // namespace muse
