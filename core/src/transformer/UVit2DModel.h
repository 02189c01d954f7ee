#pragma once
// aMUSEd's masked-token transformer, weight-compatible with diffusers' UVit2DModel (model-spec
// §2.3–2.4): every registered module/parameter name equals its checkpoint key.
//
//   auto model = loadUVit2DModel("amused-256/transformer", torch::kCUDA, torch::kBFloat16);
//   UVit2DTextContext text = (*model)->prepareText(hiddenStates, pooled, microConds); // once per image
//   for (step ...) logits = (*model)->forward(tokens, text);                           // (B, 8192, h, w)
//
// The text context (projected text, the pooled conditioning vector and every cross-attention K/V)
// does not change between decoding steps, so prepareText() computes it once and forward() reuses it.

#include "muse/Status.h"
#include "transformer/BasicTransformerBlock.h"
#include "transformer/ConvMlmLayer.h"
#include "transformer/RMSNorm.h"
#include "transformer/TimestepEmbedding.h"
#include "transformer/UVit2DConfig.h"
#include "transformer/UVit2DConvEmbed.h"
#include "transformer/UVitBlock.h"

namespace muse {

// Everything of one forward pass that depends only on the text and micro-conditions.
struct UVit2DTextContext {
    torch::Tensor conditioning;            // (B, hidden): cond_embed([pooled, micro-cond embedding])
    UVitBlockImpl::TextKeyValues downBlock; // K/V of the SkipFF blocks before the transformer
    std::vector<KeyValue> layers;           // K/V of every transformer layer's cross-attention
    UVitBlockImpl::TextKeyValues upBlock;   // K/V of the SkipFF blocks after it

    int64_t batchSize() const { return conditioning.defined() ? conditioning.size(0) : 0; }
    // The context for the batch rows `index` (e.g. to pair a CFG batch [uncond, cond] with images).
    UVit2DTextContext indexSelect(const torch::Tensor& index) const;
};

class UVit2DModelImpl : public torch::nn::Module {
public:
    explicit UVit2DModelImpl(const UVit2DConfig& config);

    // encoderHiddenStates (B, L, encoder_hidden_size) = CLIP penultimate states; pooledTextEmb
    // (B, cond_embed_dim) = CLIP text_embeds; microConds (B, 5) = [width, height, crop_top,
    // crop_left, aesthetic score].
    UVit2DTextContext prepareText(const torch::Tensor& encoderHiddenStates, const torch::Tensor& pooledTextEmb,
                                  const torch::Tensor& microConds);
    // inputIds (B, h, w) int64 (mask token = maskTokenId()) → logits (B, codebook_size, h, w).
    torch::Tensor forward(const torch::Tensor& inputIds, const UVit2DTextContext& text);
    // The same without a prepared context: every cross-attention projects the text itself.
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& encoderHiddenStates,
                          const torch::Tensor& pooledTextEmb, const torch::Tensor& microConds);

    const UVit2DConfig& config() const { return m_config; }
    int64_t maskTokenId() const { return m_config.maskTokenId(); }
    torch::ScalarType dtype() const { return encoder_proj->weight.scalar_type(); }

    torch::nn::Linear encoder_proj{nullptr};
    RMSNorm encoder_proj_layer_norm{nullptr};
    UVit2DConvEmbed embed{nullptr};
    TimestepEmbedding cond_embed{nullptr};
    UVitBlock down_block{nullptr};
    RMSNorm project_to_hidden_norm{nullptr};
    torch::nn::Linear project_to_hidden{nullptr};
    torch::nn::ModuleList transformer_layers{nullptr};
    RMSNorm project_from_hidden_norm{nullptr};
    torch::nn::Linear project_from_hidden{nullptr};
    UVitBlock up_block{nullptr};
    ConvMlmLayer mlm_layer{nullptr};

private:
    torch::Tensor projectText(const torch::Tensor& encoderHiddenStates);
    torch::Tensor conditioningVector(const torch::Tensor& pooledTextEmb, const torch::Tensor& microConds);
    // The token path; cross-attentions take their K/V from `text` when given, else from `context`.
    torch::Tensor run(const torch::Tensor& inputIds, const torch::Tensor& conditioning, const torch::Tensor* text,
                      const UVit2DTextContext* context);

    UVit2DConfig m_config;
    std::vector<BasicTransformerBlock> m_layers;
};
TORCH_MODULE(UVit2DModel);

// Builds a randomly initialised model from a diffusers config.json.
Result<UVit2DModel> buildUVit2DModel(const JsonConfig& config);
// Loads `folder`/config.json and the folder's safetensors weights, in `dtype` on `device`, in eval mode.
Result<UVit2DModel> loadUVit2DModel(const std::string& folder, const torch::Device& device, torch::ScalarType dtype);

} // namespace muse
