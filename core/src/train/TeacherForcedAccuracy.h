#pragma once
// How well a base transformer predicts masked tokens it is shown the rest of: held-out scenes
// rendered at the base size and tokenized by the model's VQ, masked at fixed rates (a uniformly
// random subset), predicted in one pass with their captions. Background tokens (each image's most
// frequent code) and object tokens are counted apart: background is three quarters of the tokens
// and easy, so the overall masked accuracy of the training log hides whether objects are learned.
//
// The object-token accuracy at a low rate is the model's grasp of the code grammar (an object's
// code given its visible neighbours); at rate 1 it is the layout it can choose from the text
// alone. Sampled images cannot be better than these allow (docs/training.md, "Teacher-forced
// accuracy").

#include "muse/Status.h"
#include "train/SyntheticScenes.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace muse {

struct MaskRateAccuracy {
    double rate = 0.0;               // share of the tokens masked
    double backgroundAccuracy = 0.0; // argmax = target, over masked background tokens
    double objectAccuracy = 0.0;     // ... over masked object tokens
};

// For a model folder in our Muse format (text_encoder, tokenizer, transformer, vqvae); an error
// for other layouts. Deterministic by `seed`; scenes go through the models 32 at a time.
Result<std::vector<MaskRateAccuracy>> teacherForcedAccuracy(const std::string& modelDir,
                                                            const std::vector<LabeledScene>& scenes,
                                                            const std::vector<double>& rates, uint64_t seed,
                                                            torch::Device device = torch::kCPU);

} // namespace muse
