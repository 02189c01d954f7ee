#include "transformer/MuseTransformerConfig.h"

namespace muse {

MuseTransformerConfig MuseTransformerConfig::fromJson(const JsonConfig& json)
{
    MuseTransformerConfig c;
    const std::string className = json.getString("_class_name");
    json.require(className == "MuseTransformer" || className == "MuseSuperResTransformer", "_class_name",
                 "is \"" + className + "\", expected \"MuseTransformer\" or \"MuseSuperResTransformer\"");
    c.superRes = className == "MuseSuperResTransformer";
    c.codebookSize = json.getInt("codebook_size");
    c.vocabSize = json.getInt("vocab_size", c.codebookSize + 1);
    c.maskTokenId = json.getInt("mask_token_id", c.codebookSize);
    c.gridHeight = json.getInt("grid_height");
    c.gridWidth = json.getInt("grid_width");
    c.hiddenSize = json.getInt("hidden_size");
    c.numHiddenLayers = json.getInt("num_hidden_layers");
    c.numAttentionHeads = json.getInt("num_attention_heads");
    c.intermediateSize = json.getInt("intermediate_size", 4 * c.hiddenSize);
    c.encoderHiddenSize = json.getInt("encoder_hidden_size");
    c.layerNormEps = json.getDouble("layer_norm_eps", c.layerNormEps);
    c.dropout = json.getDouble("dropout", c.dropout);
    c.localConvKernel = json.getInt("local_conv_kernel_size", 0);
    c.tokenPatchSize = json.getInt("token_patch_size", 1);
    if (c.superRes) {
        c.lowresCodebookSize = json.getInt("lowres_codebook_size");
        c.lowresGridHeight = json.getInt("lowres_grid_height");
        c.lowresGridWidth = json.getInt("lowres_grid_width");
        c.numLowresLayers = json.getInt("num_lowres_layers");
        c.lowresAlignedInput = json.getBool("lowres_aligned_input", false);
    }

    auto positive = [&](const char* key, int64_t v) { json.require(v > 0, key, "must be positive"); };
    positive("codebook_size", c.codebookSize);
    positive("grid_height", c.gridHeight);
    positive("grid_width", c.gridWidth);
    positive("hidden_size", c.hiddenSize);
    positive("num_hidden_layers", c.numHiddenLayers);
    positive("num_attention_heads", c.numAttentionHeads);
    positive("intermediate_size", c.intermediateSize);
    positive("encoder_hidden_size", c.encoderHiddenSize);
    json.require(c.vocabSize > c.codebookSize, "vocab_size", "must exceed codebook_size (room for the mask token)");
    json.require(c.maskTokenId >= c.codebookSize && c.maskTokenId < c.vocabSize, "mask_token_id",
                 "must lie in [codebook_size, vocab_size)");
    json.require(c.hiddenSize % c.numAttentionHeads == 0, "num_attention_heads", "must divide hidden_size");
    json.require(c.layerNormEps > 0, "layer_norm_eps", "must be positive");
    json.require(c.dropout >= 0 && c.dropout < 1, "dropout", "must lie in [0, 1)");
    json.require(c.localConvKernel == 0 || (c.localConvKernel > 0 && c.localConvKernel % 2 == 1),
                 "local_conv_kernel_size", "must be 0 (none) or an odd positive size");
    json.require(c.tokenPatchSize >= 1, "token_patch_size", "must be positive");
    json.require(c.tokenPatchSize == 1 || !c.superRes, "token_patch_size",
                 "is supported by the base transformer only (MuseTransformer)");
    json.require(c.gridHeight % c.tokenPatchSize == 0 && c.gridWidth % c.tokenPatchSize == 0, "token_patch_size",
                 "must divide grid_height and grid_width");
    if (c.superRes) {
        positive("lowres_codebook_size", c.lowresCodebookSize);
        positive("lowres_grid_height", c.lowresGridHeight);
        positive("lowres_grid_width", c.lowresGridWidth);
        json.require(c.numLowresLayers >= 0, "num_lowres_layers", "must not be negative");
        json.require(!c.lowresAlignedInput ||
                         (c.gridHeight % c.lowresGridHeight == 0 && c.gridWidth % c.lowresGridWidth == 0 &&
                          c.gridHeight / c.lowresGridHeight == c.gridWidth / c.lowresGridWidth),
                     "lowres_aligned_input", "needs grid_height/width to be the same whole multiple of lowres_grid_height/width");
    }
    return c;
}

nlohmann::json MuseTransformerConfig::toJson() const
{
    nlohmann::json j;
    j["_class_name"] = className();
    j["codebook_size"] = codebookSize;
    j["vocab_size"] = vocabSize;
    j["mask_token_id"] = maskTokenId;
    j["grid_height"] = gridHeight;
    j["grid_width"] = gridWidth;
    j["hidden_size"] = hiddenSize;
    j["num_hidden_layers"] = numHiddenLayers;
    j["num_attention_heads"] = numAttentionHeads;
    j["intermediate_size"] = intermediateSize;
    j["encoder_hidden_size"] = encoderHiddenSize;
    j["layer_norm_eps"] = layerNormEps;
    j["dropout"] = dropout;
    if (localConvKernel > 0) // written only when used, so configs without it stay as they were
        j["local_conv_kernel_size"] = localConvKernel;
    if (tokenPatchSize > 1)
        j["token_patch_size"] = tokenPatchSize;
    if (superRes) {
        j["lowres_codebook_size"] = lowresCodebookSize;
        j["lowres_grid_height"] = lowresGridHeight;
        j["lowres_grid_width"] = lowresGridWidth;
        j["num_lowres_layers"] = numLowresLayers;
        if (lowresAlignedInput)
            j["lowres_aligned_input"] = true;
    }
    return j;
}

int64_t MuseTransformerConfig::parameterCount() const
{
    const int64_t d = hiddenSize, m = intermediateSize;
    const int64_t norm = 2 * d;
    const int64_t attention = 4 * (d * d + d);
    const int64_t mlp = d * m + m + m * d + d;
    const int64_t localConv = localConvKernel > 0 ? norm + d * localConvKernel * localConvKernel + d : 0;
    const int64_t selfLayer = localConv + norm + attention + norm + mlp;
    const int64_t fullLayer = selfLayer + norm + attention;
    int64_t n = vocabSize * d + (gridHeight + gridWidth) * d;  // token + position embeddings
    n += encoderHiddenSize * d + d + norm;                      // text_projection, text_norm
    n += numHiddenLayers * fullLayer;
    n += norm + d * codebookSize + codebookSize;                // final_norm, to_logits
    if (tokenPatchSize > 1) {
        const int64_t merged = tokenPatchSize * tokenPatchSize * d;
        n += merged * d + d + d * merged + merged;              // patch_merge, patch_split
    }
    if (superRes) {
        n += lowresCodebookSize * d + (lowresGridHeight + lowresGridWidth) * d;
        n += numLowresLayers * selfLayer + norm;                // lowres_layers, lowres_norm
        if (lowresAlignedInput)
            n += d * d + d;                                     // lowres_input_projection
    }
    return n;
}

} // namespace muse
