#include "muse/PromptTokenizer.h"

#include "muse/ModelFolder.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

bool hasFile(const fs::path& folder, const char* name)
{
    std::error_code ec;
    return fs::is_regular_file(folder / name, ec);
}

} // namespace

Result<PromptTokenizer> PromptTokenizer::loadFolder(const std::string& folder)
{
    PromptTokenizer out;
    out.m_folder = folder;
    if (hasFile(folder, "vocab.json") || hasFile(folder, "merges.txt")) {
        auto clip = ClipTokenizer::loadFolder(folder);
        if (!clip)
            return clip.status();
        out.m_tokenizer = std::make_shared<std::variant<ClipTokenizer, T5Tokenizer>>(clip.takeValue());
        return out;
    }
    if (hasFile(folder, "spiece.model")) {
        auto t5 = T5Tokenizer::loadFolder(folder);
        if (!t5)
            return t5.status();
        out.m_tokenizer = std::make_shared<std::variant<ClipTokenizer, T5Tokenizer>>(t5.takeValue());
        return out;
    }
    return Status(ErrorCode::NotFound,
                  folder + ": no tokenizer files (vocab.json + merges.txt for CLIP, spiece.model for T5)");
}

Result<PromptTokenizer> PromptTokenizer::loadForModel(const std::string& modelDir)
{
    auto info = inspectModelFolder(modelDir);
    if (!info)
        return info.status();
    if (info->layout == ModelFolderInfo::Layout::Pipeline) {
        for (const char* name : {"tokenizer", "text_encoder"}) {
            const ComponentInfo* c = info->component(name);
            if (c && (hasFile(c->path, "vocab.json") || hasFile(c->path, "merges.txt") || hasFile(c->path, "spiece.model")))
                return loadFolder(c->path);
        }
        return Status(ErrorCode::NotFound, modelDir + ": the pipeline has no tokenizer component with tokenizer files");
    }
    return loadFolder(modelDir);
}

std::vector<int64_t> PromptTokenizer::encode(const std::string& text, bool* truncated) const
{
    return std::visit([&](const auto& t) { return t.encode(text, truncated); }, *m_tokenizer);
}

std::vector<int64_t> PromptTokenizer::encodePadded(const std::string& text, bool* truncated) const
{
    std::vector<int64_t> ids = encode(text, truncated);
    ids.resize(static_cast<std::size_t>(std::max<int64_t>(maxLength(), static_cast<int64_t>(ids.size()))), padId());
    return ids;
}

int64_t PromptTokenizer::maxLength() const
{
    return std::visit([](const auto& t) { return static_cast<int64_t>(t.maxLength()); }, *m_tokenizer);
}

int64_t PromptTokenizer::padId() const
{
    return std::visit([](const auto& t) { return static_cast<int64_t>(t.padId()); }, *m_tokenizer);
}

std::string PromptTokenizer::kindName() const
{
    return std::holds_alternative<ClipTokenizer>(*m_tokenizer) ? "CLIP BPE" : "SentencePiece (T5)";
}

} // namespace muse
