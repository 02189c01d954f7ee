#pragma once
// Small Torch helpers shared by the model code (core-internal).

#include "muse/Device.h"

#include <torch/torch.h>

namespace muse {

torch::ScalarType scalarTypeOf(Precision precision);

} // namespace muse
