#pragma once
// Model folders made from scratch (random weights): test fixtures and smoke runs.

#include "muse/Status.h"

#include <cstdint>
#include <string>

namespace muse {

// A tiny Muse pipeline (4×4 base tokens, optionally an 8×8 super-res stage; 32×32 px output).
Status createRandomTinyModel(const std::string& folder, bool withSuperRes = true, uint64_t seed = 0);

} // namespace muse
