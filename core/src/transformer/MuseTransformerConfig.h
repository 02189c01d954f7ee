#pragma once
// config.json of our Muse transformers (docs/model-format.md has every key):
// "_class_name": "MuseTransformer" (base) or "MuseSuperResTransformer" (super-resolution).

#include "io/JsonConfig.h"

#include <nlohmann/json.hpp>

namespace muse {

struct MuseTransformerConfig {
    bool superRes = false;          // _class_name MuseSuperResTransformer
    int64_t codebookSize = 8192;    // logits per position
    int64_t vocabSize = 8193;       // embedding rows: the codes, then the mask token
    int64_t maskTokenId = 8192;
    int64_t gridHeight = 16;        // largest token grid (rows of the position embedding)
    int64_t gridWidth = 16;
    int64_t hiddenSize = 1024;
    int64_t numHiddenLayers = 24;
    int64_t numAttentionHeads = 16;
    int64_t intermediateSize = 4096;
    int64_t encoderHiddenSize = 4096; // width of the text encoder's states (T5-XXL: 4096)
    double layerNormEps = 1e-6;
    double dropout = 0.0;             // attention-output and MLP dropout while training
    // Depthwise k×k convolution over the token grid at the start of every layer (0: none; odd).
    int64_t localConvKernel = 0;
    // Base only: the layers run on p×p patches of tokens (each patch's p² token embeddings merged
    // by one Linear, split again before the logits), so a 16×16 grid costs what an 8×8 one does.
    // 1 = the paper's one position per token. grid_* must be multiples of it.
    int64_t tokenPatchSize = 1;
    // Super-resolution only: the low-resolution tokens that condition the model.
    int64_t lowresCodebookSize = 8192;
    int64_t lowresGridHeight = 16;
    int64_t lowresGridWidth = 16;
    int64_t numLowresLayers = 4;
    // Also adds each low-resolution token's encoded state (projected) to the input embeddings of
    // the high-resolution tokens it covers, besides the cross-attention context: the model need not
    // learn from data where each low-res token lies. grid_* must be a whole multiple of lowres_grid_*.
    bool lowresAlignedInput = false;

    // Throws LoadError (ConfigMismatch) naming file and key.
    static MuseTransformerConfig fromJson(const JsonConfig& json);
    nlohmann::json toJson() const;
    // Exactly countParameters() of the model this config builds.
    int64_t parameterCount() const;
    const char* className() const { return superRes ? "MuseSuperResTransformer" : "MuseTransformer"; }
};

} // namespace muse
