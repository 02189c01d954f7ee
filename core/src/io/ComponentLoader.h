#pragma once
// The common shape of every "load a component folder" function: read config.json, build the
// module from it, convert it to the target dtype before copying the weights in (so a large model
// never exists twice in float32), load the safetensors by name, move it to the device.

#include "io/JsonConfig.h"
#include "io/WeightLoader.h"
#include "muse/SafeTensors.h"
#include "util/LoadError.h"

#include <torch/torch.h>

namespace muse {

// `build` maps a JsonConfig to Result<Holder> (a TORCH_MODULE holder).
template <typename Holder, typename Build>
Result<Holder> loadComponent(const std::string& folder, const torch::Device& device, torch::ScalarType dtype,
                             Build&& build, const WeightLoadOptions& options = {})
{
    return guarded(folder, [&]() -> Result<Holder> {
        auto json = JsonConfig::load(folder + "/config.json");
        if (!json)
            return json.status();
        Result<Holder> model = build(*json);
        if (!model)
            return model.status();
        (*model)->to(dtype);
        auto archive = TensorArchive::openFolder(folder);
        if (!archive)
            return archive.status();
        MUSE_RETURN_IF_ERROR(loadModuleWeights(**model, *archive, options));
        (*model)->to(device);
        (*model)->eval();
        return model;
    });
}

} // namespace muse
