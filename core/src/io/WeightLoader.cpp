#include "io/WeightLoader.h"

#include "io/TensorConvert.h"
#include "util/LoadError.h"

#include <set>

namespace muse {

namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string shapeText(at::IntArrayRef shape)
{
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

} // namespace

Status loadModuleWeights(torch::nn::Module& module, const TensorArchive& archive, const WeightLoadOptions& options)
{
    return guarded(archive.description(), [&]() -> Status {
        torch::NoGradGuard noGrad;
        // Every refusal names the weights it read (a model folder has several).
        const std::string where = archive.description() + ": ";
        std::set<std::string> used;
        auto load = [&](const std::string& name, torch::Tensor& target) -> Status {
            std::vector<std::string> keys = {name};
            if (auto it = options.aliases.find(name); it != options.aliases.end())
                keys.insert(keys.end(), it->second.begin(), it->second.end());
            for (const auto& key : keys) {
                auto entry = archive.find(key);
                if (!entry)
                    continue;
                if (at::IntArrayRef(entry->info->shape) != target.sizes())
                    return Status(ErrorCode::ConfigMismatch,
                                  where + "tensor \"" + key + "\" has shape " + shapeText(entry->info->shape) +
                                      " but the config gives " + shapeText(target.sizes()));
                target.copy_(readTensor(*entry->file, *entry->info));
                used.insert(keys.begin(), keys.end());
                return Status::ok();
            }
            for (const auto& optional : options.optionalParameters)
                if (optional == name)
                    return Status::ok();
            return Status(ErrorCode::ConfigMismatch,
                          where + "missing tensor \"" + name + "\" (the config expects it; wrong model type or size?)");
        };
        for (auto& item : module.named_parameters(/*recurse=*/true))
            MUSE_RETURN_IF_ERROR(load(item.key(), item.value()));
        for (auto& item : module.named_buffers(/*recurse=*/true))
            MUSE_RETURN_IF_ERROR(load(item.key(), item.value()));

        for (const auto& name : archive.names()) {
            if (used.count(name))
                continue;
            bool ignored = false;
            for (const auto& prefix : options.ignoredPrefixes)
                ignored = ignored || startsWith(name, prefix);
            if (!ignored)
                return Status(ErrorCode::ConfigMismatch,
                              where + "unexpected tensor \"" + name + "\" (the config does not describe it; "
                              "does config.json belong to these weights?)");
        }
        return Status::ok();
    });
}

int64_t countParameters(const torch::nn::Module& module)
{
    int64_t n = 0;
    for (const auto& p : module.parameters(/*recurse=*/true))
        n += p.numel();
    return n;
}

} // namespace muse
