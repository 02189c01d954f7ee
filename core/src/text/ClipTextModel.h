#pragma once
// The CLIP text encoder (Hugging Face `CLIPTextModelWithProjection` and `CLIPTextModel`),
// weight-compatible with their checkpoints: every registered module name equals the checkpoint
// key, so loading is a name lookup. aMUSEd conditions its transformer on the penultimate hidden
// states (hidden_states[-2], no final LayerNorm) and on the projected pooled output (text_embeds).

#include "muse/Status.h"
#include "io/JsonConfig.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace muse {

enum class ClipActivation {
    QuickGelu, // x·sigmoid(1.702x): OpenAI's CLIP
    Gelu,      // exact (erf) GELU
    GeluTanh,  // tanh approximation ("gelu_new", "gelu_pytorch_tanh")
};

struct ClipTextConfig {
    int64_t hiddenSize = 512;
    int64_t intermediateSize = 2048;
    int64_t numHiddenLayers = 12;
    int64_t numAttentionHeads = 8;
    int64_t maxPositionEmbeddings = 77;
    int64_t vocabSize = 49408;
    ClipActivation hiddenAct = ClipActivation::QuickGelu;
    double layerNormEps = 1e-5;
    int64_t projectionDim = 512;
    // 2 in the original OpenAI configs (a legacy value that is not the real <|endoftext|> id): the
    // pooled position is then argmax(input_ids). Any other value: the first position holding it.
    int64_t eosTokenId = 2;
    // CLIPTextModelWithProjection has `text_projection.weight`; CLIPTextModel has not.
    bool withProjection = true;

    int64_t headDim() const { return hiddenSize / numAttentionHeads; }

    // Reads a Hugging Face CLIP text config.json; absent keys take transformers' defaults.
    // `architectures` decides withProjection (absent: with projection). Errors name file and key.
    static Result<ClipTextConfig> fromJson(const JsonConfig& json);
};

Result<ClipActivation> parseClipActivation(const std::string& name);

class ClipTextEmbeddingsImpl : public torch::nn::Module {
public:
    explicit ClipTextEmbeddingsImpl(const ClipTextConfig& config);
    torch::Tensor forward(const torch::Tensor& inputIds);

    torch::nn::Embedding token_embedding{nullptr};
    torch::nn::Embedding position_embedding{nullptr};
};
TORCH_MODULE(ClipTextEmbeddings);

class ClipAttentionImpl : public torch::nn::Module {
public:
    explicit ClipAttentionImpl(const ClipTextConfig& config);
    // Causal self-attention (no padding mask: the reference passes none).
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

private:
    int64_t m_heads;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
public:
    explicit ClipMlpImpl(const ClipTextConfig& config);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr}, fc2{nullptr};

private:
    ClipActivation m_activation;
};
TORCH_MODULE(ClipMlp);

// Pre-LayerNorm transformer layer: x + attn(LN1(x)), then x + mlp(LN2(x)).
class ClipEncoderLayerImpl : public torch::nn::Module {
public:
    explicit ClipEncoderLayerImpl(const ClipTextConfig& config);
    torch::Tensor forward(const torch::Tensor& x);

    ClipAttention self_attn{nullptr};
    torch::nn::LayerNorm layer_norm1{nullptr};
    ClipMlp mlp{nullptr};
    torch::nn::LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

class ClipEncoderImpl : public torch::nn::Module {
public:
    explicit ClipEncoderImpl(const ClipTextConfig& config);
    torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(ClipEncoder);

// `text_model` of the checkpoint: embeddings, encoder layers, final LayerNorm.
class ClipTextTransformerImpl : public torch::nn::Module {
public:
    explicit ClipTextTransformerImpl(const ClipTextConfig& config);

    ClipTextEmbeddings embeddings{nullptr};
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(ClipTextTransformer);

struct ClipTextOutput {
    torch::Tensor lastHiddenState;        // [B, L, hidden]: final LayerNorm of the last layer
    torch::Tensor penultimateHiddenState; // [B, L, hidden]: hidden_states[-2], no final LayerNorm
    torch::Tensor pooled;                 // [B, hidden]: lastHiddenState at the EOS position
    torch::Tensor textEmbeds;             // [B, projection]: text_projection(pooled); undefined without projection
};

class ClipTextModelImpl : public torch::nn::Module {
public:
    explicit ClipTextModelImpl(const ClipTextConfig& config);
    // inputIds: [B, L] int64 with L ≤ max_position_embeddings (the reference pads to 77).
    ClipTextOutput forward(const torch::Tensor& inputIds);
    // The pooled position of each row (see ClipTextConfig::eosTokenId): [B] int64.
    torch::Tensor pooledPositions(const torch::Tensor& inputIds) const;

    const ClipTextConfig& config() const { return m_config; }

    ClipTextTransformer text_model{nullptr};
    torch::nn::Linear text_projection{nullptr}; // no bias; null for CLIPTextModel

private:
    ClipTextConfig m_config;
};
TORCH_MODULE(ClipTextModel);

// Loads config.json + model.safetensors (or a sharded index) from a text_encoder folder. The
// `text_model.embeddings.position_ids` buffer of older files is skipped. When config.json names
// no architecture, the weights decide whether there is a projection. Weights are converted to
// `dtype` (float32, float16 or bfloat16) whatever their stored dtype.
Result<ClipTextModel> loadClipTextModel(const std::string& folder, torch::Device device, torch::ScalarType dtype);

// An untrained model for `config` (parameter counts, tests). Throws LoadError naming the key when
// the config is invalid.
std::shared_ptr<torch::nn::Module> buildClipTextModel(const JsonConfig& config);

} // namespace muse
