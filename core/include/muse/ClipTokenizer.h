#pragma once
// The CLIP byte-level BPE tokenizer (OpenAI's reference rules, Hugging Face file layout:
// vocab.json + merges.txt, optionally tokenizer_config.json / special_tokens_map.json).
//
//   auto tokenizer = muse::ClipTokenizer::loadFolder("amused-256/tokenizer");
//   if (!tokenizer) { std::cerr << tokenizer.status().toString(); return; }
//   std::vector<int64_t> ids = tokenizer->encodePadded("a photo of a cat"); // 77 ids
//
// Text cleanup follows the reference: HTML entities unescaped twice, curly quotes straightened
// (the one ftfy.fix_text repair that matters for typed prompts; the others, such as mojibake
// repair and NFC normalisation, are not done), whitespace collapsed and stripped, Python's
// str.lower(); then the pre-tokenizer pattern
//   <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// splits the text, and each piece is BPE-merged over its UTF-8 bytes with a "</w>" end marker.
// A tokenizer is cheap to copy (copies share the immutable tables and the merge cache) and safe
// to use from several threads.

#include "muse/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace muse {

class ClipTokenizer {
public:
    static constexpr int kDefaultMaxLength = 77;

    // A tokenizer folder: vocab.json and merges.txt, plus tokenizer_config.json and/or
    // special_tokens_map.json when present (pad/bos/eos tokens, model_max_length; a
    // special_tokens_map.json entry wins over tokenizer_config.json). Without them the maximum
    // length is 77 and the pad token is <|endoftext|>.
    static Result<ClipTokenizer> loadFolder(const std::string& folder);
    static Result<ClipTokenizer> load(const std::string& vocabPath, const std::string& mergesPath);

    // [bos, BPE ids truncated to maxLength() − 2, eos]. `truncated` (optional) tells whether
    // tokens were dropped.
    std::vector<int64_t> encode(const std::string& text, bool* truncated = nullptr) const;
    // encode() padded with padId() to exactly maxLength() ids: what the text encoder gets.
    std::vector<int64_t> encodePadded(const std::string& text, bool* truncated = nullptr) const;
    // The BPE ids of the text alone, without bos/eos and without truncation.
    std::vector<int64_t> tokenize(const std::string& text) const;
    // Back to text: special tokens are left out, "</w>" becomes a space, bytes are reassembled.
    std::string decode(const std::vector<int64_t>& ids) const;

    int maxLength() const;
    int64_t padId() const;
    int64_t bosId() const;
    int64_t eosId() const;
    int64_t vocabSize() const;
    // The vocabulary entry of an id ("" when out of range), and the id of a token (−1 if absent).
    std::string tokenText(int64_t id) const;
    int64_t tokenId(const std::string& token) const;

    // The text cleanup the encoder applies before splitting (exposed for tests and `muse tokenize`).
    static std::string normalizeText(const std::string& text);
    // html.unescape() of Python: named (HTML5) and numeric character references.
    static std::string unescapeHtml(const std::string& text);

private:
    struct Tables;
    explicit ClipTokenizer(std::shared_ptr<const Tables> tables);
    std::shared_ptr<const Tables> m_tables;
};

} // namespace muse
