#pragma once
// The T5 tokenizer (Hugging Face `T5Tokenizer`): SentencePiece pieces from `spiece.model`, `</s>`
// appended, no BOS, pad id 0. Ids of `<extra_id_N>` sentinels (tokenizer_config.json
// `extra_ids`) follow the SentencePiece vocabulary in reverse order, as transformers numbers them.
//
//   auto tokenizer = muse::T5Tokenizer::loadFolder("model/tokenizer");
//   if (!tokenizer) return tokenizer.status();
//   std::vector<int64_t> ids = tokenizer->encode("a red bicycle in the snow");

#include "muse/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace muse {

class T5Tokenizer {
public:
    // Reads `dir`/spiece.model. The maximum length comes from tokenizer_config.json
    // `model_max_length`, else config.json `n_positions`, else 512; the number of sentinel ids
    // from tokenizer_config.json `extra_ids` (else the `<extra_id_N>` entries of its
    // `additional_special_tokens`, else none).
    static Result<T5Tokenizer> loadFolder(const std::string& dir);
    // One SentencePiece model file with explicit settings.
    static Result<T5Tokenizer> loadModelFile(const std::string& spieceModelPath, int64_t maxLength = 512,
                                             int64_t extraIds = 0);

    T5Tokenizer(T5Tokenizer&&) noexcept;
    T5Tokenizer& operator=(T5Tokenizer&&) noexcept;
    ~T5Tokenizer();

    // Piece ids of `text` followed by EOS; at most maxLength() ids (the text is cut, EOS kept).
    // `truncated`, when given, says whether anything was cut. `<extra_id_N>` in the text becomes
    // its sentinel id.
    std::vector<int64_t> encode(const std::string& text, bool* truncated = nullptr) const;
    // Text of the ids, skipping pad and EOS; ids outside the vocabulary are skipped.
    std::string decode(const std::vector<int64_t>& ids) const;

    int64_t padId() const;
    int64_t eosId() const;
    int64_t unkId() const;
    // SentencePiece pieces plus sentinels: the embedding needs at least this many rows.
    int64_t vocabSize() const;
    int64_t maxLength() const;

private:
    struct Impl;
    explicit T5Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Trains a SentencePiece model on `sentences` with T5's special ids (pad 0, eos 1, unk 2, no BOS)
// and writes `outputPrefix`.model and `outputPrefix`.vocab. `vocabSize` is a soft limit: a small
// corpus may yield fewer pieces (T5Tokenizer::vocabSize() reports the real count). `modelType`:
// "unigram" (T5's), "bpe", "char" or "word".
Status trainSentencePiece(const std::vector<std::string>& sentences, int vocabSize, const std::string& outputPrefix,
                          std::string modelType = "unigram");

} // namespace muse
