#include "train/CaptionNegatives.h"

#include "train/SceneVocabulary.h"

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

std::optional<std::string> withRelationReversed(const std::string& caption)
{
    // The caption generator's relation words (SyntheticScenes.cpp relationPhrase); "beneath" has no
    // single-word opposite there, so it becomes "above". "left" and "right" are a relation only
    // before "of" ("on the left of"); elsewhere they name a region, which a bag of words reads.
    static const std::pair<const char*, const char*> kOpposite[] = {
        {"above", "below"}, {"below", "above"}, {"over", "under"}, {"under", "over"}, {"beneath", "above"},
    };
    std::vector<std::string> w = captionWords(caption);
    bool changed = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        std::string& word = w[i];
        const bool beforeOf = i + 1 < w.size() && w[i + 1] == "of";
        if (beforeOf && (word == "left" || word == "right")) {
            word = word == "left" ? "right" : "left";
            changed = true;
            continue;
        }
        for (const auto& [from, to] : kOpposite)
            if (word == from) {
                word = to;
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
    std::optional<std::string> reversed = withRelationReversed(caption);
    if (swapped && reversed)
        return u < 0.5 ? swapped : reversed;
    return swapped ? swapped : reversed;
}

} // namespace muse
