#pragma once
// The training set of the transformers, tokenized once with the trained VQ so transformer steps
// never run the VQ encoder: for scene i of the training sampler, its caption and the tokens of
// its render at the base size; for the first `superResScenes` of them also the tokens of the
// render at the super-res size (rendering and encoding at that size cost 4× more, and the
// super-res model needs fewer examples: its task is mostly local). Stored as
// workDir/token-cache.safetensors (+ captions in .txt) with a fingerprint of the VQ codebook, so
// a retrained VQ makes it rebuild. Ranks > 0 of a data-parallel run keep their own copy
// (token-cache.rankR.*), so processes never read a file another one is writing; they build it
// together, each rank tokenizing every world-th chunk of scenes (the same chunks, so the same
// tokens, as one process would), and a sum over processes assembles the whole cache on each.
// With two tokenizers the super-res size is tokenized with the super-res stage's VQ, and the
// fingerprint covers both codebooks.
// Round trip (roundTripFraction > 0, that share of the scenes, chosen per scene by seed): the scene's
// tokens are those of the super-res VQ's reconstruction of its render, saved as 8-bit pixels (a
// generated image) — the super-res tokens encoded again from it, the base tokens from it scaled to
// the base size — which is what editing a generated image hands the transformers. The VQs are not
// idempotent: a flat white of 242 comes back as 246, a different code for both VQs. The exact
// render's base tokens of every scene are kept as well (baseExact), the targets of
// `muse train base --exact-targets`.

#include "muse/Status.h"
#include "train/GradientSync.h"
#include "train/TrainingSetup.h"
#include "vq/VqModel.h"

#include <string>
#include <vector>

namespace muse {

struct TokenCache {
    std::vector<std::string> captions;
    torch::Tensor baseTokens;     // (N, h, w) int64
    torch::Tensor baseExact;      // (N, h, w) int64, the exact renders' tokens: baseTokens itself (the same
                                  // storage) when no scene is round-tripped
    torch::Tensor superResTokens; // (M ≤ N, H, W) int64, the super-res grid

    int64_t size() const { return int64_t(captions.size()); }

    // Loads the cache from workDir when it matches (size, seed, VQs), else builds and stores it.
    // superResVq: null = tokenize the super-res size with `vq` too.
    static Result<TokenCache> loadOrBuild(const std::string& workDir, VqModel& vq, VqModel* superResVq,
                                          const TrainArchitecture& arch,
                                          int64_t scenes, int64_t superResScenes, uint64_t seed, bool paintJitter,
                                          double roundTripFraction, torch::Device device,
                                          const TrainLogCallback& log, GradientSync& sync);
};

} // namespace muse
