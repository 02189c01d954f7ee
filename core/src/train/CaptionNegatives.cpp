#include "train/CaptionNegatives.h"

#include "train/CaptionPlacement.h"
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

namespace {

// 0 for a word placed on the upper (left) side of the caption's relation, 1 for the lower (right)
// side, -1 for an unplaced word. Only relations place both axes' opposite ends in one caption; a
// relation scene names no regions (SyntheticScenes.cpp).
int relationSide(const WordPlacement& p)
{
    if (p.vertical == VerticalPlace::Top || p.horizontal == HorizontalPlace::Left)
        return 0;
    if (p.vertical == VerticalPlace::Bottom || p.horizontal == HorizontalPlace::Right)
        return 1;
    return -1;
}

// A word without its trailing punctuation ("square," → "square"), and the punctuation.
std::pair<std::string, std::string> splitPunctuation(const std::string& word)
{
    std::size_t end = word.size();
    while (end > 0 && (word[end - 1] == ',' || word[end - 1] == '.'))
        --end;
    return {word.substr(0, end), word.substr(end)};
}

// Exchanges two words, each keeping its own trailing punctuation.
void exchangeWords(std::string& a, std::string& b)
{
    auto [aCore, aTail] = splitPunctuation(a);
    auto [bCore, bTail] = splitPunctuation(b);
    a = bCore + aTail;
    b = aCore + bTail;
}

bool hasRelation(const std::string& caption)
{
    return withRelationReversed(caption).has_value();
}

} // namespace

std::optional<std::string> withRelationSidesSwapped(const std::string& caption)
{
    if (!hasRelation(caption))
        return std::nullopt;
    std::vector<std::string> w = captionWords(caption);
    const std::vector<WordPlacement> placed = captionPlacements(caption);
    int colour[2] = {-1, -1}, shape[2] = {-1, -1};
    for (std::size_t i = 0; i < w.size() && i < placed.size(); ++i) {
        const int side = relationSide(placed[i]);
        if (side < 0)
            continue;
        const std::string word = splitPunctuation(w[i]).first;
        if (colour[side] < 0 && colorFromName(word))
            colour[side] = int(i);
        if (shape[side] < 0 && shapeFromName(word))
            shape[side] = int(i);
    }
    if (colour[0] < 0 || colour[1] < 0 || shape[0] < 0 || shape[1] < 0)
        return std::nullopt;
    exchangeWords(w[std::size_t(colour[0])], w[std::size_t(colour[1])]);
    exchangeWords(w[std::size_t(shape[0])], w[std::size_t(shape[1])]);
    return joinedWords(w);
}

std::optional<bool> namesUpperObjectFirst(const std::string& caption)
{
    if (!hasRelation(caption))
        return std::nullopt;
    for (const WordPlacement& p : captionPlacements(caption))
        if (const int side = relationSide(p); side >= 0)
            return side == 0;
    return std::nullopt;
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
