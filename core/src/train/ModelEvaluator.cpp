#include "train/ModelEvaluator.h"

#include "image/AtomicFile.h"
#include "muse/Engine.h"
#include "muse/Image.h"
#include "train/EvalReport.h"
#include "train/EvalRun.h"
#include "train/StageCeilings.h"
#include "train/SyntheticScenes.h"
#include "train/TeacherForcedAccuracy.h"
#include "train/TextOrderProbe.h"
#include "util/LoadError.h"


#include <chrono>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

std::string imageName(std::size_t index)
{
    char name[32];
    std::snprintf(name, sizeof name, "%04zu.png", index);
    return name;
}

} // namespace

ModelEvaluator::ModelEvaluator(EvalOptions options) : m_options(std::move(options)) {}

Result<EvalSummary> ModelEvaluator::run(const TrainLogCallback& log)
{
    return guarded("muse eval", [&]() -> Result<EvalSummary> {
        const EvalOptions& o = m_options;
        Engine engine(evalEngineOptions(o));
        MUSE_RETURN_IF_ERROR(engine.loadModel(o.modelDir));
        const ModelDescription& model = engine.model();
        const fs::path imagesDir = makeEvalFolders(o);

        const std::vector<LabeledScene> scenes = generateEvalScenes(o.count, o.seed, o.heldOut ? SceneSplit::HeldOut : SceneSplit::Train);
        // Each scene's file name, for its generated image and the stage ceilings' failures and images.
        std::vector<std::string> names;
        for (std::size_t i = 0; i < scenes.size(); ++i)
            names.push_back(imageName(i));
        const PromptSettings settings = evalPromptSettings(o, o.seed);
        EvalReport report;
        // Scenes with a held-out colour–shape pair apart from those whose only held-out combination
        // is a relation triple: whether new pairs or new relations are what the model gets wrong.
        EvalReport withHeldOutPair, tripleOnly;
        double generationSeconds = 0.0;
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            GenerateRequest request;
            request.settings = settings;
            request.settings.prompt = scenes[i].caption;
            request.settings.seed = o.seed + i;
            const auto started = std::chrono::steady_clock::now();
            auto result = engine.generate(request);
            if (!result)
                return result.status().withContext("caption \"" + scenes[i].caption + "\"");
            generationSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const Image& image = result->images.front();
            const std::string& name = names[i];
            const Judgement judgement = judgeImage(scenes[i].scene, image);
            report.add(judgement, scenes[i].scene.kind, name + " \"" + scenes[i].caption + "\"");
            if (o.heldOut)
                (hasHeldOutPair(scenes[i].scene) ? withHeldOutPair : tripleOnly).add(judgement, scenes[i].scene.kind);
            if (o.saveImages)
                MUSE_RETURN_IF_ERROR(writePng((imagesDir / name).string(), image));
            if (log && ((i + 1) % 20 == 0 || i + 1 == scenes.size()))
                log("eval: " + std::to_string(i + 1) + "/" + std::to_string(scenes.size()) + " all right so far " +
                    std::to_string(int(report.allRightRate() * 1000.0 + 0.5) / 10.0) + " %");
        }

        EvalSummary summary = report.summary(scenes.empty() ? 0.0 : generationSeconds / double(scenes.size()));
        // The true renders through the VQ and super-res from their true base tokens, judged like the
        // generated images (percent): the ceiling the VQ sets, and what super-res loses on its own.
        auto ceilings = stageCeilings(model.path, scenes, settings, model.device, names,
                                      o.saveImages ? (fs::path(o.outDir) / "ceilings").string() : std::string());
        summary.vqPsnr = ceilings ? ceilings->vqPsnr : 0.0;

        std::vector<EvalExtra> extras = {
            {"model", model.path},
            {o.heldOut ? "held_out_captions" : "training_distribution_captions", double(scenes.size())},
            {"seed", double(o.seed)},
            {"image_size", double(model.nativeWidth)},
            {"steps", double(o.steps > 0 ? o.steps : model.defaultSteps)},
            {"super_res_steps", double(o.superResSteps > 0 ? o.superResSteps : model.defaultSuperResSteps)},
            {"guidance_scale", double(o.guidanceScale > 0 ? o.guidanceScale : model.defaultGuidance)},
            {"guidance_mode", o.guidanceMode == GuidanceMode::ModelDefault
                                  ? std::string(guidanceModeName(model.defaultGuidanceMode))
                                  : std::string(guidanceModeName(o.guidanceMode))},
            {"temperature", double(o.temperature >= 0.0f ? o.temperature : PromptSettings().temperature)},
            {"vq_psnr_db", summary.vqPsnr},
            {"seconds_per_image", summary.secondsPerImage},
            {"device", model.device},
        };
        if (model.family == "muse") {
            // Teacher-forced accuracy of the base transformer on the same held-out scenes (percent).
            // A diagnostic: a folder it cannot read (say, another text encoder) keeps the judged
            // report and says why the rows are missing.
            auto forced = teacherForcedAccuracy(model.path, scenes, {0.1, 0.5, 0.9, 1.0}, o.seed, torch::Device(model.device));
            if (!forced) {
                extras.emplace_back("teacher_forced", "skipped: " + forced.status().message());
                if (log)
                    log("eval: teacher-forced accuracy skipped: " + forced.status().message());
            }
            for (const MaskRateAccuracy& a : forced ? *forced : std::vector<MaskRateAccuracy>()) {
                const std::string rate = std::to_string(int(std::lround(a.rate * 100)));
                extras.emplace_back("teacher_forced_object_acc_masked_" + rate + "pct", 100.0 * a.objectAccuracy);
                extras.emplace_back("teacher_forced_background_acc_masked_" + rate + "pct", 100.0 * a.backgroundAccuracy);
            }
            // Does the text encoder read word order at all (0 = a bag of words; TextOrderProbe.h)?
            std::vector<std::string> captions;
            for (const auto& s : scenes)
                captions.push_back(s.caption);
            if (auto order = textOrderSensitivity(model.path, captions); order && order->captions > 0)
                extras.emplace_back("text_order_sensitivity", order->meanRelativeChange);
            // ... and does the base transformer use it (TextOrderProbe.h)?
            if (auto margin = swappedCaptionMargin(model.path, scenes, torch::Device(model.device)); margin && margin->scenes > 0)
                extras.emplace_back("swapped_caption_margin_nats", margin->natsPerObjectToken);
            if (auto margin = swappedCaptionMargin(model.path, scenes, torch::Device(model.device), withRelationReversed);
                margin && margin->scenes > 0)
                extras.emplace_back("reversed_relation_margin_nats", margin->natsPerObjectToken);
            if (auto margin = swappedCaptionMargin(model.path, scenes, torch::Device(model.device), withRelationReversed, true);
                margin && margin->scenes > 0)
                extras.emplace_back("reversed_relation_margin_object_shown_nats", margin->natsPerObjectToken);
            // The relation's sides exchanged, split by which side the caption names first: a model that
            // places the first-named object on top by word order alone is positive on one half and
            // negative on the other; one that reads the relation, positive on both.
            for (const bool upperFirst : {true, false}) {
                std::vector<LabeledScene> named;
                for (const auto& s : scenes)
                    if (namesUpperObjectFirst(s.caption) == upperFirst)
                        named.push_back(s);
                if (auto margin = swappedCaptionMargin(model.path, named, torch::Device(model.device), withRelationSidesSwapped);
                    margin && margin->scenes > 0)
                    extras.emplace_back(std::string("relation_sides_swapped_margin_") + (upperFirst ? "upper" : "lower") +
                                            "_first_nats",
                                        margin->natsPerObjectToken);
            }
        }
        if (!ceilings)
            extras.emplace_back("stage_ceilings", "skipped: " + ceilings.status().message());
        withHeldOutPair.addAttributeRows(extras, "held_out_pair");
        tripleOnly.addAttributeRows(extras, "held_out_triple_only");
        if (ceilings) {
            ceilings->vqRoundTrip.addAttributeRows(extras, "vq_round_trip");
            ceilings->superResFromTrueBase.addAttributeRows(extras, "super_res_from_true_base");
            ceilings->baseRender.addAttributeRows(extras, "base_render");
            ceilings->baseVqRoundTrip.addAttributeRows(extras, "base_vq_round_trip");
        }
        MUSE_RETURN_IF_ERROR(report.write((fs::path(o.outDir) / "report").string(), o.title, extras));
        if (ceilings) {
            // What each ceiling got wrong, scene by scene (the same file names as the generated images).
            std::string text = "# Stage ceilings: the failures\n\nThe true renders of the same captions through the "
                               "later stages (see report.md, `vq_round_trip_*` and below); at most the first 25 failures of each.\n";
            for (const auto& [title, r] : {std::pair<const char*, const EvalReport*>{"VQ round trip", &ceilings->vqRoundTrip},
                                           {"Super-res from the true base tokens", &ceilings->superResFromTrueBase},
                                           {"The true base-size render", &ceilings->baseRender},
                                           {"Base VQ round trip", &ceilings->baseVqRoundTrip}}) {
                if (r->imageCount() == 0)
                    continue;
                text += "\n## " + std::string(title) + ": " + std::to_string(r->tally(Attribute::All).right) + " / " +
                        std::to_string(r->imageCount()) + " right\n\n";
                for (const EvalReport::Failure& f : r->failures())
                    text += "- `" + f.item + "`: " + f.explanation + "\n";
            }
            MUSE_RETURN_IF_ERROR(writeTextFileAtomically((fs::path(o.outDir) / "ceilings.md").string(), text));
        }
        summary.markdown = report.toMarkdown(o.title, extras);
        return summary;
    });
}

} // namespace muse
