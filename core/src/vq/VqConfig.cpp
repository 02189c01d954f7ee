#include "vq/VqConfig.h"

namespace muse {

torch::Tensor applyActivation(Activation activation, const torch::Tensor& x)
{
    switch (activation) {
    case Activation::SiLU: return torch::silu(x);
    case Activation::GELU: return torch::gelu(x);
    case Activation::ReLU: return torch::relu(x);
    case Activation::Mish: return torch::mish(x);
    }
    return x;
}

VqConfig VqConfig::fromJson(const JsonConfig& json)
{
    const std::string className = json.getString("_class_name", "VQModel");
    json.require(className == "VQModel", "_class_name", "is \"" + className + "\", expected \"VQModel\"");
    VqConfig c;
    c.inChannels = json.getInt("in_channels", c.inChannels);
    c.outChannels = json.getInt("out_channels", c.outChannels);
    if (json.has("block_out_channels"))
        c.blockOutChannels = json.getIntList("block_out_channels");
    c.layersPerBlock = json.getInt("layers_per_block", c.layersPerBlock);
    const std::string act = json.getString("act_fn", "silu");
    if (act == "silu" || act == "swish")
        c.activation = Activation::SiLU;
    else if (act == "gelu")
        c.activation = Activation::GELU;
    else if (act == "relu")
        c.activation = Activation::ReLU;
    else if (act == "mish")
        c.activation = Activation::Mish;
    else
        json.require(false, "act_fn", "\"" + act + "\" is not one of silu, swish, gelu, relu, mish");
    c.latentChannels = json.getInt("latent_channels", c.latentChannels);
    c.numVqEmbeddings = json.getInt("num_vq_embeddings", c.numVqEmbeddings);
    c.normNumGroups = json.getInt("norm_num_groups", c.normNumGroups);
    c.vqEmbedDim = json.getInt("vq_embed_dim", c.latentChannels);
    c.midBlockAddAttention = json.getBool("mid_block_add_attention", c.midBlockAddAttention);
    c.lookupFromCodebook = json.getBool("lookup_from_codebook", c.lookupFromCodebook);
    c.forceUpcast = json.getBool("force_upcast", c.forceUpcast);
    c.sampleSize = json.getInt("sample_size", c.sampleSize);
    c.encoderTileTokens = json.getInt("encoder_tile_tokens", c.encoderTileTokens);
    json.require(c.encoderTileTokens >= 0, "encoder_tile_tokens", "must be 0 (whole image) or a tile side in tokens");

    const std::string normType = json.getString("norm_type", "group");
    json.require(normType == "group", "norm_type",
                 "\"" + normType + "\" is not supported (only \"group\"; aMUSEd's VQ uses it)");
    json.require(!c.blockOutChannels.empty(), "block_out_channels", "is empty");
    for (int64_t ch : c.blockOutChannels) {
        json.require(ch > 0, "block_out_channels", "must be positive");
        json.require(c.normNumGroups > 0 && ch % c.normNumGroups == 0, "norm_num_groups",
                     "must divide every entry of block_out_channels");
    }
    auto checkTypes = [&](const char* key, const char* expected) {
        if (!json.has(key))
            return;
        const auto types = json.getStringList(key);
        json.require(types.size() == c.blockOutChannels.size(), key, "needs one entry per block_out_channels entry");
        for (const auto& t : types)
            json.require(t == expected, key, "\"" + t + "\" is not supported (only " + expected + ")");
    };
    checkTypes("down_block_types", "DownEncoderBlock2D");
    checkTypes("up_block_types", "UpDecoderBlock2D");
    json.require(c.layersPerBlock > 0, "layers_per_block", "must be positive");
    json.require(c.inChannels > 0, "in_channels", "must be positive");
    json.require(c.outChannels > 0, "out_channels", "must be positive");
    json.require(c.latentChannels > 0, "latent_channels", "must be positive");
    json.require(c.vqEmbedDim > 0, "vq_embed_dim", "must be positive");
    json.require(c.numVqEmbeddings > 0, "num_vq_embeddings", "must be positive");
    json.require(c.levels() <= 16, "block_out_channels", "has too many levels");
    return c;
}

int64_t VqConfig::parameterCount() const
{
    auto conv = [](int64_t in, int64_t out, int64_t k) { return in * out * k * k + out; };
    auto norm = [](int64_t ch) { return 2 * ch; };
    auto resnet = [&](int64_t in, int64_t out) {
        return norm(in) + conv(in, out, 3) + norm(out) + conv(out, out, 3) + (in != out ? conv(in, out, 1) : 0);
    };
    auto midBlock = [&](int64_t ch) {
        return 2 * resnet(ch, ch) + (midBlockAddAttention ? norm(ch) + 4 * (ch * ch + ch) : 0);
    };
    const int64_t last = blockOutChannels.back();
    int64_t n = 0;
    // Encoder.
    n += conv(inChannels, blockOutChannels.front(), 3);
    int64_t prev = blockOutChannels.front();
    for (int64_t i = 0; i < levels(); ++i) {
        const int64_t out = blockOutChannels[i];
        for (int64_t j = 0; j < layersPerBlock; ++j)
            n += resnet(j == 0 ? prev : out, out);
        if (i + 1 < levels())
            n += conv(out, out, 3);
        prev = out;
    }
    n += midBlock(last) + norm(last) + conv(last, latentChannels, 3);
    // Quantizer.
    n += conv(latentChannels, vqEmbedDim, 1) + numVqEmbeddings * vqEmbedDim + conv(vqEmbedDim, latentChannels, 1);
    // Decoder.
    n += conv(latentChannels, last, 3) + midBlock(last);
    prev = last;
    for (int64_t i = levels() - 1; i >= 0; --i) {
        const int64_t out = blockOutChannels[i];
        for (int64_t j = 0; j <= layersPerBlock; ++j)
            n += resnet(j == 0 ? prev : out, out);
        if (i > 0)
            n += conv(out, out, 3);
        prev = out;
    }
    n += norm(blockOutChannels.front()) + conv(blockOutChannels.front(), outChannels, 3);
    return n;
}

} // namespace muse
