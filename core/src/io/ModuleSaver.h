#pragma once
// Writes a component folder in the Hugging Face layout: config.json + one safetensors file with
// the module's parameters and buffers under their registered names (= checkpoint keys).

#include "muse/Status.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>

namespace muse {

// Writes pretty-printed JSON atomically.
Status writeJsonFile(const std::string& path, const nlohmann::json& json);

// `folder` is created when missing; weights go to `weightsName` (e.g. "model.safetensors"),
// converted to `dtype` when given (floating-point tensors only).
Status saveComponent(const std::string& folder, const nlohmann::json& config, const torch::nn::Module& module,
                     const std::string& weightsName, c10::optional<torch::ScalarType> dtype = c10::nullopt);

} // namespace muse
