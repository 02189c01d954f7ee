#include "train/StageCeilings.h"

#include "muse/Image.h"
#include "pipeline/ImageTensor.h"
#include "pipeline/JobRunner.h"
#include "pipeline/ModelStack.h"
#include "train/SceneDetector.h"
#include "util/LoadError.h"

#include <c10/core/InferenceMode.h>

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

Result<StageCeilings> stageCeilings(const std::string& modelDir, const std::vector<LabeledScene>& scenes,
                                    const PromptSettings& settings, const std::string& device,
                                    const std::vector<std::string>& itemNames, const std::string& imagesDir)
{
    return guarded(modelDir, [&]() -> Result<StageCeilings> {
        c10::InferenceMode inference;
        std::unique_ptr<ModelStack> stack = take(loadModelStack(modelDir, device, Precision::Float32));
        const ModelDescription& model = stack->description();
        const EngineOptions options;
        const ProgressCallback noProgress;
        JobRunner runner(*stack, model, options, noProgress, nullptr);
        const int last = stack->stageCount() - 1;
        const int baseSize = model.nativeWidth / (last > 0 ? stack->superResFactor() : 1) /
                             stack->pixelsPerToken(last) * stack->pixelsPerToken(0);
        // A render through one stage's VQ and back.
        auto roundTrip = [&](int stage, const torch::Tensor& image) {
            return stack->decodeImage(stage, stack->encodeImage(stage, image)).clamp(0.0, 1.0);
        };
        StageCeilings out;
        if (!imagesDir.empty())
            for (const char* folder : {"vq-round-trip", "super-res-from-true-base", "base-vq-round-trip"})
                if (last > 0 || std::string(folder) == "vq-round-trip")
                    fs::create_directories(fs::path(imagesDir) / folder);
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            const Scene& scene = scenes[i].scene;
            const std::string item = i < itemNames.size() ? itemNames[i] : std::to_string(i);
            // Judges `image` into `report`, keeping it under imagesDir/folder when asked to.
            auto judge = [&](EvalReport& report, const char* folder, const Image& image) {
                report.add(judgeImage(scene, image), scene.kind, item);
                if (imagesDir.empty())
                    return;
                const fs::path dir = fs::path(imagesDir) / folder;
                if (Status written = writePng((dir / item).string(), image); !written.isOk())
                    throw LoadError(written);
            };
            const torch::Tensor truth = imageToTensor(renderScene(scene, model.nativeWidth), stack->device());
            const torch::Tensor decoded = roundTrip(last, truth);
            // decodeImage hands back a CPU tensor (for images), the render is on the stack's device.
            const double mse = (decoded - truth.to(decoded.device())).pow(2).mean().item<double>();
            out.vqPsnr += 10.0 * std::log10(1.0 / std::max(mse, 1e-10)) / double(scenes.size());
            judge(out.vqRoundTrip, "vq-round-trip", tensorToImage(decoded));
            if (last == 0)
                continue;
            PromptSettings one = settings;
            one.prompt = scenes[i].caption;
            one.seed = settings.seed + i;
            const Image small = renderScene(scene, baseSize);
            judge(out.superResFromTrueBase, "super-res-from-true-base", take(runner.superResolve(one, small)));
            out.baseRender.add(judgeImage(scene, small), scene.kind, item);
            judge(out.baseVqRoundTrip, "base-vq-round-trip",
                  tensorToImage(roundTrip(0, imageToTensor(small, stack->device()))));
        }
        return out;
    });
}

} // namespace muse
