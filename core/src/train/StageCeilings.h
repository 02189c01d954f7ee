#pragma once
// What the later stages of a pipeline allow, judged like generated images on the same held-out
// scenes: the true render at the output size through the last stage's VQ (no generated image can
// be judged better than its VQ lets it look), and, for Muse, the super-res stage decoding on top of
// the base VQ's tokens of the true base-size render (what super-res loses on its own, with a
// perfect base stage). Together with the full pipeline's numbers they say which stage to improve.
// For Muse also the base size itself: the true base-size render judged as it is (what the detector
// can tell at that size) and after a round trip through the base VQ (what the base tokens can hold:
// a base stage drawing perfect tokens gives no better image to the super-res stage).

#include "muse/Requests.h"
#include "muse/Status.h"
#include "train/EvalReport.h"
#include "train/SyntheticScenes.h"

#include <string>
#include <vector>

namespace muse {

struct StageCeilings {
    EvalReport vqRoundTrip;
    double vqPsnr = 0.0;             // mean PSNR (dB) of those round trips
    EvalReport superResFromTrueBase; // empty for single-stage models, as the two below
    EvalReport baseRender;           // the true render at the base size
    EvalReport baseVqRoundTrip;      // the same through the base stage's VQ
};

// `settings` as for generation (defaults resolved against the model); scene i uses seed
// settings.seed + i. Each report's failures name scene i as itemNames[i] (the eval's file name of
// its generated image). With imagesDir set, the images each ceiling judged are written to
// imagesDir/<vq-round-trip|super-res-from-true-base|base-vq-round-trip>/<item name>, to look at
// what a stage loses.
Result<StageCeilings> stageCeilings(const std::string& modelDir, const std::vector<LabeledScene>& scenes,
                                    const PromptSettings& settings, const std::string& device,
                                    const std::vector<std::string>& itemNames = {}, const std::string& imagesDir = {});

} // namespace muse
