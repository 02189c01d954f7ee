#include "train/CaptionNegatives.h"

#include "train/SceneVocabulary.h"

#include <cctype>
#include <sstream>

namespace muse {

std::vector<std::string> captionWords(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::string joinedWords(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& x : words)
        out += (out.empty() ? "" : " ") + x;
    return out;
}

std::pair<int, int> swappedColourWords(const std::vector<std::string>& words)
{
    int first = -1;
    for (int i = 0; i < int(words.size()); ++i) {
        if (!colorFromName(words[std::size_t(i)]))
            continue;
        if (first < 0)
            first = i;
        else if (words[std::size_t(i)] != words[std::size_t(first)])
            return {first, i};
    }
    return {first, -1};
}

std::optional<std::string> withColoursSwapped(const std::string& caption)
{
    std::vector<std::string> w = captionWords(caption);
    const auto [first, second] = swappedColourWords(w);
    if (second < 0)
        return std::nullopt;
    std::swap(w[std::size_t(first)], w[std::size_t(second)]);
    return joinedWords(w);
}

std::optional<std::string> withPlacesMirrored(const std::string& caption)
{
    // The caption generator's place words (SyntheticScenes.cpp); "beneath" has no single-word
    // opposite there, so it becomes "above" and nothing becomes "beneath".
    static const std::pair<const char*, const char*> kMirror[] = {
        {"above", "below"}, {"below", "above"}, {"over", "under"}, {"under", "over"}, {"beneath", "above"},
        {"left", "right"},  {"right", "left"},  {"top", "bottom"}, {"bottom", "top"}, {"upper", "lower"},
        {"lower", "upper"},
    };
    std::vector<std::string> w = captionWords(caption);
    bool changed = false;
    for (std::string& word : w) {
        std::size_t end = word.size(); // the word without trailing punctuation ("left," → "left")
        while (end > 0 && !std::isalpha(static_cast<unsigned char>(word[end - 1])))
            --end;
        const std::string bare = word.substr(0, end);
        for (const auto& [from, to] : kMirror)
            if (bare == from) {
                word = to + word.substr(end);
                changed = true;
                break;
            }
    }
    if (!changed)
        return std::nullopt;
    return joinedWords(w);
}

std::optional<std::string> orderNegative(const std::string& caption, double u)
{
    std::optional<std::string> swapped = withColoursSwapped(caption);
    std::optional<std::string> mirrored = withPlacesMirrored(caption);
    if (swapped && mirrored)
        return u < 0.5 ? swapped : mirrored;
    return swapped ? swapped : mirrored;
}

} // namespace muse
