#pragma once
// Captions that are wrong for their image in exactly what a bag of words cannot see: the same words
// in another order. "a white heart above a yellow square" → "a yellow heart above a white square"
// (the colours swapped: binding) or → "a white heart below a yellow square" (the relation reversed,
// which says the same as the nouns swapped). The text-order probe measures with the first; the base
// stage's ranking term (TrainOptions::orderNegatives) trains with both. Named regions ("in the top
// left") are not negated: a bag of words already reads them.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace muse {

// The caption's words split at spaces, punctuation kept on its word ("background," stays whole).
std::vector<std::string> captionWords(const std::string& text);
std::string joinedWords(const std::vector<std::string>& words);

// The positions of the first two different colour words; second = -1 when there are fewer.
std::pair<int, int> swappedColourWords(const std::vector<std::string>& words);

// The caption with its first two different colour words swapped; nullopt when it has fewer.
std::optional<std::string> withColoursSwapped(const std::string& caption);

// The caption with its relation reversed (above ↔ below, over ↔ under, beneath → above, left of ↔
// right of); nullopt when it has no relation.
std::optional<std::string> withRelationReversed(const std::string& caption);

// The caption with the colour and shape words of its relation's two sides exchanged ("a white heart
// above a yellow square" → "a yellow square above a white heart"; stated sizes stay where they are);
// nullopt when it has no relation. Unlike the reversed word, this tells a model that places the
// first-named object by word order alone from one that places nothing by the caption.
std::optional<std::string> withRelationSidesSwapped(const std::string& caption);

// Whether the caption names its relation's upper (or left) object first ("above", "left of") or
// its lower (right) one ("below", "right of"); nullopt when it has no relation.
std::optional<bool> namesUpperObjectFirst(const std::string& caption);

// One of the two negatives above, chosen by u in [0, 1) among those the caption has; nullopt when
// it has neither (a single object with no place, one colour for all).
std::optional<std::string> orderNegative(const std::string& caption, double u);

} // namespace muse
