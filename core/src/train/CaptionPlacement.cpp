#include "train/CaptionPlacement.h"

#include "train/CaptionNegatives.h"
#include "train/SceneVocabulary.h"

#include <algorithm>
#include <cctype>

namespace muse {

namespace {

std::string bare(const std::string& word)
{
    std::string w = word;
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back())))
        w.pop_back();
    return w;
}

bool endsPhrase(const std::string& word) { return !word.empty() && word.back() == ','; }

bool isShapeWord(const std::string& w)
{
    if (shapeFromName(w))
        return true;
    for (Shape s : allValues<Shape, kShapeCount>())
        if (w == shapePlural(s))
            return true;
    return false;
}

// Words a noun phrase is made of (SyntheticScenes.cpp nounPhrase): article or number, size, colour,
// shape; a shape ends it.
bool isNounPhraseWord(const std::string& w)
{
    static const char* const kLeading[] = {"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                           "tiny", "small", "medium", "medium-sized", "big", "large"};
    if (std::find_if(std::begin(kLeading), std::end(kLeading), [&](const char* x) { return w == x; }) != std::end(kLeading))
        return true;
    if (!w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return true;
    return colorFromName(w).has_value() || isShapeWord(w);
}

enum class Kind { NounPhrase, Relation, Region, Other };

struct Segment {
    Kind kind = Kind::Other;
    int begin = 0, end = 0;    // words [begin, end]
    WordPlacement subject;     // Relation: the subject's side; Region: the place
    WordPlacement object;      // Relation: the object's side
    bool comma = false;        // the last word ends in a comma
};

// "above", "below" ..., "left of", "to the left of", "on the right of": the number of words, 0 if none.
int relationAt(const std::vector<std::string>& w, std::size_t i, Segment& s)
{
    auto at = [&](std::size_t k) { return k < w.size() ? bare(w[k]) : std::string(); };
    const std::string x = at(i);
    auto vertical = [&](VerticalPlace subject, VerticalPlace object) {
        s.subject.vertical = subject;
        s.object.vertical = object;
        return 1;
    };
    if (x == "above" || x == "over")
        return vertical(VerticalPlace::Top, VerticalPlace::Bottom);
    if (x == "below" || x == "under" || x == "beneath")
        return vertical(VerticalPlace::Bottom, VerticalPlace::Top);
    std::size_t side = i;
    if ((x == "to" || x == "on") && at(i + 1) == "the")
        side = i + 2;
    const std::string sideWord = at(side);
    if ((sideWord != "left" && sideWord != "right") || at(side + 1) != "of")
        return 0;
    const bool left = sideWord == "left";
    s.subject.horizontal = left ? HorizontalPlace::Left : HorizontalPlace::Right;
    s.object.horizontal = left ? HorizontalPlace::Right : HorizontalPlace::Left;
    return int(side + 2 - i);
}

// "in the top left (corner)", "at the top", "near the bottom", "on the left side", "in the middle":
// the number of words, 0 if none. The place is the region's cell: a row alone ("at the top") is
// the middle column's, a column alone the middle row's, as the renderer places them.
int regionAt(const std::vector<std::string>& w, std::size_t i, Segment& s)
{
    const std::string x = bare(w[i]);
    if ((x != "in" && x != "at" && x != "near" && x != "on") || i + 1 >= w.size() || w[i + 1] != "the")
        return 0;
    int row = -1, column = -1;
    bool named = false;
    std::size_t k = i + 2;
    for (; k < w.size(); ++k) {
        const std::string y = bare(w[k]);
        if (y == "top" || y == "upper")
            row = 0;
        else if (y == "bottom" || y == "lower")
            row = 2;
        else if (y == "left")
            column = 0;
        else if (y == "right")
            column = 2;
        else if (y != "center" && y != "middle" && y != "corner" && y != "side")
            break;
        named = true;
        if (endsPhrase(w[k])) {
            ++k;
            break;
        }
    }
    if (!named || (k < w.size() && w[k] == "of")) // "on the left of" is a relation
        return 0;
    static const VerticalPlace kRows[] = {VerticalPlace::Top, VerticalPlace::Middle, VerticalPlace::Bottom};
    static const HorizontalPlace kColumns[] = {HorizontalPlace::Left, HorizontalPlace::Centre, HorizontalPlace::Right};
    s.subject.vertical = kRows[row < 0 ? 1 : row];
    s.subject.horizontal = kColumns[column < 0 ? 1 : column];
    return int(k - i);
}

std::vector<Segment> segments(const std::vector<std::string>& w)
{
    std::vector<Segment> out;
    for (std::size_t i = 0; i < w.size();) {
        Segment s;
        s.begin = int(i);
        int length = relationAt(w, i, s);
        s.kind = Kind::Relation;
        if (length == 0) {
            s = Segment{};
            s.begin = int(i);
            length = regionAt(w, i, s);
            s.kind = Kind::Region;
        }
        if (length == 0) {
            s = Segment{};
            s.begin = int(i);
            s.kind = Kind::Other;
            length = 1;
            for (std::size_t j = i; j < w.size() && isNounPhraseWord(bare(w[j])); ++j) {
                if (isShapeWord(bare(w[j]))) {
                    s.kind = Kind::NounPhrase;
                    length = int(j - i + 1);
                    break;
                }
                if (endsPhrase(w[j]))
                    break;
            }
        }
        s.end = s.begin + length - 1;
        s.comma = endsPhrase(w[std::size_t(s.end)]);
        out.push_back(s);
        i += std::size_t(length);
    }
    return out;
}

} // namespace

std::vector<WordPlacement> captionPlacements(const std::string& caption)
{
    const std::vector<std::string> w = captionWords(caption);
    std::vector<WordPlacement> out(w.size());
    const std::vector<Segment> s = segments(w);
    auto place = [&](const Segment& np, WordPlacement p) {
        for (int k = np.begin; k <= np.end; ++k)
            out[std::size_t(k)] = p;
    };
    auto isWord = [&](const Segment& x, std::initializer_list<const char*> words) {
        return x.kind == Kind::Other &&
               std::any_of(words.begin(), words.end(), [&](const char* y) { return w[std::size_t(x.begin)] == y; });
    };
    for (std::size_t r = 0; r < s.size(); ++r) {
        if (s[r].kind == Kind::Relation) {
            std::size_t before = r;
            if (before > 0 && isWord(s[before - 1], {"is", "are"}))
                --before;
            if (before > 0 && s[before - 1].kind == Kind::NounPhrase && !s[before - 1].comma)
                place(s[before - 1], s[r].subject);
            if (r + 1 < s.size() && s[r + 1].kind == Kind::NounPhrase)
                place(s[r + 1], s[r].object);
        } else if (s[r].kind == Kind::Region) {
            if (r > 0 && s[r - 1].kind == Kind::NounPhrase && !s[r - 1].comma) {
                place(s[r - 1], s[r].subject);
                continue;
            }
            // "in the top left, a red circle", "in the top left there is a red circle"
            std::size_t next = r + 1;
            while (next < s.size() && isWord(s[next], {"there", "is", "are"}))
                ++next;
            if (next < s.size() && s[next].kind == Kind::NounPhrase)
                place(s[next], s[r].subject);
        }
    }
    return out;
}

std::optional<std::vector<WordPlacement>> piecePlacements(const T5Tokenizer& tokenizer, const std::string& caption)
{
    const std::vector<std::string> words = captionWords(caption);
    const std::vector<WordPlacement> placed = captionPlacements(caption);
    std::vector<int64_t> joined;
    std::vector<WordPlacement> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::vector<int64_t> pieces = tokenizer.encode(words[i]);
        pieces.pop_back(); // EOS
        joined.insert(joined.end(), pieces.begin(), pieces.end());
        out.insert(out.end(), pieces.size(), placed[i]);
    }
    joined.push_back(tokenizer.eosId());
    out.push_back(WordPlacement{});
    if (joined != tokenizer.encode(caption))
        return std::nullopt;
    return out;
}

} // namespace muse
