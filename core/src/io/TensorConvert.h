#pragma once
// Bridges safetensors bytes and torch tensors (core-internal: Torch never appears in public headers).

#include "muse/SafeTensors.h"

#include <torch/torch.h>

namespace muse {

torch::ScalarType toScalarType(DType dtype);
std::optional<DType> fromScalarType(torch::ScalarType type);

// A CPU tensor holding a copy of the stored bytes, in the stored dtype.
torch::Tensor readTensor(const SafeTensorsFile& file, const TensorInfo& info);
// Looks `name` up in the archive; throws LoadError naming the archive when it is absent.
torch::Tensor readTensor(const TensorArchive& archive, const std::string& name);

// Writes named tensors (moved to CPU, made contiguous) to a safetensors file.
Status writeTensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                    const std::map<std::string, std::string>& metadata = {});

} // namespace muse
