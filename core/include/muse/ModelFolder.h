#pragma once
// Recognises model folders in the Hugging Face layouts the app accepts:
//  - a pipeline folder: model_index.json naming components, each a sub-folder
//    (aMUSEd: text_encoder/, tokenizer/, transformer/, vqvae/, scheduler/; our Muse models the same
//    way with a super_res_transformer/);
//  - a single component folder: config.json (diffusers "_class_name" or transformers
//    "architectures"), tokenizer files, or scheduler_config.json.

#include "muse/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace muse {

struct ComponentInfo {
    std::string name;      // "transformer", "text_encoder", ... (the folder name for a single component)
    std::string path;      // the component folder
    std::string library;   // "diffusers", "transformers", "muse" (from model_index.json, when given)
    std::string className; // "UVit2DModel", "CLIPTextModelWithProjection", "CLIPTokenizer", ...
    std::vector<std::string> weightFiles; // safetensors files or index; empty for tokenizers/schedulers
    std::string problem;   // why the component cannot be used (missing folder, pickled weights, ...)
};

struct ModelFolderInfo {
    enum class Layout { Pipeline, Component };
    Layout layout = Layout::Component;
    std::string path;
    std::string pipelineClass; // model_index.json "_class_name" (pipelines only)
    std::vector<ComponentInfo> components;

    const ComponentInfo* component(const std::string& name) const;
};

Result<ModelFolderInfo> inspectModelFolder(const std::string& path);

// What the safetensors headers of a component hold (no tensor data is read).
struct WeightSummary {
    std::vector<std::pair<std::string, uint64_t>> files; // path, size in bytes
    int64_t tensorCount = 0;
    int64_t parameterCount = 0;                 // elements of floating-point tensors
    std::map<std::string, int64_t> dtypeCounts; // "F32" → number of elements
};

Result<WeightSummary> summarizeWeights(const ComponentInfo& component);

// Parameters the component's config.json describes, computed without building the model
// (UVit2DModel, VQModel, MuseTransformer, MuseSuperResTransformer); UnsupportedFormat otherwise.
Result<int64_t> countConfigParameters(const ComponentInfo& component);

} // namespace muse
