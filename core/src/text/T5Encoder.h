#pragma once
// The encoder half of T5 (Hugging Face `T5EncoderModel`, v1.0 and v1.1 styles), weight-compatible
// with its checkpoints: every registered module name equals the checkpoint key, so loading is a
// name lookup. Muse conditions its transformers on all (unmasked) states of this encoder.

#include "muse/Status.h"
#include "io/JsonConfig.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace muse {

enum class T5Activation {
    Relu,
    Gelu,     // exact (erf) GELU: HF "gelu", what a plain feed_forward_proj "gelu" gives
    GeluTanh, // tanh approximation: HF "gelu_new", what "gated-gelu" gives (T5 v1.1)
    Silu,
};

struct T5Config {
    int64_t dModel = 512;
    int64_t dKv = 64;
    int64_t numHeads = 8;
    int64_t dFf = 2048;
    int64_t numLayers = 6;
    int64_t vocabSize = 32128;
    std::string feedForwardProj = "relu";
    bool gated = false; // wi_0/wi_1 (gated) or a single wi
    T5Activation activation = T5Activation::Relu;
    int64_t relativeAttentionNumBuckets = 32;
    int64_t relativeAttentionMaxDistance = 128;
    double layerNormEpsilon = 1e-6;
    int64_t padTokenId = 0;
    int64_t eosTokenId = 1;

    int64_t innerDim() const { return dKv * numHeads; }

    // Reads a Hugging Face T5 config.json; absent keys take transformers' defaults. The activation
    // follows `feed_forward_proj` ("relu", "gated-gelu", "gated-relu", "gelu", "gated-silu", ...),
    // unless the file also records the derived `dense_act_fn` / `is_gated_act`, which
    // transformers then uses instead. Errors name the file and the key.
    static Result<T5Config> fromJson(const JsonConfig& json);
};

// Parses an activation name as transformers' ACT2FN spells it ("relu", "gelu", "gelu_new", ...).
Result<T5Activation> parseT5Activation(const std::string& name);

// RMS norm without mean subtraction or bias, computed in float32; with a half-precision weight
// the normalised activations are cast to that precision before the multiply (as HF does).
class T5LayerNormImpl : public torch::nn::Module {
public:
    T5LayerNormImpl(int64_t size, double eps);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(T5LayerNorm);

class T5AttentionImpl : public torch::nn::Module {
public:
    T5AttentionImpl(const T5Config& config, bool hasRelativeAttentionBias);
    // `positionBias`: (1 or B, heads, L, L) relative-position bias with the padding mask added.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& positionBias);
    // (1, heads, L, L) bias of the bidirectional relative-position buckets (block 0 only).
    torch::Tensor computePositionBias(int64_t length, torch::Device device);

    torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
    torch::nn::Embedding relative_attention_bias{nullptr};

private:
    int64_t m_heads;
    int64_t m_numBuckets;
    int64_t m_maxDistance;
};
TORCH_MODULE(T5Attention);

class T5LayerSelfAttentionImpl : public torch::nn::Module {
public:
    T5LayerSelfAttentionImpl(const T5Config& config, bool hasRelativeAttentionBias);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& positionBias);

    T5Attention SelfAttention{nullptr};
    T5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(T5LayerSelfAttention);

// DenseReluDense: wo(act(wi(x))) or, gated, wo(act(wi_0(x)) ⊙ wi_1(x)).
class T5DenseImpl : public torch::nn::Module {
public:
    explicit T5DenseImpl(const T5Config& config);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear wi{nullptr}, wi_0{nullptr}, wi_1{nullptr}, wo{nullptr};

private:
    T5Activation m_activation;
};
TORCH_MODULE(T5Dense);

class T5LayerFFImpl : public torch::nn::Module {
public:
    explicit T5LayerFFImpl(const T5Config& config);
    torch::Tensor forward(const torch::Tensor& x);

    T5Dense DenseReluDense{nullptr};
    T5LayerNorm layer_norm{nullptr};
};
TORCH_MODULE(T5LayerFF);

class T5BlockImpl : public torch::nn::Module {
public:
    T5BlockImpl(const T5Config& config, bool hasRelativeAttentionBias);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& positionBias);

    // "layer.0" = T5LayerSelfAttention, "layer.1" = T5LayerFF, as in the checkpoints.
    torch::nn::ModuleList layer{nullptr};
    T5LayerSelfAttention selfAttention{nullptr};
    T5LayerFF feedForward{nullptr};
};
TORCH_MODULE(T5Block);

// The `encoder.` part of the checkpoint (its embed_tokens is the model's `shared`).
class T5StackImpl : public torch::nn::Module {
public:
    explicit T5StackImpl(const T5Config& config);

    torch::nn::ModuleList block{nullptr};
    T5LayerNorm final_layer_norm{nullptr};
    std::vector<T5Block> blocks;
};
TORCH_MODULE(T5Stack);

class T5EncoderModelImpl : public torch::nn::Module {
public:
    explicit T5EncoderModelImpl(const T5Config& config);

    // input_ids (B, L) int64, attention_mask (B, L) (1 = token, 0 = padding; any dtype) →
    // last_hidden_state (B, L, d_model). States at padding positions are computed but meaningless.
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask);

    // Moves the weights; in float16 the `wo` projections stay float32, as transformers keeps them
    // (T5 v1.1 overflows there in half precision).
    void placeOn(torch::Device device, torch::ScalarType dtype);

    const T5Config& config() const { return m_config; }

    torch::nn::Embedding shared{nullptr};
    T5Stack encoder{nullptr};

private:
    T5Config m_config;
};
TORCH_MODULE(T5EncoderModel);

// Loads config.json + model.safetensors (or a sharded index) from `folder`. Accepts an
// encoder-only checkpoint and a whole encoder-decoder one (decoder.* and lm_head.* are skipped;
// the embedding may be stored as shared.weight and/or encoder.embed_tokens.weight). Weights are
// converted to `dtype` (float32, float16 or bfloat16) whatever their stored dtype.
Result<T5EncoderModel> loadT5Encoder(const std::string& folder, torch::Device device, torch::ScalarType dtype);

// An untrained encoder for `config` (parameter counts, tests). Throws LoadError naming the key
// when the config is invalid.
std::shared_ptr<torch::nn::Module> buildT5Encoder(const JsonConfig& config);

} // namespace muse
