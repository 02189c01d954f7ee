#pragma once
// Parameter counts from a component's config.json alone (for `muse info` and the GUI), computed
// analytically so a 3B model is counted without allocating it. Dispatches on "_class_name":
// UVit2DModel, VQModel, MuseTransformer, MuseSuperResTransformer.

#include "io/JsonConfig.h"
#include "muse/Status.h"

#include <string>

namespace muse {

Result<int64_t> countParametersFromConfig(const std::string& componentFolder);
Result<int64_t> countParametersFromConfig(const JsonConfig& config);

} // namespace muse
