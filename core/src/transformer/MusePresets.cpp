#include "transformer/MusePresets.h"

#include "transformer/MuseTransformerConfig.h"

namespace muse {

namespace {

MuseTransformerConfig base(int64_t codebook, int64_t grid, int64_t hidden, int64_t layers, int64_t heads, int64_t mlp,
                           int64_t textDim, double dropout)
{
    MuseTransformerConfig c;
    c.codebookSize = codebook;
    c.vocabSize = codebook + 1;
    c.maskTokenId = codebook;
    c.gridHeight = c.gridWidth = grid;
    c.hiddenSize = hidden;
    c.numHiddenLayers = layers;
    c.numAttentionHeads = heads;
    c.intermediateSize = mlp;
    c.encoderHiddenSize = textDim;
    c.dropout = dropout;
    return c;
}

} // namespace

std::vector<std::string> musePresetNames() { return {"muse-tiny", "muse-default", "muse-632m", "muse-3b", "muse-superres"}; }

Result<nlohmann::json> musePresetConfig(const std::string& name)
{
    if (name == "muse-tiny")
        return base(256, 8, 64, 2, 4, 256, 64, 0.0).toJson();
    if (name == "muse-default")
        // 8 × 8 … 16 × 16 tokens, a 1024-code VQ and a T5-small-sized text encoder (512): small
        // enough to train for a few thousand steps on a CPU.
        return base(1024, 16, 256, 8, 8, 1024, 512, 0.1).toJson();
    if (name == "muse-632m")
        // The paper gives only the parameter count for its smallest model. Width 1408 (22 heads of
        // 64), 19 layers and a 4× MLP with the 8192-code f16 VQ and T5-XXL text (4096) give
        // 632,074,880 parameters; the nearest "round" shapes are further off (1024 × 36 layers:
        // 625.7M, 1280 × 23: 629.8M, 1536 × 16: 636.0M).
        return base(8192, 16, 1408, 19, 22, 5632, 4096, 0.1).toJson();
    if (name == "muse-3b")
        return base(8192, 16, 2048, 48, 32, 8192, 4096, 0.1).toJson();
    if (name == "muse-superres") {
        // 64 × 64 high-resolution tokens (512 px with an f8 VQ) conditioned on the 16 × 16 base
        // tokens; the depth of the low-resolution encoder is not given in the paper: 4 layers here.
        MuseTransformerConfig c = base(8192, 64, 1024, 32, 16, 4096, 4096, 0.1);
        c.superRes = true;
        c.lowresCodebookSize = 8192;
        c.lowresGridHeight = c.lowresGridWidth = 16;
        c.numLowresLayers = 4;
        return c.toJson();
    }
    std::string known;
    for (const auto& n : musePresetNames())
        known += (known.empty() ? "" : ", ") + n;
    return Status(ErrorCode::InvalidArgument, "unknown Muse preset \"" + name + "\" (known: " + known + ")");
}

} // namespace muse
