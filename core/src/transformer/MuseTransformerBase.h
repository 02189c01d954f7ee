#pragma once
// What the Muse base and super-resolution transformers share (the paper's masked transformer):
// token embedding (codes + mask token) plus a learned 2-D position embedding, the text
// projection Linear(text → hidden) + LayerNorm, N pre-LN layers of self-attention →
// cross-attention to the context → MLP, a final LayerNorm and the projection to codebook logits
// (the mask token has no logit). With token_patch_size p > 1 the layers run on p×p patches of
// tokens: patch_merge maps a patch's p² embeddings to one position, patch_split maps it back to p²
// token states (plus the embeddings, a skip connection) before the final norm. Names:
// docs/model-format.md.

#include "muse/Status.h"
#include "transformer/LayerNorm.h"
#include "transformer/MuseTransformerConfig.h"
#include "transformer/MuseTransformerLayer.h"
#include "transformer/PositionEmbedding2D.h"

namespace muse {

// Everything of a forward pass that depends only on the conditioning (text, and for the super-res
// model the low-resolution tokens): computed once per image, reused at every decoding step.
struct MuseTextContext {
    c10::optional<torch::Tensor> mask; // additive key-padding mask (B, 1, 1, L); none = attend to all
    std::vector<KeyValue> layers;       // cross-attention K/V of every layer
    torch::Tensor inputBias;            // (B, h·w, hidden) added to the token embeddings; undefined = none

    int64_t batchSize() const { return layers.empty() ? 0 : layers.front().key.size(0); }
    MuseTextContext indexSelect(const torch::Tensor& index) const;
};

class MuseTransformerBase : public torch::nn::Module {
public:
    const MuseTransformerConfig& config() const { return m_config; }
    int64_t maskTokenId() const { return m_config.maskTokenId; }
    int64_t codebookSize() const { return m_config.codebookSize; }
    torch::ScalarType dtype() const { return to_logits->weight.scalar_type(); }

    // Initialisation for training from scratch: Linear and Embedding weights ~ N(0, 0.02), biases
    // 0, LayerNorms 1/0 (the BERT/MaskGIT recipe).
    void initializeWeights();

    torch::nn::Embedding token_embedding{nullptr};
    PositionEmbedding2D position_embedding{nullptr};
    torch::nn::Linear text_projection{nullptr};
    LayerNorm text_norm{nullptr};
    torch::nn::Linear patch_merge{nullptr}; // token_patch_size > 1 only
    torch::nn::Linear patch_split{nullptr};
    torch::nn::ModuleList layers{nullptr};
    LayerNorm final_norm{nullptr};
    torch::nn::Linear to_logits{nullptr};

protected:
    explicit MuseTransformerBase(const MuseTransformerConfig& config);

    // (B, L, encoder_hidden_size) → (B, L, hidden).
    torch::Tensor projectText(const torch::Tensor& textStates);
    // keep (B, L): nonzero = attend → additive (B, 1, 1, L) in the model dtype.
    c10::optional<torch::Tensor> additiveMask(const c10::optional<torch::Tensor>& keep) const;
    MuseTextContext contextFrom(const torch::Tensor& contextStates, const c10::optional<torch::Tensor>& additive);
    // tokens (B, h, w) → logits (B, codebook, h, w). Cross-attention K/V come from `contextStates`
    // when given, else from `context`. `inputBias` (B, h·w, hidden), when defined, is added to the
    // token embeddings (with `context`, its own inputBias is used).
    // With `select` (B, h, w) bool defined, only the selected positions get logits: (N, K) in
    // row-major (b, y, x) order — training needs them at the masked positions only, and the
    // projection to the codebook is a third of a patched base model's step.
    torch::Tensor run(const torch::Tensor& tokens, const torch::Tensor* contextStates,
                      const c10::optional<torch::Tensor>& additive, const MuseTextContext* context,
                      const torch::Tensor& inputBias = {}, const torch::Tensor& select = {});

    MuseTransformerConfig m_config;
    std::vector<MuseTransformerLayer> m_layers;
};

// Writes config.json and model.safetensors of a Muse transformer into `folder` (created if needed).
Status saveMuseTransformer(MuseTransformerBase& model, const std::string& folder);

} // namespace muse
