#pragma once
// Whether a model's text encoder reads word order: for each caption that names two different
// colours, the caption with the two colour words swapped ("a white heart above a yellow square" →
// "a yellow heart above a white square"). Each word keeps its own pieces, so an encoder blind to
// order gives every piece the same state in both (the states are only permuted); one that reads
// order gives "heart" another state once it is yellow. The measure: the mean over such captions and
// their pieces of ‖state in the caption − the same piece's state in the swapped one‖ / ‖state‖.
// 0 means the text is a bag of words to the model, and no binding of colour to shape or of a
// relation's two sides can be learned from it (docs/training.md, "Eighteenth session").

#include "muse/Status.h"
#include "train/CaptionNegatives.h"
#include "train/SyntheticScenes.h"

#include <torch/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace muse {

struct TextOrderSensitivity {
    double meanRelativeChange = 0.0; // as above
    int captions = 0;                // captions with two different colour words (the others are skipped)
};

// modelDir: our Muse layout (tokenizer/, text_encoder/). CPU.
Result<TextOrderSensitivity> textOrderSensitivity(const std::string& modelDir, const std::vector<std::string>& captions);

// Whether the base transformer uses what the text encoder gives: for scenes whose caption has a
// negative (`negate`: by default its colours swapped; withRelationReversed for relations), rendered
// at the base size and tokenized by the model's VQ, every token masked, the mean log-probability of
// the true object tokens (all but each image's most frequent code) with the caption minus with its
// negative (nats a token). Positive: the model draws what the caption says where it says it; 0: it
// cannot tell the two captions apart. `scenes` (32 at a time).
struct SwappedCaptionMargin {
    double natsPerObjectToken = 0.0;
    int scenes = 0;
};
using CaptionNegation = std::function<std::optional<std::string>(const std::string&)>;
// `showRelationObject`: only scenes with a relation count, the relation's object stays visible and
// the scored tokens are its subject's (those its render changes): with the one object shown, the
// relation alone says on which side of it the other goes — the inpainting case, which a model can
// get right even where, from an empty canvas, it places nothing by the relation.
Result<SwappedCaptionMargin> swappedCaptionMargin(const std::string& modelDir, const std::vector<LabeledScene>& scenes,
                                                  torch::Device device, const CaptionNegation& negate = withColoursSwapped,
                                                  bool showRelationObject = false);

} // namespace muse
