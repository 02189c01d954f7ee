#include "muse/SafeTensors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace muse {

namespace {

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status addFile(const std::string& path, std::vector<std::shared_ptr<SafeTensorsFile>>& files)
{
    auto file = SafeTensorsFile::open(path);
    if (!file)
        return file.status();
    files.push_back(std::make_shared<SafeTensorsFile>(file.takeValue()));
    return Status::ok();
}

} // namespace

Result<TensorArchive> TensorArchive::open(const std::string& path)
{
    MUSE_RETURN_IF_ERROR(refusePickledCheckpoint(path));
    TensorArchive archive;
    archive.m_description = path;
    if (!endsWith(path, ".index.json")) {
        MUSE_RETURN_IF_ERROR(addFile(path, archive.m_files));
        for (const auto& info : archive.m_files[0]->tensors())
            archive.m_entries[info.name] = Entry{archive.m_files[0].get(), &info};
        return archive;
    }

    // A sharded checkpoint: {"metadata": {...}, "weight_map": {"tensor name": "shard file name"}}.
    std::ifstream in(path);
    if (!in)
        return Status(ErrorCode::NotFound, path + ": cannot open the shard index");
    nlohmann::json index = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (index.is_discarded() || !index.is_object())
        return Status(ErrorCode::CorruptFile, path + ": not a JSON object");
    auto weightMap = index.find("weight_map");
    if (weightMap == index.end() || !weightMap->is_object())
        return Status(ErrorCode::CorruptFile, path + ": missing \"weight_map\" object");

    const fs::path folder = fs::path(path).parent_path();
    std::map<std::string, SafeTensorsFile*> shards;
    for (auto it = weightMap->begin(); it != weightMap->end(); ++it) {
        if (!it.value().is_string())
            return Status(ErrorCode::CorruptFile, path + ": shard of \"" + it.key() + "\" is not a file name");
        const std::string shard = it.value().get<std::string>();
        // Shards live next to the index; a path that leaves the folder is refused.
        if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos ||
            shard == "." || shard == "..")
            return Status(ErrorCode::CorruptFile, path + ": shard name \"" + shard + "\" is not a plain file name");
        if (!shards.count(shard)) {
            MUSE_RETURN_IF_ERROR(addFile((folder / shard).string(), archive.m_files));
            shards[shard] = archive.m_files.back().get();
        }
        SafeTensorsFile* file = shards[shard];
        const TensorInfo* info = file->find(it.key());
        if (!info)
            return Status(ErrorCode::CorruptFile, path + ": tensor \"" + it.key() + "\" is listed in shard " +
                                                      shard + " but that file does not contain it");
        archive.m_entries[it.key()] = Entry{file, info};
    }
    return archive;
}

Result<std::vector<std::string>> TensorArchive::findWeightFiles(const std::string& folder, const std::string& variant)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return Status(ErrorCode::NotFound, folder + ": not a folder");
    const std::vector<std::string> bases = {"model", "diffusion_pytorch_model"};
    std::vector<std::string> variants;
    if (!variant.empty())
        variants.push_back("." + variant);
    variants.push_back("");
    for (const auto& v : variants) {
        for (const auto& base : bases) {
            for (const std::string suffix : {".safetensors", ".safetensors.index.json"}) {
                const fs::path candidate = fs::path(folder) / (base + v + suffix);
                if (fs::is_regular_file(candidate, ec))
                    return std::vector<std::string>{candidate.string()};
            }
        }
    }
    std::vector<std::string> safetensors, pickled;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (endsWith(name, ".safetensors") || endsWith(name, ".safetensors.index.json"))
            safetensors.push_back(entry.path().string());
        else if (!refusePickledCheckpoint(entry.path().string()).isOk())
            pickled.push_back(name);
    }
    if (safetensors.size() == 1)
        return safetensors;
    if (safetensors.size() > 1)
        return Status(ErrorCode::UnsupportedFormat,
                      folder + ": several safetensors files and no model.safetensors or index to choose between them");
    if (!pickled.empty())
        return Status(ErrorCode::UnsupportedFormat,
                      folder + ": only pickled weights (" + pickled.front() +
                          ") were found; they are refused. Convert them to safetensors "
                          "(safetensors.torch.save_file in Python) and try again");
    return Status(ErrorCode::NotFound, folder + ": no *.safetensors weights in this folder");
}

Result<TensorArchive> TensorArchive::openFolder(const std::string& folder, const std::string& variant)
{
    auto files = findWeightFiles(folder, variant);
    if (!files)
        return files.status();
    return open(files->front());
}

std::optional<TensorArchive::Entry> TensorArchive::find(const std::string& name) const
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second;
}

std::vector<std::string> TensorArchive::names() const
{
    std::vector<std::string> out;
    out.reserve(m_entries.size());
    for (const auto& [name, entry] : m_entries)
        out.push_back(name);
    return out;
}

std::string TensorArchive::description() const { return m_description; }

} // namespace muse
