#pragma once
// The Muse base transformer (Chang et al. 2023) in our own format: masked image tokens plus the
// projected text-encoder states (e.g. T5-XXL, all tokens) → logits over the codebook.
//
//   auto model = loadMuseTransformer("my-muse/transformer", device, torch::kBFloat16);
//   MuseTextContext text = (*model)->prepareText(t5States, t5Mask);  // once per image
//   for (step ...) logits = (*model)->forward(tokens, text);          // (B, codebook, h, w)

#include "transformer/MuseTransformerBase.h"

namespace muse {

class MuseTransformerImpl : public MuseTransformerBase {
public:
    explicit MuseTransformerImpl(const MuseTransformerConfig& config);

    // textStates (B, L, encoder_hidden_size); textMask (B, L), nonzero = real token (padding is
    // masked out of the cross-attention), or none to attend to every position.
    MuseTextContext prepareText(const torch::Tensor& textStates, const c10::optional<torch::Tensor>& textMask);
    // tokens (B, h, w) int64 with masked positions = maskTokenId(); h, w up to the grid size.
    torch::Tensor forward(const torch::Tensor& tokens, const MuseTextContext& text);
    // The same without a prepared context (every layer projects the text itself).
    torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& textStates,
                          const c10::optional<torch::Tensor>& textMask);
    // Training: logits (N, codebook) of the positions where `select` (B, h, w) is true, row-major.
    torch::Tensor forwardSelected(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                  const c10::optional<torch::Tensor>& textMask, const torch::Tensor& select);
};
TORCH_MODULE(MuseTransformer);

// A randomly initialised (initializeWeights) base transformer from a config with
// "_class_name": "MuseTransformer".
Result<MuseTransformer> buildMuseTransformer(const JsonConfig& config);
Result<MuseTransformer> loadMuseTransformer(const std::string& folder, const torch::Device& device,
                                            torch::ScalarType dtype);

} // namespace muse
