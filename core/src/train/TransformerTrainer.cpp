#include "train/TransformerTrainer.h"

#include "io/JsonConfig.h"
#include "io/ModuleSaver.h"
#include "io/WeightLoader.h"
#include "muse/T5Tokenizer.h"
#include "pipeline/MuseModelWriter.h"
#include "text/SecondTextEncoder.h"
#include "text/T5Encoder.h"
#include "train/CaptionBatcher.h"
#include "train/GradientSync.h"
#include "train/LearningRateSchedule.h"
#include "train/MaskedTokenObjective.h"
#include "train/MultiTensorAdamW.h"
#include "train/OrderNegativeTerm.h"
#include "train/PartialCaptionExample.h"
#include "train/SceneEdit.h"
#include "train/SceneRng.h"
#include "train/TokenCache.h"
#include "train/TrainingCheckpoint.h"
#include "train/TrainingProgress.h"
#include "train/TrainingSetup.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

// The stage's config: the architecture's for text states `textWidth` wide (a second text encoder
// widens the base stage's, SecondTextEncoder.h), or with --init-from-model the trained folder's when
// it differs only in depth (a model deepened by `muse grow` keeps its layers); a folder made for
// another architecture is refused by name.
Result<JsonConfig> stageConfig(nlohmann::json architecture, int64_t textWidth, const std::string& name,
                               const fs::path& folder, bool fromFolder)
{
    architecture["encoder_hidden_size"] = textWidth;
    JsonConfig ours = JsonConfig::fromJson(architecture, name);
    if (!fromFolder)
        return ours;
    auto json = JsonConfig::load((folder / "config.json").string());
    if (!json)
        return json.status();
    return guarded(json->path(), [&]() -> Result<JsonConfig> {
        const MuseTransformerConfig theirs = MuseTransformerConfig::fromJson(*json);
        MuseTransformerConfig expected = MuseTransformerConfig::fromJson(ours);
        expected.numHiddenLayers = theirs.numHiddenLayers;
        if (theirs.toJson() != expected.toJson())
            return Status(ErrorCode::ConfigMismatch, json->path() + ": was made for another architecture than --size (" +
                                                         theirs.toJson().dump() + ")");
        nlohmann::json deeper = architecture;
        deeper["num_hidden_layers"] = theirs.numHiddenLayers;
        return JsonConfig::fromJson(deeper, name);
    });
}

// --init-from-model: the stage's weights from the trained folder (its config checked by stageConfig).
Status initFromFolder(MuseTransformerBase& transformer, const fs::path& folder)
{
    return guarded(folder.string(), [&]() -> Status {
        auto archive = TensorArchive::openFolder(folder.string(), "");
        if (!archive)
            return archive.status();
        torch::NoGradGuard noGrad;
        return loadModuleWeights(transformer, *archive);
    });
}

} // namespace

TransformerTrainer::TransformerTrainer(TransformerStage stage, TrainOptions options)
    : m_stage(stage), m_options(std::move(options))
{
}

Result<TrainSummary> TransformerTrainer::run(const TrainLogCallback& log)
{
    const bool base = m_stage == TransformerStage::Base;
    const std::string stageName = base ? "base" : "superres";
    return guarded("muse train " + stageName, [&]() -> Result<TrainSummary> {
        // Training needs gradients whatever the caller's thread had switched off.
        torch::AutoGradMode gradients(true);
        const TrainArchitecture arch = trainArchitecture(m_options.size);
        const TrainOptions o = withStageDefaults(m_options, base ? arch.baseStage : arch.superResStage);
        const torch::Device device = take(resolveTrainDevice(o.device));
        GradientSync sync = take(GradientSync::join(o.storePath, o.rank, o.worldSize));
        fs::create_directories(o.workDir);
        const fs::path model(o.modelDir);
        TrainLogCallback rankLog = o.rank == 0 ? log : TrainLogCallback();

        const T5Tokenizer tokenizer = take(T5Tokenizer::loadFolder((model / "tokenizer").string()));
        T5EncoderModel t5 = take(loadT5Encoder((model / "text_encoder").string(), device, torch::kFloat32));
        // Read by the base stage beside t5, never trained; the super-res stage reads t5 alone.
        const c10::optional<T5EncoderModel> t5Second =
            base ? take(loadSecondTextEncoder(o.modelDir, device, torch::kFloat32)) : c10::optional<T5EncoderModel>();
        auto textJson = take(JsonConfig::load((model / "text_encoder" / "config.json").string()));
        VqModel vq = take(loadVqModel((model / "vqvae").string(), device, torch::kFloat32));
        c10::optional<VqModel> superResVq;
        if (arch.separateSuperResVq()) {
            if (!fs::exists(model / "super_res_vqvae" / "config.json"))
                return Status(ErrorCode::NotFound, (model / "super_res_vqvae").string() + ": the " + o.size +
                                                       " architecture tokenizes the super-res images with a VQ of its "
                                                       "own; train it first (`muse train superres-vq`)");
            superResVq = take(loadVqModel((model / "super_res_vqvae").string(), device, torch::kFloat32));
        }
        if (o.firstTextDropout > 0 && !t5Second)
            return Status(ErrorCode::InvalidArgument, o.modelDir + ": --first-text-dropout needs a second text encoder "
                                                                   "(text_encoder_2/, `muse grow --second-text-encoder`)");
        const int64_t scenes = o.dataScenes > 0 ? o.dataScenes : arch.dataScenes;
        const int64_t superResScenes = std::min<int64_t>(scenes, o.superResScenes > 0 ? o.superResScenes : arch.superResScenes);
        // An export reads only the checkpoint: no token cache (a missing one would be built).
        TokenCache cache;
        if (!o.exportOnly)
            cache = take(TokenCache::loadOrBuild(o.workDir, vq, superResVq ? &*superResVq : nullptr, arch, scenes,
                                                 superResScenes, o.seed, o.paintJitter, o.roundTripFraction, device, rankLog, sync));

        torch::manual_seed(o.seed + (base ? 11 : 12));
        std::shared_ptr<MuseTransformerBase> transformer;
        MuseTransformer baseModel{nullptr};
        MuseSuperResTransformer superRes{nullptr};
        // With --init-from-model the folder's depth holds when resuming too (the phase writes back there).
        const bool fromFolder = o.initFromModel;
        if (base) {
            baseModel = take(buildMuseTransformer(take(stageConfig(arch.base, baseTextWidth(t5, t5Second), "transformer/config.json", model / "transformer", fromFolder))));
            transformer = baseModel.ptr();
        } else {
            superRes = take(buildMuseSuperResTransformer(
                take(stageConfig(arch.superRes, t5->config().dModel, "super_res_transformer/config.json", model / "super_res_transformer",
                                fromFolder))));
            transformer = superRes.ptr();
        }
        transformer->to(device);
        transformer->train();
        // The base stage trains the text encoder with it (unless --freeze-text); the super-res stage keeps it frozen.
        std::vector<torch::nn::Module*> trained = {transformer.get()};
        std::vector<NamedModule> named = {{base ? "transformer" : "super_res_transformer", transformer.get()}};
        if (base && !o.freezeText) {
            t5->train();
            trained.push_back(t5.get());
            named.push_back({"text_encoder", t5.get()});
        } else {
            t5->eval();
            for (auto& p : t5->parameters())
                p.set_requires_grad(false);
        }
        const std::string checkpoint = checkpointPath(o, stageName);
        if (o.initFromModel && !(o.resume && fs::exists(checkpoint)))
            MUSE_RETURN_IF_ERROR(initFromFolder(*transformer, model / (base ? "transformer" : "super_res_transformer")));
        const std::vector<torch::Tensor> parameters = parametersOf(trained);
        sync.broadcast(parameters);

        torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(o.learningRate)
                                                      .betas({0.9, 0.99})
                                                      .weight_decay(o.weightDecay));
        int start = 0;
        if (o.exportOnly && !(o.resume && fs::exists(checkpoint)))
            return Status(ErrorCode::InvalidArgument, checkpoint + ": exporting needs this stage's checkpoint (and --resume)");
        if (o.resume && fs::exists(checkpoint))
            start = take(TrainingCheckpoint::load(checkpoint, named, optimizer));
        MUSE_RETURN_IF_ERROR(sync.checkSameStep(start, checkpoint));

        const LearningRateSchedule schedule(o.learningRate, o.warmupSteps, o.steps);
        const std::string csv = (fs::path(o.workDir) / (stageName + "-loss.csv")).string();
        std::vector<std::string> columns = {"loss", "masked_acc", "text_dropped"};
        if (base && o.orderNegatives > 0)
            columns.push_back("order_margin"); // nats: log-likelihood under the caption minus under its negative
        TrainingProgress progress(stageName, o.rank == 0 ? csv : std::string(), columns,
                                  start, o.steps, o.logEvery, rankLog, o.resume);
        const MaskedTokenObjective objective(transformer->maskTokenId(), o.labelSmoothing);
        const CaptionBatcher batcher(tokenizer, o.textDropout);
        DataOrder order(base || o.exportOnly ? cache.size() : cache.superResTokens.size(0), o.seed);
        // The cache's scene i is the sampler's: holes re-create its objects.
        const bool holes = base && o.partialCaptionFraction + o.wholeCaptionHoleFraction > 0;
        const bool edits = base && o.editExampleFraction > 0;
        const bool objectHoles = base && o.objectHoleFraction > 0;
        const SceneSampler sampler = trainingSampler(o.seed, o.paintJitter);
        // --relation-share draws from these: the cache's related scenes (its scene i is the sampler's).
        std::vector<int64_t> relatedRows;
        if (base && o.relationShare > 0 && !o.exportOnly) {
            for (int64_t i = 0; i < cache.size(); ++i)
                if (sampler.sceneAt(uint64_t(i)).kind == SceneKind::Related)
                    relatedRows.push_back(i);
            if (relatedRows.empty())
                return Status(ErrorCode::InvalidArgument, o.workDir + ": the token cache holds no related scenes for --relation-share");
        }
        if (rankLog)
            rankLog(stageName + ": " + std::to_string(countParameters(*transformer)) + " transformer parameters, " +
                    std::to_string(o.steps) + " steps of " + std::to_string(o.batchSize * o.worldSize) +
                    " examples, peak lr " + std::to_string(o.learningRate));

        const int last = o.exportOnly ? start : o.stopAtStep > 0 ? std::min(o.stopAtStep, o.steps) : o.steps;
        for (int step = start; step < last; ++step) {
            torch::Generator gen = stepGenerator(o.seed, base ? 2 : 3, int64_t(step) * o.worldSize + o.rank);
            std::vector<int64_t> rows;
            std::vector<std::string> captions;
            std::vector<double> draws, negativeChoices;
            std::vector<bool> firstTextDropped;
            const torch::Tensor& tokens = base ? cache.baseTokens : cache.superResTokens;
            // Where each example may be masked: everywhere, or a hole (PartialCaptionExample.h).
            torch::Tensor regions =
                holes ? torch::ones({o.batchSize, tokens.size(1), tokens.size(2)}, torch::kBool) : torch::Tensor();
            // All but one object group masked, whatever the drawn rate (TrainOptions::objectHoleFraction).
            torch::Tensor always = objectHoles || edits ? torch::zeros({o.batchSize, tokens.size(1), tokens.size(2)}, torch::kBool)
                                               : torch::Tensor();
            // Edit examples (TrainOptions::editExampleFraction): their rows and the edited scenes.
            std::vector<int64_t> editRows;
            std::vector<Scene> editedScenes;
            for (int b = 0; b < o.batchSize; ++b) {
                const int64_t position = (int64_t(step) * o.worldSize + o.rank) * o.batchSize + b;
                rows.push_back(order.indexAt(position));
                if (!relatedRows.empty()) {
                    SceneRng related(o.seed ^ 0x2E1A7EDull, uint64_t(position));
                    if (related.uniform() < o.relationShare)
                        rows.back() = relatedRows[std::size_t(related.index(int(relatedRows.size())))];
                }
                captions.push_back(cache.captions[std::size_t(rows.back())]);
                if (o.upperFirst > 0) {
                    SceneRng wording(o.seed ^ 0x0FF1257ull, uint64_t(position));
                    if (wording.uniform() < o.upperFirst) {
                        const Scene scene = sampler.sceneAt(uint64_t(rows.back()));
                        if (scene.kind == SceneKind::Related)
                            captions.back() = captionScene(scene, wording, RelationSide::UpperFirst);
                    }
                }
                draws.push_back(SceneRng(o.seed ^ 0x5EEDull, uint64_t(position)).uniform());
                negativeChoices.push_back(SceneRng(o.seed ^ 0x0DE5ull, uint64_t(position)).uniform());
                if (o.firstTextDropout > 0)
                    firstTextDropped.push_back(SceneRng(o.seed ^ 0xF125D0ull, uint64_t(position)).uniform() < o.firstTextDropout);
                SceneRng hole(o.seed ^ 0x9A27CA9ull, uint64_t(position));
                const double kind = holes || edits ? hole.uniform() : 1.0;
                const int grid = int(tokens.size(1));
                auto setRegion = [&](const std::vector<uint8_t>& region) {
                    regions[b].copy_(torch::tensor(region, torch::kBool).view({tokens.size(1), tokens.size(2)}));
                };
                if (kind < o.partialCaptionFraction) {
                    const PartialCaptionExample example = partialCaptionExample(sampler.sceneAt(uint64_t(rows.back())), grid, hole);
                    if (!example.objects.empty()) {
                        captions.back() = example.caption;
                        setRegion(example.region);
                    }
                } else if (kind < o.partialCaptionFraction + o.wholeCaptionHoleFraction) {
                    setRegion(wholeCaptionHole(sampler.sceneAt(uint64_t(rows.back())), grid, hole));
                } else if (kind < o.partialCaptionFraction + o.wholeCaptionHoleFraction + o.editExampleFraction) {
                    const EditKind preferred = hole.chance(0.5) ? EditKind::Recolour : EditKind::Reshape;
                    std::optional<SceneEdit> edit = editSceneEitherKind(sampler.sceneAt(uint64_t(rows.back())), preferred, hole);
                    if (edit) {
                        captions.back() = captionScene(edit->scene, hole);
                        editRows.push_back(b);
                        if (o.editHidden > 0) {
                            // Scattered, as the targeted edit's scoring passes hide tokens (JobEditing.cpp).
                            const double share = hole.uniform(o.editHidden, 0.95);
                            std::vector<uint8_t> hidden(std::size_t(grid) * std::size_t(grid));
                            for (uint8_t& cell : hidden)
                                cell = hole.uniform() < share;
                            always[b].copy_(torch::tensor(hidden, torch::kBool).view({tokens.size(1), tokens.size(2)}));
                        }
                        editedScenes.push_back(std::move(edit->scene));
                    }
                } else if (objectHoles) {
                    // Its own draws, so that adding it leaves the other options' examples as they were.
                    SceneRng hide(o.seed ^ 0x0B1EC7ull, uint64_t(position));
                    if (hide.uniform() < o.objectHoleFraction) {
                        const std::vector<uint8_t> region = allButOneObjectGroup(sampler.sceneAt(uint64_t(rows.back())), grid, hide);
                        if (!region.empty())
                            always[b].copy_(torch::tensor(region, torch::kBool).view({tokens.size(1), tokens.size(2)}));
                    }
                }
            }
            const torch::Tensor index = torch::tensor(rows, torch::kInt64);
            // The unmasked tokens are the context; the masked ones are scored against `targets` (with
            // --exact-targets a round-tripped scene's exact tokens: the same masks, another answer).
            const torch::Tensor context = tokens.index_select(0, index);
            torch::Tensor targets = base && o.exactTargets ? cache.baseExact.index_select(0, index) : context;
            if (!editedScenes.empty()) {
                // The edited scenes' exact tokens answer wherever the mask falls; the context stays the original's.
                torch::NoGradGuard noGrad;
                const torch::Tensor renders = renderScenes(editedScenes, arch.baseImageSize).to(torch::kFloat32).div(255.0).to(device);
                targets = targets.clone();
                targets.index_copy_(0, torch::tensor(editRows, torch::kInt64), vq->encodeToIndices(renders).cpu().to(targets.dtype()));
            }
            MaskedTokens masked = objective.mask(context, gen, regions, always);
            CaptionBatch text = batcher.make(captions, draws, device);
            // The empty prompt keeps its first encoder's states: guidance's unconditional branch has them.
            for (std::size_t b = 0; b < firstTextDropped.size(); ++b)
                firstTextDropped[b] = firstTextDropped[b] && !text.droppedRows[b];
            text.firstTextDropped = firstTextDropped;

            const double lr = schedule.rateAt(step);
            setLearningRate(optimizer, lr);
            optimizer.zero_grad();
            auto encode = [&](const CaptionBatch& batch) {
                auto first = [&]() {
                    if (base && !o.freezeText)
                        return t5->forward(batch.ids, batch.mask);
                    torch::NoGradGuard noGrad;
                    return t5->forward(batch.ids, batch.mask);
                };
                torch::Tensor states = first();
                if (!batch.firstTextDropped.empty()) {
                    std::vector<float> keep;
                    for (bool dropped : batch.firstTextDropped)
                        keep.push_back(dropped ? 0.0f : 1.0f);
                    states = states * torch::tensor(keep).view({-1, 1, 1}).to(states.device());
                }
                return baseTextStates(states, t5Second, batch.ids, batch.mask);
            };
            const torch::Tensor states = encode(text);
            const torch::Tensor input = masked.input.to(device);
            const torch::Tensor goal = targets.to(device);
            const torch::Tensor where = masked.masked.to(device);
            torch::Tensor logits = base ? baseModel->forwardSelected(input, states, text.mask, where)
                                        : superRes->forwardSelected(input, states, text.mask,
                                                                    cache.baseTokens.index_select(0, index).to(device), where);
            torch::Tensor loss = objective.maskedLoss(logits, goal, where);
            double orderMargin = 0.0;
            if (base && o.orderNegatives > 0) {
                const OrderNegativeBatch negatives{captions, text.droppedRows, negativeChoices, firstTextDropped};
                const OrderNegativeTerm term = orderNegativeTerm(*baseModel, batcher, encode, negatives, input, goal, where, logits);
                if (term.loss.defined()) {
                    loss = loss + o.orderNegatives * term.loss;
                    orderMargin = term.margin;
                }
            }
            loss.backward();
            sync.averageGradients(parameters);
            clipGradientNorm(parameters, o.gradClip);
            stepAdamW(optimizer);
            std::vector<double> logged = {sync.averageScalar(loss.item<double>()), objective.maskedAccuracy(logits, goal, where),
                                          double(text.dropped) / o.batchSize};
            if (base && o.orderNegatives > 0)
                logged.push_back(sync.averageScalar(orderMargin));
            progress.record(step, lr, logged);
            if ((step + 1) % o.checkpointEvery == 0 || step + 1 == last)
                MUSE_RETURN_IF_ERROR(TrainingCheckpoint::save(checkpoint, named, optimizer, step + 1));
        }

        if (o.rank == 0 && (last == o.steps || o.exportOnly)) {
            transformer->eval();
            const nlohmann::json config = transformer->config().toJson();
            if (base) {
                MUSE_RETURN_IF_ERROR(saveComponent((model / "transformer").string(), config, *transformer,
                                                   "model.safetensors", exportDtype(o)));
                MUSE_RETURN_IF_ERROR(saveComponent((model / "text_encoder").string(), textJson.json(), *t5,
                                                   "model.safetensors", exportDtype(o)));
            } else {
                MUSE_RETURN_IF_ERROR(saveComponent((model / "super_res_transformer").string(), config, *transformer,
                                                   "model.safetensors", exportDtype(o)));
            }
            const bool withSuperRes = !base || fs::exists(model / "super_res_transformer" / "config.json");
            MUSE_RETURN_IF_ERROR(writeMuseModelIndex(o.modelDir, withSuperRes, arch.separateSuperResVq(), arch.defaults));
        }
        sync.barrier();
        return progress.summary(last, csv);
    });
}

} // namespace muse
