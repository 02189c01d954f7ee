#pragma once
// The base stage's ranking term against order negatives (TrainOptions::orderNegatives): the masked
// tokens of a training batch are scored again under each caption's order negative (its colours
// swapped or its relation reversed, CaptionNegatives.h), and softplus(NLL under the caption − NLL
// under the negative), summed over the examples that have one and divided by the batch's masked
// tokens as the cross-entropy is, is the term: weight 1 gives a token of an example whose two
// captions the model cannot yet tell apart half the gradient the cross-entropy gives it.

#include "train/CaptionBatcher.h"
#include "transformer/MuseTransformer.h"

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace muse {

struct OrderNegativeBatch {
    const std::vector<std::string>& captions; // the batch's captions as trained
    std::vector<bool> dropped;                // trained on the empty prompt: no negative
    std::vector<double> choice;               // per example, in [0, 1): which negative (orderNegative)
    std::vector<bool> firstTextDropped;       // CaptionBatch::firstTextDropped of the batch: the negative alike
};

struct OrderNegativeTerm {
    torch::Tensor loss;  // scalar with a gradient; undefined when no example has a negative
    double margin = 0.0; // mean over those examples of NLL(negative) − NLL(caption), nats an image
};

// input / goal / where / logits: the batch's masked input, targets, mask and forwardSelected logits
// under the captions; `encode` gives text states for a caption batch (with or without a gradient).
OrderNegativeTerm orderNegativeTerm(MuseTransformerImpl& base, const CaptionBatcher& batcher,
                                    const std::function<torch::Tensor(const CaptionBatch&)>& encode,
                                    const OrderNegativeBatch& batch, const torch::Tensor& input, const torch::Tensor& goal,
                                    const torch::Tensor& where, const torch::Tensor& logits);

} // namespace muse
