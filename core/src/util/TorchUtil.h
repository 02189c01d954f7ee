#pragma once
// Small Torch helpers shared by the model code (core-internal).

#include "muse/Device.h"

#include <torch/torch.h>

namespace muse {

torch::ScalarType scalarTypeOf(Precision precision);
// Intra-op CPU threads for a model of this size (one for small models; see the .cpp).
void chooseCpuThreads(int64_t modelParameters);

} // namespace muse
