#pragma once
// The tokenizer of a model folder, whichever kind it is: CLIP's byte-level BPE (aMUSEd) or T5's
// SentencePiece (Muse). Found in a pipeline's tokenizer/ (or text_encoder/) component, or in the
// given folder itself.
//
//   auto tokenizer = muse::PromptTokenizer::loadForModel("amused-256");
//   bool cut = false;
//   std::vector<int64_t> ids = tokenizer->encode("a red circle", &cut);

#include "muse/ClipTokenizer.h"
#include "muse/Status.h"
#include "muse/T5Tokenizer.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace muse {

class PromptTokenizer {
public:
    static Result<PromptTokenizer> loadForModel(const std::string& modelDir);
    // Loads the tokenizer files of exactly this folder (vocab.json + merges.txt, or spiece.model).
    static Result<PromptTokenizer> loadFolder(const std::string& folder);

    // Ids with the tokenizer's own start/end tokens, unpadded, cut to maxLength() (`truncated` says so).
    std::vector<int64_t> encode(const std::string& text, bool* truncated = nullptr) const;
    // Padded to maxLength() with the pad id.
    std::vector<int64_t> encodePadded(const std::string& text, bool* truncated = nullptr) const;
    int64_t maxLength() const;
    int64_t padId() const;
    std::string kindName() const; // "CLIP BPE" or "SentencePiece (T5)"
    const std::string& folder() const { return m_folder; }

private:
    std::string m_folder;
    std::shared_ptr<std::variant<ClipTokenizer, T5Tokenizer>> m_tokenizer;
};

} // namespace muse
