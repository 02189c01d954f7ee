#include "train/EvalRun.h"

namespace muse {

EngineOptions evalEngineOptions(const EvalOptions& options)
{
    EngineOptions engineOptions;
    engineOptions.device = options.device;
    engineOptions.previews = false;
    return engineOptions;
}

PromptSettings evalPromptSettings(const EvalOptions& options, uint64_t seed)
{
    PromptSettings settings;
    settings.seed = seed;
    settings.steps = options.steps;
    settings.superResSteps = options.superResSteps;
    settings.guidanceScale = options.guidanceScale;
    settings.guidanceMode = options.guidanceMode;
    if (options.temperature >= 0.0f)
        settings.temperature = options.temperature;
    return settings;
}

std::filesystem::path makeEvalFolders(const EvalOptions& options)
{
    const std::filesystem::path imagesDir = std::filesystem::path(options.outDir) / "images";
    std::filesystem::create_directories(options.outDir);
    if (options.saveImages)
        std::filesystem::create_directories(imagesDir);
    return imagesDir;
}

} // namespace muse
