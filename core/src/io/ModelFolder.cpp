#include "muse/ModelFolder.h"

#include "muse/SafeTensors.h"
#include "io/JsonConfig.h"
#include "transformer/ParameterCount.h"
#include "util/LoadError.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// Fills class name and weight files of a component folder from what it contains.
void describeComponent(ComponentInfo& c)
{
    const fs::path dir(c.path);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        c.problem = "folder " + c.path + " is missing";
        return;
    }
    if (isFile(dir / "config.json")) {
        auto config = JsonConfig::load((dir / "config.json").string());
        if (!config) {
            c.problem = config.status().message();
            return;
        }
        try {
            if (c.className.empty() && config->has("_class_name"))
                c.className = config->getString("_class_name");
            if (c.className.empty() && config->has("architectures")) {
                const auto archs = config->getStringList("architectures");
                if (!archs.empty())
                    c.className = archs.front();
            }
            if (c.className.empty() && config->has("model_type"))
                c.className = config->getString("model_type");
        } catch (const LoadError& e) {
            c.problem = e.status().message();
            return;
        }
        auto files = TensorArchive::findWeightFiles(c.path);
        if (files)
            c.weightFiles = *files;
        else if (files.status().code() != ErrorCode::NotFound)
            c.problem = files.status().message();
        return;
    }
    if (isFile(dir / "scheduler_config.json")) {
        auto config = JsonConfig::load((dir / "scheduler_config.json").string());
        if (config && c.className.empty())
            c.className = config->getString("_class_name", "scheduler");
        else if (!config)
            c.problem = config.status().message();
        return;
    }
    const bool clipFiles = isFile(dir / "vocab.json") && isFile(dir / "merges.txt");
    const bool spmFiles = isFile(dir / "spiece.model");
    if (c.className.empty()) {
        if (isFile(dir / "tokenizer_config.json")) {
            auto config = JsonConfig::load((dir / "tokenizer_config.json").string());
            if (config)
                c.className = config->getString("tokenizer_class", "");
        }
        if (c.className.empty())
            c.className = clipFiles ? "CLIPTokenizer" : spmFiles ? "T5Tokenizer" : "";
    }
    if (!clipFiles && !spmFiles && c.className.find("Tokenizer") != std::string::npos)
        c.problem = c.path + ": tokenizer files are missing (vocab.json + merges.txt for CLIP, spiece.model for T5)";
    if (c.className.empty() && c.problem.empty())
        c.problem = c.path + ": no config.json, scheduler_config.json or tokenizer files";
}

} // namespace

const ComponentInfo* ModelFolderInfo::component(const std::string& name) const
{
    for (const auto& c : components)
        if (c.name == name)
            return &c;
    return nullptr;
}

Result<ModelFolderInfo> inspectModelFolder(const std::string& path)
{
    return guarded(path, [&]() -> Result<ModelFolderInfo> {
        std::error_code ec;
        if (!fs::exists(path, ec))
            return Status(ErrorCode::NotFound, path + ": no such folder");
        if (!fs::is_directory(path, ec))
            return Status(ErrorCode::InvalidArgument, path + ": not a folder (give the model's folder, not a file)");
        ModelFolderInfo info;
        info.path = path;
        const fs::path index = fs::path(path) / "model_index.json";
        if (isFile(index)) {
            auto config = JsonConfig::load(index.string());
            if (!config)
                return config.status();
            info.layout = ModelFolderInfo::Layout::Pipeline;
            info.pipelineClass = config->getString("_class_name", "");
            for (auto it = config->json().begin(); it != config->json().end(); ++it) {
                // Components are ["library", "ClassName"] pairs; [null, null] marks an absent one.
                const auto& v = it.value();
                if (it.key().empty() || it.key()[0] == '_' || !v.is_array() || v.size() != 2)
                    continue;
                if (v[0].is_null() || v[1].is_null())
                    continue;
                ComponentInfo c;
                c.name = it.key();
                c.path = (fs::path(path) / it.key()).string();
                c.library = v[0].is_string() ? v[0].get<std::string>() : "";
                c.className = v[1].is_string() ? v[1].get<std::string>() : "";
                describeComponent(c);
                info.components.push_back(std::move(c));
            }
            if (info.components.empty())
                return Status(ErrorCode::CorruptFile, index.string() + ": names no components");
            return info;
        }
        ComponentInfo c;
        c.name = fs::path(path).filename().string();
        if (c.name.empty())
            c.name = fs::path(path).parent_path().filename().string();
        c.path = path;
        describeComponent(c);
        if (c.className.empty())
            return Status(ErrorCode::UnsupportedFormat,
                          path + ": not a model folder (no model_index.json, config.json, scheduler_config.json or tokenizer files)");
        info.components.push_back(std::move(c));
        return info;
    });
}

Result<WeightSummary> summarizeWeights(const ComponentInfo& component)
{
    WeightSummary summary;
    if (component.weightFiles.empty())
        return summary;
    auto archive = TensorArchive::open(component.weightFiles.front());
    if (!archive)
        return archive.status();
    for (const auto& file : archive->files())
        summary.files.emplace_back(file->path(), file->fileSize());
    for (const auto& name : archive->names()) {
        const TensorInfo& t = *archive->find(name)->info;
        ++summary.tensorCount;
        summary.dtypeCounts[dtypeName(t.dtype)] += t.numel();
        if (t.dtype == DType::F32 || t.dtype == DType::F16 || t.dtype == DType::BF16 || t.dtype == DType::F64)
            summary.parameterCount += t.numel();
    }
    return summary;
}

Result<int64_t> countConfigParameters(const ComponentInfo& component)
{
    return guarded(component.path, [&]() -> Result<int64_t> { return countParametersFromConfig(component.path); });
}

} // namespace muse
