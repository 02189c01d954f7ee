#pragma once
// Where an image's tokens disagree with a text prompt, for mask-free editing. Muse's own
// mask-free edit re-masks random tokens, so a recolour lands in random patches of the object;
// asking the model where the new prompt would draw something else finds the object itself (the
// token-space analogue of DiffEdit's mask from the difference of two conditionings, Couairon et
// al. 2022).
#include "sampling/ParallelDecoder.h"

namespace muse {

// The positions of an (h·w)-token grid split at random into `passes` near-equal groups: (S) int64,
// each position's group. The scorers below mask one group per forward pass.
torch::Tensor maskingGroups(int64_t sequence, int passes, at::Generator& generator, torch::Device device);

// Masks for `passes` forward passes over `sequence` positions, (passes, S) bool: each position is
// masked in exactly k = round(maskRatio · passes) of them (at least 1), which ones drawn at random
// per position from `generator`; so each pass hides about maskRatio of the image. maskRatio =
// 1/passes is a partition: every position masked once.
torch::Tensor scoringMasks(int64_t sequence, int passes, float maskRatio, at::Generator& generator, torch::Device device);

// For every token of `tokens` (B, h, w): how much further from it, in codebook space, the model's
// prediction with the prompt lies than its prediction without one (the unconditional branch):
// E_cond ‖e_k − e_token‖² − E_uncond ‖e_k − e_token‖², divided by the codebook's variance so that
// the scale does not depend on the VQ. Each token is predicted with itself masked, in `passes`
// forward passes that each hide about `maskRatio` of the image (scoringMasks); its score is the mean
// over the passes that hid it. With most of the image hidden the model draws what the prompt asks
// rather than what it sees around the token: a reshape shows up where, with three quarters of the
// context visible, it would redraw the old shape (DiffEdit likewise compares two conditionings at a
// middle noise level, averaged over several noises). One more pass with every token masked catches
// changes of the whole image (its background). The larger of the two counts, the blind pass weighted
// by `blindWeight`: with no context its distances run high for any prompt (0.3-0.7 variances over the
// background of a red circle asked to be blue, against 4-5.5 for a new background).
// Distances, not the token's own probability: a model may rate every token of a re-encoded image
// unlikely (it prefers a neighbouring code of the same look), which says nothing about the prompt.
// `codebook` (K, D). (B, h, w) float32; about 0 where the prompt changes nothing.
torch::Tensor promptDisagreement(const torch::Tensor& tokens, const LogitsFunction& logitsOf, const torch::Tensor& codebook,
                                 int64_t maskTokenId, int passes, float maskRatio, float blindWeight, at::Generator& generator);

// The positions to regenerate: those whose disagreement exceeds `threshold`, grown by one token in
// each direction (a disagreeing region's rim belongs to it), at most `budget` of them, the most
// disagreeing first. (B, h, w) bool.
torch::Tensor disagreeingTokens(const torch::Tensor& disagreement, float threshold, int64_t budget);

// Each token replaced by the code the model itself predicts there (with the prompt, the token masked,
// `passes` groups as above) when that code looks the same: within `maxDistance` codebook variances of
// it. A model trained on exact renders' tokens finds almost every token of a re-encoded image (its
// own images, or any other) a little off — a neighbouring code of the same look is what it would
// write — and, given them as context, redraws them and loses objects; snapped, the context is what
// it knows. (B, h, w) int64.
torch::Tensor snapToModelCodes(const torch::Tensor& tokens, const LogitsFunction& logitsOf, const torch::Tensor& codebook,
                               int64_t maskTokenId, int passes, float maxDistance, at::Generator& generator);

} // namespace muse
