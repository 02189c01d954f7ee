#pragma once
// Trains the VQ-GAN tokenizer (f8 for the default model) on rendered training scenes:
// reconstruction L1 + L2, codebook loss ‖sg(z) − e‖², commitment β‖z − sg(e)‖² (β = 0.25), the
// straight-through estimator for the quantiser, and dead-code restarts (codes unused over the last
// restart window are moved onto random encoder outputs of the current batch), and a locality term
// (a grid-aligned window encoded on its own commits to the whole image's codes there, so that a
// token depends on its patch, not on objects elsewhere: see VqTrainer.cpp; skipped for a tiled
// encoder, whose codes are local by construction). No perceptual or
// adversarial loss: the synthetic shapes are flat colours, where L1 + L2 already give sharp edges.
//
// Images: renders at the super-res size; each training image is either the whole render
// downsampled to the base size or a base-size crop of it starting on the token grid, so the VQ
// sees both scales it will tokenize. An architecture with two tokenizers trains each on the same
// mix (`muse train vq` the base stage's, `muse train superres-vq` the super-res stage's): that is
// how both were measured, and it keeps the super-res stage's VQ the one-VQ model's.

#include "muse/Training.h"
#include "train/TrainingSetup.h"

namespace muse {

enum class VqRole { Base, SuperRes };

class VqTrainer {
public:
    VqTrainer(VqRole role, TrainOptions options);
    Result<TrainSummary> run(const TrainLogCallback& log);

    static constexpr double kCommitmentWeight = 0.25;
    static constexpr int kRestartWindow = 25;
    static constexpr double kLocalityWeight = 1.0;
    static constexpr int kLocalityWindow = 3; // tokens per side of the window encoded on its own

private:
    VqRole m_role;
    TrainOptions m_options;
};

} // namespace muse
