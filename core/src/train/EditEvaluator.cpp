#include "train/EditEvaluator.h"

#include "muse/Engine.h"
#include "muse/Image.h"
#include "pipeline/ImageTensor.h"
#include "pipeline/ModelStack.h"
#include "train/EvalReport.h"
#include "train/EvalRun.h"
#include "train/SceneDetector.h"
#include "train/SceneEdit.h"
#include "train/SyntheticScenes.h"
#include "util/LoadError.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace fs = std::filesystem;

namespace muse {

namespace {

struct Preservation {
    double exact = 1.0; // share of the pixels considered with exactly the input's value
    double close = 1.0; // ... within 16 levels in every channel (a token redrawn as it was)
};

// The pixels farther than `margin` (image fractions) from every changed object's bounding square:
// how many kept their value.
Preservation keptAwayFromChanges(const Image& input, const Image& output, const Scene& scene, const std::vector<int>& changed,
                                 double margin)
{
    long exact = 0, close = 0, total = 0;
    for (int y = 0; y < input.height; ++y)
        for (int x = 0; x < input.width; ++x) {
            const double fx = (x + 0.5) / input.width, fy = (y + 0.5) / input.height;
            const bool near = std::any_of(changed.begin(), changed.end(), [&](int i) {
                const SceneObject& o = scene.objects[i];
                const double half = o.extent / 2 + margin;
                return std::abs(fx - o.x) <= half && std::abs(fy - o.y) <= half;
            });
            if (near)
                continue;
            ++total;
            const uint8_t* a = input.pixel(x, y);
            const uint8_t* b = output.pixel(x, y);
            exact += std::equal(a, a + 3, b);
            close += std::abs(int(a[0]) - int(b[0])) <= 16 && std::abs(int(a[1]) - int(b[1])) <= 16 &&
                     std::abs(int(a[2]) - int(b[2])) <= 16;
        }
    if (total == 0)
        return {};
    return {double(exact) / double(total), double(close) / double(total)};
}

// 255 over the bounding squares of the changed objects, grown by `margin` (image fractions).
Image maskOverObjects(const Scene& scene, const std::vector<int>& changed, int size, double margin)
{
    Image mask(size, size, 1, 0);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double fx = (x + 0.5) / size, fy = (y + 0.5) / size;
            for (int i : changed) {
                const SceneObject& o = scene.objects[i];
                const double half = o.extent / 2 + margin;
                if (std::abs(fx - o.x) <= half && std::abs(fy - o.y) <= half)
                    mask.pixel(x, y)[0] = 255;
            }
        }
    return mask;
}

// The side whose outer `share` of the image holds the most whole objects (their bounding squares;
// ties: the first of right, left, bottom, top from `first` on); nullopt when no side holds one.
std::optional<Margins> outpaintSide(const Scene& scene, double share, int pixels, int first)
{
    int best = -1, bestCount = 0;
    for (int k = 0; k < 4; ++k) {
        const int side = (first + k) % 4;
        int count = 0;
        for (const SceneObject& o : scene.objects) {
            const double half = o.extent / 2;
            count += side == 0 ? o.x - half > 1 - share
                   : side == 1 ? o.x + half < share
                   : side == 2 ? o.y - half > 1 - share
                               : o.y + half < share;
        }
        if (count > bestCount) {
            best = side;
            bestCount = count;
        }
    }
    if (best < 0)
        return std::nullopt;
    Margins m;
    (best == 0 ? m.right : best == 1 ? m.left : best == 2 ? m.bottom : m.top) = pixels;
    return m;
}

// The scene with each object moved to where `detected` drew it: an unused detection of its colour and
// shape, nearest first. nullopt when one has none (the image is not the scene).
std::optional<Scene> placedAsDrawn(const Scene& scene, const DetectedScene& detected)
{
    Scene placed = scene;
    std::vector<bool> used(detected.objects.size(), false);
    for (SceneObject& o : placed.objects) {
        int best = -1;
        double bestDistance = 0.0;
        for (std::size_t k = 0; k < detected.objects.size(); ++k) {
            const DetectedObject& d = detected.objects[k];
            if (used[k] || d.color != o.color || d.shape != o.shape)
                continue;
            const double distance = std::hypot(d.x - o.x, d.y - o.y);
            if (best < 0 || distance < bestDistance) {
                best = int(k);
                bestDistance = distance;
            }
        }
        if (best < 0)
            return std::nullopt;
        used[std::size_t(best)] = true;
        const DetectedObject& d = detected.objects[std::size_t(best)];
        o.x = d.x;
        o.y = d.y;
        o.extent = d.extent;
    }
    return placed;
}

Image cropAway(const Image& image, const Margins& m)
{
    Image out(image.width - m.left - m.right, image.height - m.top - m.bottom, image.channels);
    for (int y = 0; y < out.height; ++y)
        std::copy(image.pixel(m.left, y + m.top), image.pixel(m.left, y + m.top) + out.width * image.channels, out.pixel(0, y));
    return out;
}

std::string fileName(std::size_t index, const char* suffix)
{
    char name[40];
    std::snprintf(name, sizeof name, "%04zu%s.png", index, suffix);
    return name;
}

} // namespace

EditEvaluator::EditEvaluator(EvalOptions options) : m_options(std::move(options)) {}

Result<EvalSummary> EditEvaluator::run(const TrainLogCallback& log)
{
    return guarded(std::string("muse eval --task ") + evalTaskName(m_options.task), [&]() -> Result<EvalSummary> {
        const EvalOptions& o = m_options;
        Engine engine(evalEngineOptions(o));
        MUSE_RETURN_IF_ERROR(engine.loadModel(o.modelDir));
        const ModelDescription& model = engine.model();
        const fs::path imagesDir = makeEvalFolders(o);

        // Not the training scenes themselves (seed 0 of the training split), but their distribution.
        const std::vector<LabeledScene> scenes = generateEvalScenes(o.count, o.seed + 1, SceneSplit::Train);
        const bool outpainting = o.task == EvalOptions::Task::Outpaint;
        const int size = model.nativeWidth;
        // The round trip through the last stage's VQ needs the model's own VQ, which the engine
        // keeps to itself: a second copy of the (small) stack.
        const bool generated = o.editInput == EvalOptions::EditInput::Generated;
        std::unique_ptr<ModelStack> stack;
        if (o.editInput == EvalOptions::EditInput::RoundTrip)
            stack = take(loadModelStack(model.path, model.device, Precision::Float32));
        auto asInput = [&](const Image& render) {
            if (!stack)
                return render;
            c10::InferenceMode inference;
            const int last = stack->stageCount() - 1;
            const torch::Tensor image = imageToTensor(render, stack->device());
            return tensorToImage(stack->decodeImage(last, stack->encodeImage(last, image)).clamp(0.0, 1.0));
        };
        EvalReport inputs; // the inputs judged against the scene before the change
        const SceneDetector detector;
        EvalReport report, recoloured, reshaped;
        double exactSum = 0.0, closeSum = 0.0, seconds = 0.0;
        int edits = 0;
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            SceneRng rng(o.seed, i);
            PromptSettings settings = evalPromptSettings(o, o.seed + i);
            // What is edited, and the scene with its objects where that image has them.
            Image render;
            Scene located = scenes[i].scene;
            if (generated) {
                GenerateRequest g;
                g.settings = settings;
                g.settings.prompt = scenes[i].caption;
                auto made = engine.run(g);
                if (!made)
                    return made.status().withContext("generate \"" + scenes[i].caption + "\"");
                render = made->images.front();
                const DetectedScene found = detector.detect(render); // once, for the verdict and the places
                const Judgement before = judgeDetection(scenes[i].scene, found);
                inputs.add(before, scenes[i].scene.kind);
                std::optional<Scene> drawn = before.all == Verdict::Right ? placedAsDrawn(scenes[i].scene, found) : std::nullopt;
                if (!drawn)
                    continue; // an edit of a wrong image would be judged for the generation's mistakes
                located = *drawn;
            } else {
                render = asInput(renderScene(scenes[i].scene, size));
            }
            std::optional<SceneEdit> edit;
            Image input = render;
            AnyRequest request;
            if (outpainting) {
                const std::optional<Margins> side = outpaintSide(located, 0.5, size / 2, int(i % 4));
                if (!side)
                    continue;
                edit = SceneEdit{located, {}, EditKind::Recolour, "outpaint"};
                input = cropAway(render, *side);
                OutpaintRequest r;
                r.settings = settings;
                r.settings.prompt = scenes[i].caption;
                r.image = input;
                r.margins = *side;
                request = r;
            } else {
                const EditKind preferred = i % 2 == 0 ? EditKind::Recolour : EditKind::Reshape;
                edit = editSceneEitherKind(located, preferred, rng);
                if (!edit)
                    continue;
                settings.prompt = captionScene(edit->scene, rng);
                if (o.task == EvalOptions::Task::Inpaint && o.promptChangedOnly)
                    settings.prompt = objectsCaption(edit->scene, edit->changed, rng);
                if (o.task == EvalOptions::Task::Inpaint) {
                    InpaintRequest r;
                    r.settings = settings;
                    r.image = render;
                    // Half a base token around each changed object, then whole tokens (the engine).
                    r.mask = maskOverObjects(located, edit->changed, size, 0.0625);
                    request = r;
                } else {
                    EditRequest r;
                    r.settings = settings;
                    r.method = o.editMethod;
                    r.strength = o.editStrength;
                    r.image = render;
                    request = r;
                }
            }
            const std::string prompt = requestSettings(request).prompt;
            const auto started = std::chrono::steady_clock::now();
            auto result = engine.run(request);
            if (!result)
                return result.status().withContext(std::string(requestModeName(request)) + " \"" + prompt + "\"");
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const Image& output = result->images.front();
            const Judgement judgement = judgeImage(edit->scene, output);
            const std::string item = fileName(i, "") + " (" + edit->description + ") \"" + prompt + "\"";
            report.add(judgement, edit->scene.kind, item);
            if (!outpainting) {
                if (!generated)
                    inputs.add(judgeImage(scenes[i].scene, render), scenes[i].scene.kind);
                (edit->kind == EditKind::Recolour ? recoloured : reshaped).add(judgement, edit->scene.kind, item);
                // One base token (an eighth of the image) around each changed object may change with it.
                const Preservation kept = keptAwayFromChanges(render, output, edit->scene, edit->changed, 0.125);
                exactSum += kept.exact;
                closeSum += kept.close;
            }
            ++edits;
            if (o.saveImages) {
                MUSE_RETURN_IF_ERROR(writePng((imagesDir / fileName(i, "-input")).string(), input));
                MUSE_RETURN_IF_ERROR(writePng((imagesDir / fileName(i, "")).string(), output));
            }
            if (log && (edits % 20 == 0 || i + 1 == scenes.size()))
                log(std::string("eval --task ") + evalTaskName(o.task) + ": " + std::to_string(i + 1) + "/" +
                    std::to_string(scenes.size()) + " all right so far " +
                    std::to_string(int(report.allRightRate() * 1000.0 + 0.5) / 10.0) + " %");
        }

        EvalSummary summary = report.summary(edits > 0 ? seconds / edits : 0.0);
        std::vector<EvalExtra> extras = {
            {"model", model.path},
            {"task", evalTaskName(o.task)},
            {"judged_scenes", double(edits)},
            {"scenes", "training distribution, seed " + std::to_string(o.seed + 1) +
                           (generated ? ", generated by the model from their captions at "
                                      : ", rendered at ") +
                           std::to_string(size) + " px" +
                           (o.editInput == EvalOptions::EditInput::RoundTrip ? ", through the model's VQ and back" : "")},
            {"seed", double(o.seed)},
            {"seconds_per_image", summary.secondsPerImage},
            {"device", model.device},
        };
        if (o.task == EvalOptions::Task::Edit) {
            extras.emplace_back("edit_method", editMethodName(o.editMethod));
            extras.emplace_back("strength", double(o.editStrength));
        }
        if (o.task == EvalOptions::Task::Inpaint)
            extras.emplace_back("prompt", o.promptChangedOnly ? "the changed objects only" : "the whole new scene's caption");
        if (outpainting)
            extras.emplace_back("cut_off", "the half of the image on the side with the most whole objects");
        if (generated)
            extras.emplace_back("generated_inputs_judged_right_pct", 100.0 * inputs.allRightRate());
        if (!outpainting && !generated && edits > 0) // how many inputs read right before the edit: its ceiling
            extras.emplace_back("inputs_all_right_before_the_change_pct", 100.0 * inputs.allRightRate());
        if (!outpainting && edits > 0) {
            extras.emplace_back("pixels_kept_away_from_changes_pct", 100.0 * exactSum / edits);
            extras.emplace_back("pixels_within_16_away_from_changes_pct", 100.0 * closeSum / edits);
        }
        for (const auto& [name, r] : {std::pair<const char*, const EvalReport*>{"recolour", &recoloured}, {"reshape", &reshaped}}) {
            if (r->imageCount() == 0)
                continue;
            extras.emplace_back(std::string(name) + "_scenes", double(r->imageCount()));
            r->addAttributeRows(extras, name);
        }
        MUSE_RETURN_IF_ERROR(report.write((fs::path(o.outDir) / "report").string(), o.title, extras));
        summary.markdown = report.toMarkdown(o.title, extras);
        return summary;
    });
}

} // namespace muse
