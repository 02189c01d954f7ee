#include "train/VqTrainer.h"

#include "io/JsonConfig.h"
#include "io/ModuleSaver.h"
#include "io/WeightLoader.h"
#include "muse/SafeTensors.h"
#include "train/GradientSync.h"
#include "train/LearningRateSchedule.h"
#include "train/MultiTensorAdamW.h"
#include "train/TrainingCheckpoint.h"
#include "train/TrainingProgress.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <algorithm>
#include <filesystem>
#include <optional>

namespace fs = std::filesystem;

namespace muse {

namespace {

constexpr double kForegroundWeight = 4.0;
constexpr double kForegroundThreshold = 0.08;

// 1 on the background, 1 + kForegroundWeight where a pixel differs from its image's background
// colour (the per-channel median: backgrounds cover most of every scene).
torch::Tensor foregroundWeight(const torch::Tensor& images)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor background = std::get<0>(images.flatten(2).median(2)).unsqueeze(-1).unsqueeze(-1);
    const torch::Tensor differs = (images - background).abs().amax(1, true).gt(kForegroundThreshold);
    return 1.0 + kForegroundWeight * differs.to(images.scalar_type());
}

// Tokens must be local for the transformers to model them: the encoder sees the whole 64-px image
// (its 8×8 mid block and GroupNorm's per-image statistics), and trained on reconstruction alone it
// gave the same flat white background dozens of different codes within one image, depending on the
// objects elsewhere. The locality term encodes a grid-aligned window on its own and commits its
// latents to the codes the whole image chose there: the codes may not depend on what lies outside
// the window. The whole image's codes are the (fixed) target, so collapsing the encoder does not
// pay; the term ramps in over the first third of training, once the codes mean something.
struct LocalityTerm {
    torch::Tensor loss;
    double agreement = 0; // fraction of window tokens whose code equals the whole image's
};

LocalityTerm localityTerm(VqModel& vq, const torch::Tensor& batch, const torch::Tensor& z, const torch::Tensor& e,
                          const torch::Tensor& ids, torch::Generator& gen)
{
    const int64_t grid = z.size(2), factor = batch.size(2) / grid;
    const int64_t window = std::min<int64_t>(VqTrainer::kLocalityWindow, grid);
    const int64_t ty = torch::randint(0, grid - window + 1, {1}, gen).item<int64_t>();
    const int64_t tx = torch::randint(0, grid - window + 1, {1}, gen).item<int64_t>();
    const torch::Tensor crop =
        batch.slice(2, ty * factor, (ty + window) * factor).slice(3, tx * factor, (tx + window) * factor);
    const torch::Tensor zw = vq->encode(crop);
    const torch::Tensor target = e.detach().slice(2, ty, ty + window).slice(3, tx, tx + window);
    LocalityTerm term;
    term.loss = (zw - target).pow(2).mean() / (z.detach().var() + 1e-6);
    torch::NoGradGuard noGrad;
    const torch::Tensor same = vq->quantizer->nearestCodes(zw).eq(ids.slice(1, ty, ty + window).slice(2, tx, tx + window));
    term.agreement = same.to(torch::kFloat64).mean().item<double>();
    return term;
}

// --init-from-model: the folder's VQ weights, refused when its config is not the architecture's
// (the trainer writes the architecture's config back beside the weights).
Status initFromFolder(VqModel& vq, const fs::path& folder, const nlohmann::json& architecture)
{
    return guarded(folder.string(), [&]() -> Status {
        auto json = JsonConfig::load((folder / "config.json").string());
        if (!json)
            return json.status();
        if (json->json() != architecture)
            return Status(ErrorCode::ConfigMismatch,
                          json->path() + ": was made for another architecture than --size (" + json->json().dump() + ")");
        auto archive = TensorArchive::openFolder(folder.string());
        if (!archive)
            return archive.status();
        torch::NoGradGuard noGrad;
        return loadModuleWeights(*vq, *archive);
    });
}

} // namespace

VqTrainer::VqTrainer(VqRole role, TrainOptions options) : m_role(role), m_options(std::move(options)) {}

Result<TrainSummary> VqTrainer::run(const TrainLogCallback& log)
{
    const bool superRes = m_role == VqRole::SuperRes;
    const std::string stage = superRes ? "superres-vq" : "vq";
    const std::string component = superRes ? "super_res_vqvae" : "vqvae";
    return guarded("muse train " + stage, [&]() -> Result<TrainSummary> {
        // Training needs gradients whatever the caller's thread had switched off.
        torch::AutoGradMode gradients(true);
        const TrainArchitecture arch = trainArchitecture(m_options.size);
        if (superRes && !arch.separateSuperResVq())
            return Status(ErrorCode::InvalidArgument, "the " + m_options.size +
                                                          " architecture has no super-res VQ of its own (its super-res stage "
                                                          "tokenizes with the base VQ); train it with `muse train vq`");
        const nlohmann::json& config = superRes ? arch.superResVq : arch.vq;
        const TrainOptions o = withStageDefaults(m_options, superRes ? arch.superResVqStage : arch.vqStage);
        auto device = resolveTrainDevice(o.device);
        if (!device)
            return device.status();
        auto sync = GradientSync::join(o.storePath, o.rank, o.worldSize);
        if (!sync)
            return sync.status();
        fs::create_directories(o.workDir);
        torch::manual_seed(o.seed);

        auto built = buildVqModel(JsonConfig::fromJson(config, component + "/config.json"));
        if (!built)
            return built.status();
        VqModel vq = built.takeValue();
        if (o.vqDecoderOnly && !o.initFromModel)
            return Status(ErrorCode::InvalidArgument, "--vq-decoder-only fine-tunes the decoder of the model folder's " +
                                                          component + ": it needs --init-from-model");
        const std::string checkpoint = checkpointPath(o, stage);
        if (o.initFromModel && !(o.resume && fs::exists(checkpoint)))
            MUSE_RETURN_IF_ERROR(initFromFolder(vq, fs::path(o.modelDir) / component, config));
        vq->to(*device);
        vq->train();
        // The trained parameters: all of them, or with --vq-decoder-only those after the codebook.
        std::vector<torch::Tensor> parameters = vq->parameters();
        if (o.vqDecoderOnly) {
            for (auto& p : parameters)
                p.set_requires_grad(false);
            parameters = vq->post_quant_conv->parameters();
            for (const auto& p : vq->decoder->parameters())
                parameters.push_back(p);
            for (auto& p : parameters)
                p.set_requires_grad(true);
        }
        sync->broadcast(vq->parameters());

        if (log)
            log(stage + ": rendering " + std::to_string(arch.vqPoolScenes) + " training scenes at " +
                std::to_string(arch.superResImageSize) + " px");
        const SceneSampler sampler = trainingSampler(o.seed, o.paintJitter);
        const torch::Tensor pool = renderScenes(sampler, 0, arch.vqPoolScenes, arch.superResImageSize);
        const int big = arch.superResImageSize, small = arch.baseImageSize, factor = big / small;
        // Crops start on the token grid: the scenes' layout grid puts every object at the same offset
        // from the tokens in the 64- and 128-px images the VQ will tokenize, and crops at other
        // offsets would spend codes on placements it never has to encode.
        const int64_t tokenPixels = vq->downscaleFactor();
        const int64_t cropOffsets = (big - small) / tokenPixels + 1;
        // A tiled encoder is local by construction (encoder_tile_tokens): no locality term to add.
        const bool tiled = vq->config().encoderTileTokens > 0;

        torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(o.learningRate)
                                                            .betas({0.9, 0.99})
                                                            .weight_decay(0.0));
        // "vqvae" in both roles: the checkpoint of a one-VQ run resumes as a super-res VQ.
        std::vector<NamedModule> modules = {{"vqvae", vq.get()}};
        int start = 0;
        if (o.resume && fs::exists(checkpoint)) {
            auto step = TrainingCheckpoint::load(checkpoint, modules, optimizer);
            if (!step)
                return step.status();
            start = *step;
        }
        MUSE_RETURN_IF_ERROR(sync->checkSameStep(start, checkpoint));
        const LearningRateSchedule schedule(o.learningRate, o.warmupSteps, o.steps);
        const std::string csv = (fs::path(o.workDir) / (stage + "-loss.csv")).string();
        TrainingProgress progress(stage, o.rank == 0 ? csv : std::string(),
                                  {"loss", "l1", "l2", "codebook", "commit", "locality", "psnr", "codes_used", "local_agree"}, start, o.steps,
                                  o.logEvery, o.rank == 0 ? log : TrainLogCallback(), o.resume);
        DataOrder order(arch.vqPoolScenes, o.seed);
        const int64_t codes = vq->codebookSize();
        torch::Tensor usage = torch::zeros({codes}, torch::kInt64);
        const int last = o.stopAtStep > 0 ? std::min(o.stopAtStep, o.steps) : o.steps;
        for (int step = start; step < last; ++step) {
            torch::Generator gen = stepGenerator(o.seed, 1, step);
            std::vector<torch::Tensor> images;
            for (int b = 0; b < o.batchSize; ++b) {
                const int64_t position = (int64_t(step) * o.worldSize + o.rank) * o.batchSize + b;
                torch::Tensor full = pool[order.indexAt(position)].to(torch::kFloat32).div(255.0).unsqueeze(0);
                // From scratch, half the images at each scale (so one VQ can serve both stages; the
                // shipped super-res VQ was trained so too). A decoder behind fixed codes learns only what
                // its role decodes: crops of 128-px scenes (super-res) or the 64-px scenes (base).
                const double draw = torch::rand({1}, gen).item<double>();
                const bool downscaled = o.vqDecoderOnly ? !superRes : draw < 0.5;
                if (downscaled) {
                    images.push_back(torch::avg_pool2d(full, factor));
                } else {
                    const int64_t y = torch::randint(0, cropOffsets, {1}, gen).item<int64_t>() * tokenPixels;
                    const int64_t x = torch::randint(0, cropOffsets, {1}, gen).item<int64_t>() * tokenPixels;
                    images.push_back(full.slice(2, y, y + small).slice(3, x, x + small));
                }
            }
            const torch::Tensor batch = torch::cat(images).to(*device);

            const double lr = schedule.rateAt(step);
            setLearningRate(optimizer, lr);
            optimizer.zero_grad();
            torch::Tensor z;
            torch::Tensor ids;
            {
                // With --vq-decoder-only the codes are fixed: no graph through the encoder.
                std::optional<torch::NoGradGuard> frozen;
                if (o.vqDecoderOnly)
                    frozen.emplace();
                z = vq->encode(batch);
            }
            {
                torch::NoGradGuard noGrad;
                ids = vq->quantizer->nearestCodes(z);
            }
            torch::Tensor e = vq->quantizer->lookup(ids);
            torch::Tensor codebookLoss = torch::mse_loss(e, z.detach());
            torch::Tensor commitLoss = torch::mse_loss(z, e.detach());
            torch::Tensor zq = z + (e - z).detach(); // straight-through
            torch::Tensor recon = vq->decodeQuantized(zq);
            // Objects cover a tenth of the pixels; unweighted, the background's gradient dominates and
            // the decoder first learns to paint the mean background, carrying object colours late.
            const torch::Tensor weight = foregroundWeight(batch);
            torch::Tensor l1 = ((recon - batch).abs() * weight).mean();
            torch::Tensor l2 = (recon - batch).pow(2).mean();
            torch::Tensor l2w = ((recon - batch).pow(2) * weight).mean();
            // The codebook, commitment and locality terms shape the codes: with --vq-decoder-only
            // they are constants, left out.
            const bool codesTrained = !o.vqDecoderOnly;
            const LocalityTerm locality = tiled || !codesTrained ? LocalityTerm{torch::zeros({}, z.options()), 1.0}
                                                                 : localityTerm(vq, batch, z, e, ids, gen);
            const double localityWeight = kLocalityWeight * std::clamp((3.0 * step / o.steps - 0.3) / 0.7, 0.0, 1.0);
            torch::Tensor loss = l1 + l2w;
            if (codesTrained)
                loss = loss + codebookLoss + kCommitmentWeight * commitLoss;
            if (codesTrained && !tiled && localityWeight > 0.0) // before the ramp the term is only measured (local_agree)
                loss = loss + localityWeight * locality.loss;
            loss.backward();
            sync->averageGradients(parameters);
            clipGradientNorm(parameters, o.gradClip);
            stepAdamW(optimizer);

            usage += torch::bincount(ids.reshape({-1}).cpu(), {}, codes);
            if (codesTrained && sync->worldSize() > 1 && (step + 1) % kRestartWindow == 0)
                sync->broadcast({usage}); // every rank restarts the same (rank 0's) dead codes
            const double codesUsed = double((usage > 0).sum().item<int64_t>());
            if ((step + 1) % kRestartWindow == 0) {
                // Dead codes: every rank restarts the same codes onto rank 0's latents.
                torch::NoGradGuard noGrad;
                torch::Tensor dead = (usage == 0).nonzero().squeeze(1);
                if (codesTrained && dead.numel() > 0) {
                    torch::Tensor flat = z.detach().permute({0, 2, 3, 1}).reshape({-1, z.size(1)});
                    torch::Tensor pick = torch::randint(0, flat.size(0), {dead.numel()}, gen).to(flat.device());
                    torch::Tensor fresh = flat.index_select(0, pick) + 0.01 * torch::randn({dead.numel(), z.size(1)}, gen).to(flat.device());
                    sync->broadcast({fresh});
                    vq->quantizer->embedding->weight.index_copy_(0, dead.to(flat.device()), fresh);
                }
                usage.zero_();
            }
            const double mse = sync->averageScalar(l2.item<double>());
            const double psnr = 10.0 * std::log10(1.0 / std::max(mse, 1e-10));
            progress.record(step, lr,
                            {sync->averageScalar(loss.item<double>()), l1.item<double>(), mse, codebookLoss.item<double>(),
                             commitLoss.item<double>(), locality.loss.item<double>(), psnr, codesUsed,
                             sync->averageScalar(locality.agreement)});
            if ((step + 1) % o.checkpointEvery == 0 || step + 1 == last)
                MUSE_RETURN_IF_ERROR(TrainingCheckpoint::save(checkpoint, modules, optimizer, step + 1));
        }
        if (o.rank == 0 && last == o.steps) {
            vq->eval();
            MUSE_RETURN_IF_ERROR(saveComponent((fs::path(o.modelDir) / component).string(), config, *vq,
                                               "diffusion_pytorch_model.safetensors",
                                               exportDtype(o)));
        }
        return progress.summary(last, csv);
    });
}

} // namespace muse
