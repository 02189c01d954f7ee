#include "transformer/UVit2DConfig.h"

namespace muse {

UVit2DConfig UVit2DConfig::fromJson(const JsonConfig& json)
{
    const std::string className = json.getString("_class_name", "UVit2DModel");
    json.require(className == "UVit2DModel", "_class_name", "is \"" + className + "\", expected \"UVit2DModel\"");
    UVit2DConfig c;
    c.hiddenSize = json.getInt("hidden_size", c.hiddenSize);
    c.useBias = json.getBool("use_bias", c.useBias);
    c.hiddenDropout = json.getDouble("hidden_dropout", c.hiddenDropout);
    c.condEmbedDim = json.getInt("cond_embed_dim", c.condEmbedDim);
    c.microCondEncodeDim = json.getInt("micro_cond_encode_dim", c.microCondEncodeDim);
    c.microCondEmbedDim = json.getInt("micro_cond_embed_dim", c.microCondEmbedDim);
    c.encoderHiddenSize = json.getInt("encoder_hidden_size", c.encoderHiddenSize);
    c.vocabSize = json.getInt("vocab_size", c.vocabSize);
    c.codebookSize = json.getInt("codebook_size", c.codebookSize);
    c.inChannels = json.getInt("in_channels", c.inChannels);
    c.blockOutChannels = json.getInt("block_out_channels", c.blockOutChannels);
    c.numResBlocks = json.getInt("num_res_blocks", c.numResBlocks);
    c.downsample = json.getBool("downsample", c.downsample);
    c.upsample = json.getBool("upsample", c.upsample);
    c.blockNumHeads = json.getInt("block_num_heads", c.blockNumHeads);
    c.numHiddenLayers = json.getInt("num_hidden_layers", c.numHiddenLayers);
    c.numAttentionHeads = json.getInt("num_attention_heads", c.numAttentionHeads);
    c.attentionDropout = json.getDouble("attention_dropout", c.attentionDropout);
    c.intermediateSize = json.getInt("intermediate_size", c.intermediateSize);
    c.layerNormEps = json.getDouble("layer_norm_eps", c.layerNormEps);
    c.lnElementwiseAffine = json.getBool("ln_elementwise_affine", c.lnElementwiseAffine);
    c.sampleSize = json.getInt("sample_size", c.sampleSize);

    auto positive = [&](const char* key, int64_t v) { json.require(v > 0, key, "must be positive"); };
    positive("hidden_size", c.hiddenSize);
    positive("cond_embed_dim", c.condEmbedDim);
    positive("micro_cond_encode_dim", c.microCondEncodeDim);
    positive("encoder_hidden_size", c.encoderHiddenSize);
    positive("codebook_size", c.codebookSize);
    positive("in_channels", c.inChannels);
    positive("block_out_channels", c.blockOutChannels);
    positive("num_res_blocks", c.numResBlocks);
    positive("block_num_heads", c.blockNumHeads);
    positive("num_hidden_layers", c.numHiddenLayers);
    positive("num_attention_heads", c.numAttentionHeads);
    positive("intermediate_size", c.intermediateSize);
    json.require(c.vocabSize > c.codebookSize, "vocab_size", "must exceed codebook_size (the mask token is the last row)");
    json.require(c.hiddenSize % c.numAttentionHeads == 0, "num_attention_heads", "must divide hidden_size");
    json.require(c.blockOutChannels % c.blockNumHeads == 0, "block_num_heads", "must divide block_out_channels");
    // The five micro-conditions are embedded separately and concatenated.
    json.require(c.microCondEmbedDim == 5 * c.microCondEncodeDim, "micro_cond_embed_dim",
                 "must be 5 × micro_cond_encode_dim (five micro-conditions)");
    return c;
}

int64_t UVit2DConfig::parameterCount() const
{
    const int64_t H = hiddenSize, C = blockOutChannels, Cin = inChannels, F = intermediateSize;
    const int64_t b = useBias ? 1 : 0, a = lnElementwiseAffine ? 1 : 0;
    int64_t n = 0;
    n += encoderHiddenSize * H + b * H + a * H;                              // encoder_proj (+ norm)
    n += vocabSize * Cin + a * Cin + Cin * C + b * C;                        // embed
    n += (microCondEmbedDim + condEmbedDim) * H + b * H + H * H + b * H;     // cond_embed

    const int64_t resBlock = 9 * C + b * C + a * C + 4 * C * C + b * 4 * C + 8 * C + 4 * C * C + b * C + H * 2 * C + b * 2 * C;
    const int64_t attention = 4 * (C * C + b * C);
    const int64_t attentionBlock = (H != C ? H * C + b * C : 0) + 2 * C + 2 * attention;
    const int64_t resample = a * C + 4 * C * C + b * C;
    const int64_t uvitBlock = numResBlocks * (resBlock + attentionBlock);
    n += uvitBlock + (downsample ? resample : 0);                            // down_block
    n += uvitBlock + (upsample ? resample : 0);                              // up_block

    n += a * C + C * H + b * H;                                              // project_to_hidden (+ norm)
    const int64_t adaNorm = 2 * H * H + b * 2 * H + a * H;
    const int64_t layer = 3 * adaNorm + (a && b ? H : 0)                     // norm3's LayerNorm bias
                          + 2 * 4 * (H * H + b * H)                          // attn1, attn2
                          + H * 2 * F + b * 2 * F + F * H + b * H;           // ff
    n += numHiddenLayers * layer;
    n += a * H + H * C + b * C;                                              // project_from_hidden (+ norm)
    n += C * Cin + b * Cin + a * Cin + Cin * codebookSize + b * codebookSize; // mlm_layer
    return n;
}

} // namespace muse
