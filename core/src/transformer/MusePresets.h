#pragma once
// Named sizes for new Muse transformers (config.json content; docs/model-format.md explains each).
//   muse-tiny      tests and smoke runs (≈0.17M parameters)
//   muse-default   the size of the embedded default model, trainable on a CPU (≈9.1M)
//   muse-632m      the paper's smallest base model (≈632.07M, see the note in the .cpp)
//   muse-3b        the paper's 3B base model: 48 layers, hidden 2048, 32 heads, MLP 8192 (≈3.27B)
//   muse-superres  the paper's super-resolution model: 32 layers, hidden 1024, 16 heads, 64×64 grid (≈617M)

#include "muse/Status.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace muse {

std::vector<std::string> musePresetNames();
// The config.json of a preset; InvalidArgument naming the known presets for an unknown name.
Result<nlohmann::json> musePresetConfig(const std::string& name);

} // namespace muse
