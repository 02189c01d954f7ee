#include "io/ModuleSaver.h"

#include "image/AtomicFile.h"
#include "io/TensorConvert.h"
#include "util/LoadError.h"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace muse {

Status writeJsonFile(const std::string& path, const nlohmann::json& json)
{
    return writeTextFileAtomically(path, json.dump(2) + "\n");
}

Status saveComponent(const std::string& folder, const nlohmann::json& config, const torch::nn::Module& module,
                     const std::string& weightsName, c10::optional<torch::ScalarType> dtype)
{
    return guarded(folder, [&]() -> Status {
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec)
            return Status(ErrorCode::IoError, folder + ": cannot create: " + ec.message());
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& item : module.named_parameters(/*recurse=*/true)) {
            torch::Tensor t = item.value().detach();
            if (dtype && t.is_floating_point())
                t = t.to(*dtype);
            tensors.emplace_back(item.key(), t);
        }
        for (const auto& item : module.named_buffers(/*recurse=*/true))
            tensors.emplace_back(item.key(), item.value().detach());
        MUSE_RETURN_IF_ERROR(writeTensors((fs::path(folder) / weightsName).string(), tensors, {{"format", "pt"}}));
        return writeJsonFile((fs::path(folder) / "config.json").string(), config);
    });
}

} // namespace muse
