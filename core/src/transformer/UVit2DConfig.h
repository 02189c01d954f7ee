#pragma once
// The config.json of a diffusers UVit2DModel (aMUSEd transformer), with diffusers' defaults for
// absent keys, and its parameter count computed from the config alone.

#include "io/JsonConfig.h"

namespace muse {

struct UVit2DConfig {
    int64_t hiddenSize = 1024;
    bool useBias = false;
    double hiddenDropout = 0.0;
    int64_t condEmbedDim = 768;
    int64_t microCondEncodeDim = 256;
    int64_t microCondEmbedDim = 1280;
    int64_t encoderHiddenSize = 768;
    int64_t vocabSize = 8256;
    int64_t codebookSize = 8192;
    int64_t inChannels = 768;
    int64_t blockOutChannels = 768;
    int64_t numResBlocks = 3;
    bool downsample = false;
    bool upsample = false;
    int64_t blockNumHeads = 12;
    int64_t numHiddenLayers = 22;
    int64_t numAttentionHeads = 16;
    double attentionDropout = 0.0;
    int64_t intermediateSize = 2816;
    double layerNormEps = 1e-6;
    bool lnElementwiseAffine = true;
    int64_t sampleSize = 64;

    // Reads and checks the keys; throws LoadError (ConfigMismatch) naming file and key.
    static UVit2DConfig fromJson(const JsonConfig& json);

    // aMUSEd's mask token is the last embedding row (8255 for vocab 8256).
    int64_t maskTokenId() const { return vocabSize - 1; }
    // Exactly countParameters(UVit2DModel(config)), without building it.
    int64_t parameterCount() const;
};

} // namespace muse
