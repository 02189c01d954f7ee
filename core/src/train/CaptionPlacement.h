#pragma once
// Where the caption puts each object, word by word: the words of "a white heart" in "a white heart
// above a yellow cross" are told "top", those of "a yellow cross" "bottom"; in "a red star in the
// top left" the star's words are "top" and "left". The text pretraining predicts this from each
// piece's state (TrainOptions::textPlacement), because the neighbour terms reach only two pieces
// away: the object of "above a yellow cross" never had to know it stands below. (A base stage
// fine-tuned on such an encoder on the CPU still did not place by it: docs/training.md,
// "Twenty-first session".) The labels are read from the caption alone, by the grammar of the
// caption generator (SyntheticScenes.cpp).

#include "muse/T5Tokenizer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace muse {

enum class VerticalPlace : uint8_t { None, Top, Middle, Bottom };
enum class HorizontalPlace : uint8_t { None, Left, Centre, Right };
constexpr int kPlaceClasses = 4; // each of the two enums

struct WordPlacement {
    VerticalPlace vertical = VerticalPlace::None;
    HorizontalPlace horizontal = HorizontalPlace::None;
    bool operator==(const WordPlacement& o) const { return vertical == o.vertical && horizontal == o.horizontal; }
};

// One placement per word of captionWords(caption). A relation places its subject's words on its
// side and its object's words on the other ("left of": subject Left, object Right); a named region
// places the noun phrase it follows, or, at the caption's start, the one it introduces, by the
// region's cell (regionRow / regionColumn: "on the left" is the middle row's left cell). Every
// other word is None.
std::vector<WordPlacement> captionPlacements(const std::string& caption);

// The same per piece of tokenizer.encode(caption) (EOS: None); nullopt when the caption's pieces
// are not its words' pieces one after another (a tokenizer that merges across spaces, or a caption
// cut at the maximum length), so that no piece gets another word's label.
std::optional<std::vector<WordPlacement>> piecePlacements(const T5Tokenizer& tokenizer, const std::string& caption);

} // namespace muse
