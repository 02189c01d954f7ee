#include "muse/ClipTokenizer.h"

#include "text/UnicodeTables.h"
#include "text/Utf8.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace muse {

namespace {

const char kStartOfText[] = "<|startoftext|>";
const char kEndOfText[] = "<|endoftext|>";
const char kEndOfWord[] = "</w>";
// Above this, model_max_length is Hugging Face's "no limit" sentinel (int(1e30)), not a length.
constexpr double kUnsetMaxLength = 1e6;
// The merge cache is unbounded in the reference; a long-lived app bounds it.
constexpr std::size_t kMaxCachedWords = 50000;

// GPT-2's reversible byte → printable-code-point map: printable Latin-1 bytes map to themselves,
// the rest to U+0100 onwards, so that every BPE symbol is visible text without spaces.
std::array<char32_t, 256> makeByteEncoder()
{
    std::array<char32_t, 256> map{};
    std::array<bool, 256> printable{};
    for (int b = 0; b < 256; ++b)
        printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    char32_t next = 256;
    for (int b = 0; b < 256; ++b)
        map[b] = printable[b] ? static_cast<char32_t>(b) : next++;
    return map;
}

bool isPythonSpace(char32_t cp)
{
    // str.strip() uses str.isspace(): White_Space plus the information separators U+001C..U+001F.
    return unicode::isWhiteSpace(cp) || (cp >= 0x1C && cp <= 0x1F);
}

// The pattern is matched case-insensitively by the reference; after lower() the only code point
// left that folds onto one of its ASCII letters is U+017F LATIN SMALL LETTER LONG S (→ s).
bool matchesFolded(char32_t cp, char ascii)
{
    return cp == static_cast<char32_t>(ascii) || (ascii == 's' && cp == 0x17F);
}

bool matchesLiteralAt(const std::u32string& text, std::size_t at, const char* literal)
{
    std::size_t i = 0;
    for (; literal[i]; ++i)
        if (at + i >= text.size() || !matchesFolded(text[at + i], literal[i]))
            return false;
    return true;
}

std::string readWholeFile(const std::string& path, bool& ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    if (!ok)
        return {};
    std::stringstream buffer;
    buffer << in.rdbuf();
    ok = !in.bad();
    return buffer.str();
}

std::string fileNameOf(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A special token as tokenizer_config.json / special_tokens_map.json write it: a string or an
// AddedToken object {"content": ...}. Empty when absent.
std::string specialTokenName(const nlohmann::json& json, const char* key)
{
    auto it = json.find(key);
    if (it == json.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_object()) {
        auto content = it->find("content");
        if (content != it->end() && content->is_string())
            return content->get<std::string>();
    }
    return {};
}

Result<nlohmann::json> readJsonObject(const std::string& path)
{
    bool ok = false;
    const std::string text = readWholeFile(path, ok);
    if (!ok)
        return Status(ErrorCode::IoError, path + ": cannot read");
    nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return Status(ErrorCode::CorruptFile, path + ": not valid JSON");
    if (!json.is_object())
        return Status(ErrorCode::CorruptFile, path + ": not a JSON object");
    return json;
}

bool fileExists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

} // namespace

struct ClipTokenizer::Tables {
    // Which vocabulary entries play the special roles, and where that was said (for errors).
    struct Settings {
        std::string bos = kStartOfText;
        std::string eos = kEndOfText;
        std::string unknown = kEndOfText;
        std::string pad; // empty: the eos token
        std::string bosSource, eosSource, unknownSource, padSource;
        int maxLength = kDefaultMaxLength;
    };

    std::unordered_map<std::string, int64_t> vocab;
    std::vector<std::string> idToToken;
    std::unordered_map<std::string, int> mergeRanks; // "first second" → rank
    std::array<std::string, 256> byteSymbols;          // UTF-8 of the byte encoder's code points
    std::unordered_map<char32_t, uint8_t> byteDecoder;
    int64_t bosId = -1;
    int64_t eosId = -1;
    int64_t padId = -1;
    int64_t unknownId = -1;
    int64_t startOfTextId = -1; // the pattern's special tokens, when the vocabulary has them
    int64_t endOfTextId = -1;
    int maxLength = kDefaultMaxLength;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int64_t>> cache;

    static Result<std::shared_ptr<const Tables>> fromFiles(const std::string& vocabPath, const std::string& mergesPath,
                                                           const Settings& settings);
    int64_t idOf(const std::string& token) const
    {
        auto it = vocab.find(token);
        return it == vocab.end() ? -1 : it->second;
    }
    void appendWordIds(const std::string& word, std::vector<int64_t>& out) const;
    std::vector<int64_t> tokenize(const std::string& text) const;
};

auto ClipTokenizer::Tables::fromFiles(const std::string& vocabPath, const std::string& mergesPath,
                                     const Settings& settings) -> Result<std::shared_ptr<const Tables>>
{
    auto tables = std::make_shared<Tables>();

    if (!fileExists(vocabPath))
        return Status(ErrorCode::NotFound, vocabPath + ": not found (a CLIP tokenizer needs vocab.json and merges.txt)");
    auto vocabJson = readJsonObject(vocabPath);
    if (!vocabJson)
        return vocabJson.status();
    int64_t largestId = -1;
    for (const auto& [token, value] : vocabJson->items()) {
        if (!value.is_number_integer() || value.get<int64_t>() < 0)
            return Status(ErrorCode::CorruptFile,
                          vocabPath + ": the id of \"" + token + "\" is not a non-negative integer");
        const int64_t id = value.get<int64_t>();
        if (id > 10'000'000)
            return Status(ErrorCode::CorruptFile, vocabPath + ": id " + std::to_string(id) + " of \"" + token +
                                                      "\" is implausibly large");
        tables->vocab.emplace(token, id);
        largestId = std::max(largestId, id);
    }
    if (tables->vocab.empty())
        return Status(ErrorCode::CorruptFile, vocabPath + ": the vocabulary is empty");
    tables->idToToken.resize(static_cast<std::size_t>(largestId + 1));
    for (const auto& [token, id] : tables->vocab)
        if (tables->idToToken[id].empty())
            tables->idToToken[id] = token;

    const auto byteEncoder = makeByteEncoder();
    for (int b = 0; b < 256; ++b) {
        tables->byteSymbols[b].clear();
        utf8::append(tables->byteSymbols[b], byteEncoder[b]);
        tables->byteDecoder[byteEncoder[b]] = static_cast<uint8_t>(b);
    }

    if (!fileExists(mergesPath))
        return Status(ErrorCode::NotFound, mergesPath + ": not found (a CLIP tokenizer needs vocab.json and merges.txt)");
    bool ok = false;
    const std::string merges = readWholeFile(mergesPath, ok);
    if (!ok)
        return Status(ErrorCode::IoError, mergesPath + ": cannot read");
    std::vector<std::string> lines;
    {
        std::istringstream in(merges);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            lines.push_back(line);
        }
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    int rank = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (i == 0 && line.rfind("#version", 0) == 0)
            continue;
        const auto space = line.find(' ');
        if (line.empty() || space == std::string::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string::npos)
            return Status(ErrorCode::CorruptFile, mergesPath + ": line " + std::to_string(i + 1) +
                                                      ": expected two symbols separated by one space, got \"" +
                                                      line.substr(0, 80) + "\"");
        // OpenAI's merge list is longer than the vocabulary built from it; the Hugging Face
        // tokenizer keeps only the merges the vocabulary covers, and so do we (by content).
        const std::string merged = line.substr(0, space) + line.substr(space + 1);
        if (!tables->vocab.count(merged))
            continue;
        tables->mergeRanks.emplace(line, rank++);
    }
    if (tables->mergeRanks.empty())
        return Status(ErrorCode::CorruptFile, mergesPath + ": no merge whose result is in " + fileNameOf(vocabPath));

    auto requireToken = [&](const std::string& name, const std::string& role, const std::string& source,
                            int64_t& id) -> Status {
        id = tables->idOf(name);
        if (id < 0)
            return Status(ErrorCode::ConfigMismatch,
                          (source.empty() ? vocabPath : source) + ": the " + role + " token \"" + name + "\" is not in " +
                              (source.empty() ? std::string("the vocabulary") : vocabPath));
        return Status::ok();
    };
    MUSE_RETURN_IF_ERROR(requireToken(settings.bos, "start-of-text (bos)", settings.bosSource, tables->bosId));
    MUSE_RETURN_IF_ERROR(requireToken(settings.eos, "end-of-text (eos)", settings.eosSource, tables->eosId));
    MUSE_RETURN_IF_ERROR(requireToken(settings.pad.empty() ? settings.eos : settings.pad, "padding",
                                      settings.pad.empty() ? settings.eosSource : settings.padSource, tables->padId));
    MUSE_RETURN_IF_ERROR(requireToken(settings.unknown, "unknown", settings.unknownSource, tables->unknownId));
    tables->startOfTextId = tables->idOf(kStartOfText);
    tables->endOfTextId = tables->idOf(kEndOfText);
    tables->maxLength = settings.maxLength;
    return std::shared_ptr<const Tables>(std::move(tables));
}

// Merges the byte symbols of one pre-tokenized word by rank, as the reference does: repeatedly
// join every occurrence (left to right) of the adjacent pair with the lowest merge rank.
void ClipTokenizer::Tables::appendWordIds(const std::string& word, std::vector<int64_t>& out) const
{
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        auto hit = cache.find(word);
        if (hit != cache.end()) {
            out.insert(out.end(), hit->second.begin(), hit->second.end());
            return;
        }
    }
    std::vector<int64_t> ids;
    if (word == kStartOfText && startOfTextId >= 0) {
        ids.push_back(startOfTextId);
    } else if (word == kEndOfText && endOfTextId >= 0) {
        ids.push_back(endOfTextId);
    } else {
        std::vector<std::string> symbols;
        symbols.reserve(word.size());
        for (unsigned char byte : word)
            symbols.push_back(byteSymbols[byte]);
        if (symbols.empty())
            return;
        symbols.back() += kEndOfWord;

        std::string key;
        while (symbols.size() > 1) {
            int bestRank = std::numeric_limits<int>::max();
            std::size_t bestAt = symbols.size();
            for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
                key.assign(symbols[i]).append(1, ' ').append(symbols[i + 1]);
                auto it = mergeRanks.find(key);
                if (it != mergeRanks.end() && it->second < bestRank) {
                    bestRank = it->second;
                    bestAt = i;
                }
            }
            if (bestAt == symbols.size())
                break;
            const std::string first = symbols[bestAt];
            const std::string second = symbols[bestAt + 1];
            std::vector<std::string> merged;
            merged.reserve(symbols.size());
            for (std::size_t i = 0; i < symbols.size();) {
                if (i + 1 < symbols.size() && symbols[i] == first && symbols[i + 1] == second) {
                    merged.push_back(first + second);
                    i += 2;
                } else {
                    merged.push_back(std::move(symbols[i]));
                    i += 1;
                }
            }
            symbols = std::move(merged);
        }
        for (const auto& symbol : symbols) {
            const int64_t id = idOf(symbol);
            // Only reachable with a vocabulary that lacks a byte symbol; the Hugging Face
            // tokenizer falls back to its unknown token (<|endoftext|>) there too.
            ids.push_back(id >= 0 ? id : unknownId);
        }
    }
    out.insert(out.end(), ids.begin(), ids.end());
    std::lock_guard<std::mutex> lock(cacheMutex);
    if (cache.size() >= kMaxCachedWords)
        cache.clear();
    cache.emplace(word, std::move(ids));
}

namespace {

// Python's str.lower() over the whole text, with its Final_Sigma rule: U+03A3 becomes final
// sigma after a cased letter (case-ignorable characters skipped) when no cased letter follows.
std::u32string lowercase(const std::u32string& text)
{
    std::u32string out;
    out.reserve(text.size());
    char32_t lowered[3];
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t cp = text[i];
        if (cp == 0x3A3) {
            std::size_t j = i;
            while (j > 0 && unicode::isCaseIgnorable(text[j - 1]))
                --j;
            bool final = j > 0 && unicode::isCased(text[j - 1]);
            if (final) {
                std::size_t k = i + 1;
                while (k < text.size() && unicode::isCaseIgnorable(text[k]))
                    ++k;
                final = k == text.size() || !unicode::isCased(text[k]);
            }
            out.push_back(final ? 0x3C2 : 0x3C3);
            continue;
        }
        const int n = unicode::lowercaseOf(cp, lowered);
        out.append(lowered, lowered + n);
    }
    return out;
}

bool isAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool isAsciiHexDigit(char32_t c) { return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// html.unescape(): the references are matched by
//   &(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)
// and resolved like Python does (numeric rules of the HTML standard; for names, the whole name,
// else its longest prefix that is an entity, else the text is kept).
std::u32string unescapeHtmlOnce(const std::u32string& text)
{
    if (text.find(U'&') == std::u32string::npos)
        return text;
    std::u32string out;
    out.reserve(text.size());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        if (text[i] != U'&') {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t j = i + 1;
        if (j < n && text[j] == U'#') {
            const bool hex = j + 1 < n && (text[j + 1] == U'x' || text[j + 1] == U'X');
            std::size_t k = hex ? j + 2 : j + 1;
            const std::size_t digitsBegin = k;
            uint64_t number = 0;
            while (k < n && (hex ? isAsciiHexDigit(text[k]) : isAsciiDigit(text[k]))) {
                const char32_t c = text[k];
                const uint64_t digit = isAsciiDigit(c) ? c - U'0' : (c | 0x20) - U'a' + 10;
                // Saturate: anything past U+10FFFF becomes U+FFFD anyway.
                number = std::min<uint64_t>(number * (hex ? 16 : 10) + digit, 0x7FFFFFFFull);
                ++k;
            }
            if (k == digitsBegin) {
                // "&#" or "&#x" without digits: '#' cannot start a name, so nothing matches.
                out.push_back(text[i++]);
                continue;
            }
            if (k < n && text[k] == U';')
                ++k;
            const unicode::CharRefResult r = unicode::resolveCharRef(number);
            if (r.kind == unicode::CharRefResult::Kind::CodePoint)
                out.push_back(r.codePoint);
            i = k;
            continue;
        }
        std::size_t k = j;
        auto isNameChar = [](char32_t c) {
            return c != U'\t' && c != U'\n' && c != U'\f' && c != U' ' && c != U'<' && c != U'&' && c != U'#' &&
                   c != U';';
        };
        while (k < n && k - j < 32 && isNameChar(text[k]))
            ++k;
        if (k == j) {
            out.push_back(text[i++]);
            continue;
        }
        if (k < n && text[k] == U';')
            ++k;
        const std::u32string name = text.substr(j, k - j);
        if (const char* value = unicode::findHtmlEntity(utf8::encode(name))) {
            out += utf8::decode(value);
        } else {
            bool found = false;
            for (std::size_t length = name.size() - 1; length >= 2; --length) {
                if (const char* prefixValue = unicode::findHtmlEntity(utf8::encode(name.substr(0, length)))) {
                    out += utf8::decode(prefixValue);
                    out += name.substr(length);
                    found = true;
                    break;
                }
            }
            if (!found) {
                out.push_back(U'&');
                out += name;
            }
        }
        i = k;
    }
    return out;
}

// The reference runs ftfy.fix_text first, which among other repairs straightens curly quotes;
// typed prompts are full of them, and "it’s" must split like "it's". Done after the HTML
// unescaping so that &rsquo; straightens too, as it does with ftfy's own unescaping.
void uncurlQuotes(std::u32string& text)
{
    for (char32_t& c : text) {
        if (c == 0x2BC || (c >= 0x2018 && c <= 0x201B))
            c = U'\'';
        else if (c >= 0x201C && c <= 0x201F)
            c = U'"';
    }
}

// re.sub(r"\s+", " ") with the `regex` module's \s, then str.strip().
std::u32string collapseWhitespace(const std::u32string& text)
{
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (unicode::isWhiteSpace(text[i])) {
            out.push_back(U' ');
            while (i < text.size() && unicode::isWhiteSpace(text[i]))
                ++i;
        } else {
            out.push_back(text[i++]);
        }
    }
    std::size_t begin = 0, end = out.size();
    while (begin < end && isPythonSpace(out[begin]))
        ++begin;
    while (end > begin && isPythonSpace(out[end - 1]))
        --end;
    return out.substr(begin, end - begin);
}

std::u32string normalize(const std::string& text)
{
    std::u32string t = utf8::decode(text);
    t = unescapeHtmlOnce(unescapeHtmlOnce(t));
    uncurlQuotes(t);
    return lowercase(collapseWhitespace(t));
}

// The reference pattern, alternatives tried in order at each position (no backtracking into a
// finished piece):
//   <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
std::vector<std::string> splitWords(const std::u32string& text)
{
    static const char* const kContractions[] = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    std::vector<std::string> words;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        std::size_t end = i;
        if (matchesLiteralAt(text, i, kStartOfText)) {
            end = i + std::char_traits<char>::length(kStartOfText);
        } else if (matchesLiteralAt(text, i, kEndOfText)) {
            end = i + std::char_traits<char>::length(kEndOfText);
        } else {
            for (const char* contraction : kContractions)
                if (matchesLiteralAt(text, i, contraction)) {
                    end = i + std::char_traits<char>::length(contraction);
                    break;
                }
        }
        if (end == i) {
            const char32_t c = text[i];
            if (unicode::isLetter(c)) {
                while (end < n && unicode::isLetter(text[end]))
                    ++end;
            } else if (unicode::isNumber(c)) {
                end = i + 1;
            } else if (!unicode::isWhiteSpace(c)) {
                while (end < n && !unicode::isWhiteSpace(text[end]) && !unicode::isLetter(text[end]) &&
                       !unicode::isNumber(text[end]))
                    ++end;
            }
        }
        if (end == i) {
            ++i; // white space between pieces
            continue;
        }
        words.push_back(utf8::encode(text.substr(i, end - i)));
        i = end;
    }
    return words;
}

} // namespace

std::vector<int64_t> ClipTokenizer::Tables::tokenize(const std::string& text) const
{
    std::vector<int64_t> ids;
    for (const auto& word : splitWords(normalize(text)))
        appendWordIds(word, ids);
    return ids;
}

ClipTokenizer::ClipTokenizer(std::shared_ptr<const Tables> tables) : m_tables(std::move(tables)) {}

Result<ClipTokenizer> ClipTokenizer::load(const std::string& vocabPath, const std::string& mergesPath)
{
    auto tables = Tables::fromFiles(vocabPath, mergesPath, Tables::Settings{});
    if (!tables)
        return tables.status();
    return ClipTokenizer(tables.takeValue());
}

Result<ClipTokenizer> ClipTokenizer::loadFolder(const std::string& folder)
{
    const std::string vocabPath = folder + "/vocab.json";
    const std::string mergesPath = folder + "/merges.txt";
    Tables::Settings settings;
    // tokenizer_config.json first, special_tokens_map.json over it (the Hugging Face order).
    for (const char* name : {"tokenizer_config.json", "special_tokens_map.json"}) {
        const std::string path = folder + "/" + name;
        if (!fileExists(path))
            continue;
        auto json = readJsonObject(path);
        if (!json)
            return json.status();
        auto take = [&](const char* key, std::string& token, std::string& source) {
            std::string value = specialTokenName(*json, key);
            if (!value.empty()) {
                token = std::move(value);
                source = path;
            }
        };
        take("bos_token", settings.bos, settings.bosSource);
        take("eos_token", settings.eos, settings.eosSource);
        take("unk_token", settings.unknown, settings.unknownSource);
        take("pad_token", settings.pad, settings.padSource);
        auto maxLength = json->find("model_max_length");
        if (maxLength != json->end() && !maxLength->is_null()) {
            if (!maxLength->is_number())
                return Status(ErrorCode::CorruptFile, path + ": \"model_max_length\" is not a number");
            const double value = maxLength->get<double>();
            if (value < kUnsetMaxLength) {
                if (!(value >= 2) || value != std::floor(value))
                    return Status(ErrorCode::ConfigMismatch,
                                  path + ": \"model_max_length\" must be a whole number of at least 2 (room for "
                                         "the start and end tokens)");
                settings.maxLength = static_cast<int>(value);
            }
        }
    }
    auto tables = Tables::fromFiles(vocabPath, mergesPath, settings);
    if (!tables)
        return tables.status();
    return ClipTokenizer(tables.takeValue());
}

std::vector<int64_t> ClipTokenizer::tokenize(const std::string& text) const { return m_tables->tokenize(text); }

std::vector<int64_t> ClipTokenizer::encode(const std::string& text, bool* truncated) const
{
    std::vector<int64_t> tokens = m_tables->tokenize(text);
    const std::size_t room = static_cast<std::size_t>(m_tables->maxLength - 2);
    if (truncated)
        *truncated = tokens.size() > room;
    if (tokens.size() > room)
        tokens.resize(room);
    std::vector<int64_t> ids;
    ids.reserve(tokens.size() + 2);
    ids.push_back(m_tables->bosId);
    ids.insert(ids.end(), tokens.begin(), tokens.end());
    ids.push_back(m_tables->eosId);
    return ids;
}

std::vector<int64_t> ClipTokenizer::encodePadded(const std::string& text, bool* truncated) const
{
    std::vector<int64_t> ids = encode(text, truncated);
    ids.resize(static_cast<std::size_t>(m_tables->maxLength), m_tables->padId);
    return ids;
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const
{
    // Padding is dropped only at the end: a pad token such as "!" is also ordinary text.
    std::size_t count = ids.size();
    while (count > 0 && ids[count - 1] == m_tables->padId)
        --count;
    std::string bytes;
    for (std::size_t i = 0; i < count; ++i) {
        const int64_t id = ids[i];
        if (id == m_tables->bosId || id == m_tables->eosId || id == m_tables->startOfTextId || id == m_tables->endOfTextId)
            continue;
        if (id < 0 || id >= static_cast<int64_t>(m_tables->idToToken.size()))
            continue;
        for (char32_t cp : utf8::decode(m_tables->idToToken[static_cast<std::size_t>(id)])) {
            auto it = m_tables->byteDecoder.find(cp);
            if (it != m_tables->byteDecoder.end())
                bytes.push_back(static_cast<char>(it->second));
        }
    }
    // Invalid byte sequences (a word cut inside a character) become U+FFFD, as errors="replace".
    std::string text = utf8::encode(utf8::decode(bytes));
    std::string out;
    const std::string marker = kEndOfWord;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, marker.size(), marker) == 0) {
            out.push_back(' ');
            i += marker.size();
        } else {
            out.push_back(text[i++]);
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

int ClipTokenizer::maxLength() const { return m_tables->maxLength; }
int64_t ClipTokenizer::padId() const { return m_tables->padId; }
int64_t ClipTokenizer::bosId() const { return m_tables->bosId; }
int64_t ClipTokenizer::eosId() const { return m_tables->eosId; }
int64_t ClipTokenizer::vocabSize() const { return static_cast<int64_t>(m_tables->vocab.size()); }

std::string ClipTokenizer::tokenText(int64_t id) const
{
    if (id < 0 || id >= static_cast<int64_t>(m_tables->idToToken.size()))
        return {};
    return m_tables->idToToken[static_cast<std::size_t>(id)];
}

int64_t ClipTokenizer::tokenId(const std::string& token) const { return m_tables->idOf(token); }

std::string ClipTokenizer::normalizeText(const std::string& text) { return utf8::encode(normalize(text)); }

std::string ClipTokenizer::unescapeHtml(const std::string& text)
{
    return utf8::encode(unescapeHtmlOnce(utf8::decode(text)));
}

} // namespace muse
