#include "check/FixtureCase.h"

#include "muse/ClipTokenizer.h"
#include "util/LoadError.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace muse {

namespace {

bool hasVocabulary(const std::string& dir)
{
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / "vocab.json", ec) && fs::is_regular_file(fs::path(dir) / "merges.txt", ec);
}

std::string idList(const std::vector<int64_t>& ids)
{
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + std::to_string(ids[i]);
    return out + "]";
}

} // namespace

// The CLIP vocabulary is not part of the project: the case folder may carry it, else it comes
// from the --vocab-dir folders; without it the case is skipped, not failed.
void runClipTokenizerCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    std::vector<std::string> searched = {fixture.folder};
    searched.insert(searched.end(), fixture.options.vocabularyDirs.begin(), fixture.options.vocabularyDirs.end());
    std::string vocabDir;
    for (const auto& dir : searched)
        if (hasVocabulary(dir)) {
            vocabDir = dir;
            break;
        }
    if (vocabDir.empty()) {
        result.outcome = FixtureCaseResult::Outcome::Skipped;
        std::string where;
        for (const auto& dir : searched)
            where += (where.empty() ? "" : ", ") + dir;
        result.detail = "no vocab.json + merges.txt in " + where + " (pass --vocab-dir)";
        return;
    }
    // The fixture's ids follow OpenAI's defaults (77 positions), whatever configs sit next to
    // the vocabulary, so the files are loaded without them.
    auto tokenizer = ClipTokenizer::load(vocabDir + "/vocab.json", vocabDir + "/merges.txt");
    if (!tokenizer)
        throw LoadError(tokenizer.status());

    const std::string casesPath = fixture.file("cases.json");
    std::ifstream in(casesPath, std::ios::binary);
    if (!in)
        throw LoadError(ErrorCode::NotFound, casesPath + ": cannot open");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const nlohmann::json cases = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
    if (cases.is_discarded() || !cases.is_array() || cases.empty())
        throw LoadError(ErrorCode::CorruptFile, casesPath + ": expected a non-empty JSON list of {text, ids}");

    int wrong = 0;
    std::string firstFailure;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& item = cases[i];
        if (!item.is_object() || !item.contains("text") || !item["text"].is_string() || !item.contains("ids") ||
            !item["ids"].is_array())
            throw LoadError(ErrorCode::CorruptFile, casesPath + ": entry " + std::to_string(i) + " lacks text/ids");
        const std::string text = item["text"].get<std::string>();
        const std::vector<int64_t> expected = item["ids"].get<std::vector<int64_t>>();
        bool truncated = false;
        const std::vector<int64_t> actual = tokenizer->encode(text, &truncated);
        bool ok = actual == expected;
        if (ok && item.contains("untruncated_len")) {
            const int64_t untruncated = static_cast<int64_t>(tokenizer->tokenize(text).size()) + 2;
            ok = untruncated == item["untruncated_len"].get<int64_t>() &&
                 truncated == (untruncated > tokenizer->maxLength());
        }
        if (!ok) {
            ++wrong;
            if (firstFailure.empty())
                firstFailure = "\"" + text.substr(0, 60) + "\" gives " + idList(actual) + ", expected " + idList(expected);
        }
    }
    if (wrong > 0) {
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail = std::to_string(wrong) + " of " + std::to_string(cases.size()) + " texts differ; first: " + firstFailure;
    } else {
        result.detail = std::to_string(cases.size()) + " texts exact (vocabulary from " + vocabDir + ")";
    }
}

} // namespace muse
