#pragma once
// What `muse eval`'s evaluators (generation, ModelEvaluator; editing, EditEvaluator) set up alike:
// the engine's options, the request settings the options override, and the report folders.

#include "muse/Engine.h"
#include "muse/Training.h"

#include <filesystem>

namespace muse {

// The device asked for, no previews (nobody watches them).
EngineOptions evalEngineOptions(const EvalOptions& options);
// Steps, super-res steps, guidance and temperature from the options (the model's defaults where
// they say so), with `seed`; the prompt is the caller's.
PromptSettings evalPromptSettings(const EvalOptions& options, uint64_t seed);
// Creates outDir and, when images are kept, outDir/images; returns the images folder.
std::filesystem::path makeEvalFolders(const EvalOptions& options);

} // namespace muse
