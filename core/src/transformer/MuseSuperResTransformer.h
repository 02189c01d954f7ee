#pragma once
// The Muse super-resolution transformer in our own format: the low-resolution tokens are
// embedded (own table and position embedding), run through a small self-attention encoder
// (num_lowres_layers), normalised, and concatenated after the projected text states along the
// sequence; that concatenation is the cross-attention context of the masked high-resolution
// transformer (model-spec §1.4). With lowres_aligned_input, each encoded low-res state is also
// projected and added to the input of the high-res tokens it covers (our option, not the paper's).
//
//   MuseTextContext ctx = (*sr)->prepareContext(t5States, t5Mask, lowresTokens);  // once per image
//   for (step ...) logits = (*sr)->forward(highresTokens, ctx);

#include "transformer/MuseTransformerBase.h"

namespace muse {

class MuseSuperResTransformerImpl : public MuseTransformerBase {
public:
    explicit MuseSuperResTransformerImpl(const MuseTransformerConfig& config);

    // lowresTokens (B, lh, lw) ids of the low-resolution image (no mask token) → (B, lh·lw, hidden).
    torch::Tensor encodeLowres(const torch::Tensor& lowresTokens);
    MuseTextContext prepareContext(const torch::Tensor& textStates, const c10::optional<torch::Tensor>& textMask,
                                   const torch::Tensor& lowresTokens);
    torch::Tensor forward(const torch::Tensor& tokens, const MuseTextContext& context);
    torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& textStates,
                          const c10::optional<torch::Tensor>& textMask, const torch::Tensor& lowresTokens);
    // Training: logits (N, codebook) of the positions where `select` (B, h, w) is true, row-major.
    torch::Tensor forwardSelected(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                  const c10::optional<torch::Tensor>& textMask, const torch::Tensor& lowresTokens,
                                  const torch::Tensor& select);

    torch::nn::Embedding lowres_token_embedding{nullptr};
    PositionEmbedding2D lowres_position_embedding{nullptr};
    torch::nn::ModuleList lowres_layers{nullptr};
    LayerNorm lowres_norm{nullptr};
    torch::nn::Linear lowres_input_projection{nullptr}; // lowres_aligned_input only

private:
    struct Conditioning {
        torch::Tensor states;                 // text then low-res states: the cross-attention context
        c10::optional<torch::Tensor> mask;    // its additive mask
        torch::Tensor inputBias;              // aligned low-res input (B, lh·f·lw·f, hidden) or undefined
    };
    Conditioning condition(const torch::Tensor& textStates, const c10::optional<torch::Tensor>& textMask,
                           const torch::Tensor& lowresTokens);
    std::vector<MuseTransformerLayer> m_lowresLayers;
};
TORCH_MODULE(MuseSuperResTransformer);

Result<MuseSuperResTransformer> buildMuseSuperResTransformer(const JsonConfig& config);
Result<MuseSuperResTransformer> loadMuseSuperResTransformer(const std::string& folder, const torch::Device& device,
                                                            torch::ScalarType dtype);

} // namespace muse
