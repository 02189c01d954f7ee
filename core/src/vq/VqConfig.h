#pragma once
// The config.json of a diffusers VQModel (the aMUSEd VQ-GAN and the fixtures' small ones), with
// diffusers' defaults for absent keys, and its parameter count from the config alone.

#include "io/JsonConfig.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace muse {

enum class Activation { SiLU, GELU, ReLU, Mish };

torch::Tensor applyActivation(Activation activation, const torch::Tensor& x);

struct VqConfig {
    int64_t inChannels = 3;
    int64_t outChannels = 3;
    std::vector<int64_t> blockOutChannels = {64};
    int64_t layersPerBlock = 1;
    Activation activation = Activation::SiLU;
    int64_t latentChannels = 3;
    int64_t numVqEmbeddings = 256;
    int64_t normNumGroups = 32;
    int64_t vqEmbedDim = 3; // vq_embed_dim, or latent_channels when null
    bool midBlockAddAttention = true;
    bool lookupFromCodebook = false;
    bool forceUpcast = false;
    int64_t sampleSize = 32;
    // Our extension ("encoder_tile_tokens", absent in diffusers' configs = 0): when > 0 the encoder
    // sees the image as independent tiles of this many tokens per side, so a token's code depends
    // on its tile's pixels alone. A whole-image encoder (GroupNorm's per-image statistics, receptive
    // fields across the image) gave one flat background dozens of codes depending on the objects
    // elsewhere, which no transformer can predict (docs/training.md, "Tokens a transformer can predict").
    int64_t encoderTileTokens = 0;

    // Throws LoadError (ConfigMismatch) naming file and key; refuses what this port does not
    // implement (norm_type "spatial", other block types).
    static VqConfig fromJson(const JsonConfig& json);

    int64_t levels() const { return static_cast<int64_t>(blockOutChannels.size()); }
    // Image pixels per token along each axis: 2^(levels − 1).
    int64_t downscaleFactor() const { return int64_t(1) << (levels() - 1); }
    int64_t parameterCount() const;
};

} // namespace muse
