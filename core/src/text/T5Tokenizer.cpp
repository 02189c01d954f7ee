#include "muse/T5Tokenizer.h"

#include "io/JsonConfig.h"
#include "util/LoadError.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <filesystem>
#include <unordered_map>

namespace fs = std::filesystem;

namespace muse {

namespace {

constexpr int64_t kDefaultMaxLength = 512;
// transformers writes int(1e30) as model_max_length when a tokenizer has no limit of its own.
constexpr double kNoLimitThreshold = 1e9;
const std::string kSentinelPrefix = "<extra_id_";
const std::string kWordStart = "\xe2\x96\x81"; // U+2581, SentencePiece's word-start marker

// Parses "<extra_id_N>" at `pos`; returns N and sets `end` past it, or -1.
int64_t parseSentinel(const std::string& text, std::size_t pos, std::size_t& end)
{
    if (text.compare(pos, kSentinelPrefix.size(), kSentinelPrefix) != 0)
        return -1;
    std::size_t i = pos + kSentinelPrefix.size();
    int64_t value = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 9) {
        value = value * 10 + (text[i] - '0');
        ++i;
        ++digits;
    }
    if (digits == 0 || i >= text.size() || text[i] != '>')
        return -1;
    end = i + 1;
    return value;
}

// Sentinels a folder declares: `extra_ids`, else the <extra_id_N> names it lists.
int64_t declaredExtraIds(const JsonConfig& config)
{
    if (config.has("extra_ids")) {
        const int64_t n = config.getInt("extra_ids");
        config.require(n >= 0, "extra_ids", "must not be negative");
        return n;
    }
    if (!config.has("additional_special_tokens") || !config.json().at("additional_special_tokens").is_array())
        return 0;
    int64_t count = 0;
    for (const auto& token : config.json().at("additional_special_tokens")) {
        // Entries are strings, or AddedToken objects with a "content" field.
        std::string content;
        if (token.is_string())
            content = token.get<std::string>();
        else if (token.is_object() && token.contains("content") && token.at("content").is_string())
            content = token.at("content").get<std::string>();
        std::size_t end = 0;
        if (parseSentinel(content, 0, end) >= 0 && end == content.size())
            ++count;
    }
    return count;
}

class VectorSentenceIterator : public sentencepiece::SentenceIterator {
public:
    explicit VectorSentenceIterator(const std::vector<std::string>& sentences) : m_sentences(sentences) {}
    bool done() const override { return m_index >= m_sentences.size(); }
    void Next() override { ++m_index; }
    const std::string& value() const override { return m_sentences[m_index]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    const std::vector<std::string>& m_sentences;
    std::size_t m_index = 0;
};

} // namespace

struct T5Tokenizer::Impl {
    sentencepiece::SentencePieceProcessor processor;
    std::string path;
    int64_t pieceCount = 0;
    int64_t extraIds = 0;
    int64_t maxLength = kDefaultMaxLength;
    int64_t padId = 0;
    int64_t eosId = 1;
    int64_t unkId = 2;

    void appendPieces(const std::string& text, std::vector<int64_t>& out) const
    {
        if (text.empty())
            return;
        std::vector<int> ids;
        const auto status = processor.Encode(text, &ids);
        if (!status.ok())
            throw LoadError(ErrorCode::InvalidArgument, path + ": cannot encode text: " + status.ToString());
        out.insert(out.end(), ids.begin(), ids.end());
    }
};

T5Tokenizer::T5Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
T5Tokenizer::T5Tokenizer(T5Tokenizer&&) noexcept = default;
T5Tokenizer& T5Tokenizer::operator=(T5Tokenizer&&) noexcept = default;
T5Tokenizer::~T5Tokenizer() = default;

Result<T5Tokenizer> T5Tokenizer::loadModelFile(const std::string& spieceModelPath, int64_t maxLength, int64_t extraIds)
{
    std::error_code ec;
    if (!fs::is_regular_file(spieceModelPath, ec))
        return Status(ErrorCode::NotFound, spieceModelPath + ": not found (the SentencePiece model of a T5 tokenizer)");
    if (maxLength < 2)
        return Status(ErrorCode::InvalidArgument,
                      spieceModelPath + ": maximum length " + std::to_string(maxLength) + " leaves no room for text and </s>");
    if (extraIds < 0)
        return Status(ErrorCode::InvalidArgument, spieceModelPath + ": negative number of extra ids");

    auto impl = std::make_unique<Impl>();
    impl->path = spieceModelPath;
    const auto status = impl->processor.Load(spieceModelPath);
    if (!status.ok())
        return Status(ErrorCode::CorruptFile,
                      spieceModelPath + ": not a valid SentencePiece model (" + status.ToString() + ")");
    impl->pieceCount = impl->processor.GetPieceSize();
    if (impl->pieceCount <= 0)
        return Status(ErrorCode::CorruptFile, spieceModelPath + ": the SentencePiece model has no pieces");
    impl->extraIds = extraIds;
    impl->maxLength = maxLength;

    // Take the special ids from the model, falling back to T5's conventions by piece name.
    auto special = [&](int fromModel, const char* piece, int64_t fallback) -> int64_t {
        if (fromModel >= 0)
            return fromModel;
        const int id = impl->processor.PieceToId(piece);
        return (id >= 0 && !impl->processor.IsUnknown(id)) ? id : fallback;
    };
    impl->eosId = special(impl->processor.eos_id(), "</s>", 1);
    impl->padId = special(impl->processor.pad_id(), "<pad>", 0);
    impl->unkId = special(impl->processor.unk_id(), "<unk>", 2);
    for (const auto& [name, id] : {std::pair<const char*, int64_t>{"</s>", impl->eosId}, {"<pad>", impl->padId}})
        if (id >= impl->pieceCount)
            return Status(ErrorCode::CorruptFile, spieceModelPath + ": has no " + name + " piece");
    return T5Tokenizer(std::move(impl));
}

Result<T5Tokenizer> T5Tokenizer::loadFolder(const std::string& dir)
{
    // JsonConfig's checks throw LoadError whose message names the file and key.
    try {
        const std::string modelPath = (fs::path(dir) / "spiece.model").string();
        int64_t maxLength = 0;
        int64_t extraIds = 0;

        std::error_code ec;
        const std::string tokenizerConfigPath = (fs::path(dir) / "tokenizer_config.json").string();
        if (fs::exists(tokenizerConfigPath, ec)) {
            auto config = JsonConfig::load(tokenizerConfigPath);
            if (!config)
                return config.status();
            if (config->has("model_max_length")) {
                const auto& value = config->json().at("model_max_length");
                config->require(value.is_number(), "model_max_length", "is not a number");
                const double length = value.get<double>();
                config->require(length >= 2, "model_max_length", "must be at least 2");
                if (length < kNoLimitThreshold)
                    maxLength = static_cast<int64_t>(length);
            }
            extraIds = declaredExtraIds(*config);
        }
        const std::string specialTokensPath = (fs::path(dir) / "special_tokens_map.json").string();
        if (extraIds == 0 && fs::exists(specialTokensPath, ec)) {
            auto config = JsonConfig::load(specialTokensPath);
            if (!config)
                return config.status();
            extraIds = declaredExtraIds(*config);
        }
        const std::string modelConfigPath = (fs::path(dir) / "config.json").string();
        if (maxLength == 0 && fs::exists(modelConfigPath, ec)) {
            auto config = JsonConfig::load(modelConfigPath);
            if (!config)
                return config.status();
            const int64_t positions = config->getInt("n_positions", 0);
            config->require(positions == 0 || positions >= 2, "n_positions", "must be at least 2");
            maxLength = positions;
        }
        if (maxLength == 0)
            maxLength = kDefaultMaxLength;
        return loadModelFile(modelPath, maxLength, extraIds);
    } catch (const LoadError& e) {
        return e.status();
    } catch (...) {
        return statusFromCurrentException(dir);
    }
}

std::vector<int64_t> T5Tokenizer::encode(const std::string& text, bool* truncated) const
{
    std::vector<int64_t> ids;
    std::size_t start = 0;
    if (m_impl->extraIds > 0) {
        for (std::size_t pos = text.find(kSentinelPrefix); pos != std::string::npos;
             pos = text.find(kSentinelPrefix, pos + 1)) {
            std::size_t end = 0;
            const int64_t n = parseSentinel(text, pos, end);
            if (n < 0 || n >= m_impl->extraIds)
                continue;
            m_impl->appendPieces(text.substr(start, pos - start), ids);
            ids.push_back(m_impl->pieceCount + m_impl->extraIds - 1 - n);
            start = end;
            pos = end - 1;
        }
    }
    m_impl->appendPieces(text.substr(start), ids);

    const std::size_t room = static_cast<std::size_t>(m_impl->maxLength - 1);
    const bool cut = ids.size() > room;
    if (cut)
        ids.resize(room);
    ids.push_back(m_impl->eosId);
    if (truncated)
        *truncated = cut;
    return ids;
}

std::string T5Tokenizer::decode(const std::vector<int64_t>& ids) const
{
    std::string text;
    std::vector<int> run;
    auto flush = [&] {
        if (run.empty())
            return;
        // SentencePiece drops the word-start space of a run's first piece; after a sentinel it
        // separates words, so put it back.
        if (!text.empty() && m_impl->processor.IdToPiece(run.front()).rfind(kWordStart, 0) == 0)
            text += ' ';
        text += m_impl->processor.DecodeIds(run);
        run.clear();
    };
    for (const int64_t id : ids) {
        if (id < 0 || id >= vocabSize() || id == m_impl->padId || id == m_impl->eosId)
            continue;
        if (id >= m_impl->pieceCount) {
            flush();
            text += kSentinelPrefix + std::to_string(m_impl->pieceCount + m_impl->extraIds - 1 - id) + ">";
            continue;
        }
        run.push_back(static_cast<int>(id));
    }
    flush();
    return text;
}

int64_t T5Tokenizer::padId() const { return m_impl->padId; }
int64_t T5Tokenizer::eosId() const { return m_impl->eosId; }
int64_t T5Tokenizer::unkId() const { return m_impl->unkId; }
int64_t T5Tokenizer::vocabSize() const { return m_impl->pieceCount + m_impl->extraIds; }
int64_t T5Tokenizer::maxLength() const { return m_impl->maxLength; }

Status trainSentencePiece(const std::vector<std::string>& sentences, int vocabSize, const std::string& outputPrefix,
                          std::string modelType)
{
    const std::string target = outputPrefix + ".model";
    if (sentences.empty())
        return Status(ErrorCode::InvalidArgument, target + ": no sentences to train the tokenizer on");
    if (vocabSize < 4)
        return Status(ErrorCode::InvalidArgument,
                      target + ": vocabulary size " + std::to_string(vocabSize) + " is below the 3 special pieces + 1");
    if (modelType != "unigram" && modelType != "bpe" && modelType != "char" && modelType != "word")
        return Status(ErrorCode::InvalidArgument,
                      target + ": unknown model type \"" + modelType + "\" (unigram, bpe, char or word)");
    std::error_code ec;
    const fs::path parent = fs::path(target).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec))
        return Status(ErrorCode::NotFound, target + ": folder " + parent.string() + " does not exist");

    const std::unordered_map<std::string, std::string> options = {
        {"model_prefix", outputPrefix},
        {"vocab_size", std::to_string(vocabSize)},
        {"model_type", modelType},
        // T5's layout: <pad> 0, </s> 1, <unk> 2, no <s>.
        {"pad_id", "0"},
        {"eos_id", "1"},
        {"unk_id", "2"},
        {"bos_id", "-1"},
        {"pad_piece", "<pad>"},
        {"eos_piece", "</s>"},
        {"unk_piece", "<unk>"},
        // Captions are small corpora: keep every character they use, and let the vocabulary be
        // smaller than asked rather than fail.
        {"character_coverage", "1.0"},
        {"hard_vocab_limit", "false"},
        // Warnings only; sentencepiece otherwise logs every EM iteration to stderr.
        {"minloglevel", "1"},
    };
    VectorSentenceIterator iterator(sentences);
    try {
        const auto status = sentencepiece::SentencePieceTrainer::Train(options, &iterator);
        if (!status.ok())
            return Status(ErrorCode::InvalidArgument, target + ": SentencePiece training failed: " + status.ToString());
    } catch (...) {
        return statusFromCurrentException(target + ": SentencePiece training");
    }
    if (!fs::is_regular_file(target, ec))
        return Status(ErrorCode::IoError, target + ": SentencePiece training wrote no model");
    return Status::ok();
}

} // namespace muse
