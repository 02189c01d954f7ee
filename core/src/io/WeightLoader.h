#pragma once
// Loads checkpoint tensors into a LibTorch module by name: module and parameter names equal the
// checkpoint keys, so loading is a lookup, not a mapping table.

#include "muse/SafeTensors.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace muse {

struct WeightLoadOptions {
    // Checkpoint keys under these prefixes are expected and skipped (e.g. "decoder." of a T5
    // encoder-decoder file, or "text_model.embeddings.position_ids").
    std::vector<std::string> ignoredPrefixes;
    // Alternative checkpoint keys for a parameter, tried in order when its own name is absent
    // (e.g. T5's "shared.weight" is also stored as "encoder.embed_tokens.weight").
    std::map<std::string, std::vector<std::string>> aliases;
    // Parameters allowed to be missing from the checkpoint (they keep their initial values).
    std::vector<std::string> optionalParameters;
};

// Copies every parameter and buffer of `module` from the archive, converting to the parameter's
// dtype. Fails with ConfigMismatch naming the tensor when one is missing, has another shape, or
// when the checkpoint holds tensors the module does not have (config and weights disagree).
Status loadModuleWeights(torch::nn::Module& module, const TensorArchive& archive,
                         const WeightLoadOptions& options = {});

// Number of parameters a module has (for `muse info`, benchmarks and tests).
int64_t countParameters(const torch::nn::Module& module);

} // namespace muse
