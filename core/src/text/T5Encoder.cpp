#include "text/T5Encoder.h"

#include "io/WeightLoader.h"
#include "nn/Attention.h"
#include "util/LoadError.h"

#include <cmath>
#include <limits>

namespace muse {

namespace {

torch::nn::Linear makeLinear(int64_t in, int64_t out)
{
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}

torch::Tensor applyActivation(const torch::Tensor& x, T5Activation activation)
{
    switch (activation) {
    case T5Activation::Relu:
        return torch::relu(x);
    case T5Activation::Gelu:
        return torch::gelu(x);
    case T5Activation::GeluTanh: {
        // gelu_new written out, so it matches HF on LibTorch versions without approximate="tanh".
        const double c = std::sqrt(2.0 / M_PI);
        return 0.5 * x * (1.0 + torch::tanh(c * (x + 0.044715 * torch::pow(x, 3.0))));
    }
    case T5Activation::Silu:
        return torch::silu(x);
    }
    return x;
}

// HF T5Block clamps half-precision hidden states that overflowed, so that fp16 runs continue
// with finite values instead of spreading inf/NaN through the following blocks.
torch::Tensor clampHalfOverflow(const torch::Tensor& x)
{
    if (x.scalar_type() != torch::kFloat16)
        return x;
    const double maxValue = 65504.0;
    torch::Tensor limit = torch::where(x.isinf().any(), torch::scalar_tensor(maxValue - 1000.0, x.options()),
                                       torch::scalar_tensor(maxValue, x.options()));
    return torch::clamp(x, -limit, limit);
}

// Bidirectional bucketing of key_pos − query_pos (Raffel et al. / HF `_relative_position_bucket`):
// half the buckets per sign; within a sign, exact buckets for small distances and logarithmic
// ones up to maxDistance. Done in float32 with the same operations as the reference, so bucket
// boundaries agree exactly.
torch::Tensor relativePositionBuckets(int64_t length, int64_t numBuckets, int64_t maxDistance, torch::Device device)
{
    auto longOptions = torch::TensorOptions().dtype(torch::kInt64).device(device);
    torch::Tensor position = torch::arange(length, longOptions);
    torch::Tensor relative = position.unsqueeze(0) - position.unsqueeze(1); // [query, key] = key − query
    const int64_t half = numBuckets / 2;
    torch::Tensor buckets = relative.gt(0).to(torch::kInt64) * half;
    torch::Tensor distance = relative.abs();
    const int64_t maxExact = half / 2;
    torch::Tensor isSmall = distance.lt(maxExact);
    // clamp_min(1): log(0) is never used (those positions are "small") but must not reach the cast.
    torch::Tensor large = torch::log(distance.clamp_min(1).to(torch::kFloat32) / static_cast<double>(maxExact)) /
                          std::log(static_cast<double>(maxDistance) / static_cast<double>(maxExact)) *
                          static_cast<double>(half - maxExact);
    torch::Tensor largeBucket = (large.to(torch::kInt64) + maxExact).clamp_max(half - 1);
    return buckets + torch::where(isSmall, distance, largeBucket);
}

double lowestValue(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kFloat16:
        return -65504.0;
    case torch::kBFloat16:
        return static_cast<double>(std::numeric_limits<c10::BFloat16>::lowest());
    case torch::kFloat64:
        return std::numeric_limits<double>::lowest();
    default:
        return std::numeric_limits<float>::lowest();
    }
}

} // namespace

// ---- config ------------------------------------------------------------------------------------

Result<T5Activation> parseT5Activation(const std::string& name)
{
    if (name == "relu")
        return T5Activation::Relu;
    if (name == "gelu")
        return T5Activation::Gelu;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return T5Activation::GeluTanh;
    if (name == "silu" || name == "swish")
        return T5Activation::Silu;
    return Status(ErrorCode::UnsupportedFormat, "unsupported activation \"" + name +
                                                    "\" (known: relu, gelu, gelu_new, gelu_pytorch_tanh, silu)");
}

Result<T5Config> T5Config::fromJson(const JsonConfig& json)
{
    // The getters throw LoadError whose message already names the file and key.
    try {
        T5Config c;
        auto positive = [&](const char* key, int64_t fallback) {
            const int64_t value = json.getInt(key, fallback);
            json.require(value > 0, key, "must be positive, got " + std::to_string(value));
            return value;
        };
        c.dModel = positive("d_model", c.dModel);
        c.dKv = positive("d_kv", c.dKv);
        c.numHeads = positive("num_heads", c.numHeads);
        c.dFf = positive("d_ff", c.dFf);
        c.numLayers = positive("num_layers", c.numLayers);
        c.vocabSize = positive("vocab_size", c.vocabSize);
        c.relativeAttentionNumBuckets = json.getInt("relative_attention_num_buckets", c.relativeAttentionNumBuckets);
        // Bidirectional bucketing halves the buckets per sign and again into exact/logarithmic.
        json.require(c.relativeAttentionNumBuckets >= 4 && c.relativeAttentionNumBuckets % 2 == 0,
                     "relative_attention_num_buckets",
                     "must be an even number of at least 4, got " + std::to_string(c.relativeAttentionNumBuckets));
        c.relativeAttentionMaxDistance = json.getInt("relative_attention_max_distance", c.relativeAttentionMaxDistance);
        json.require(c.relativeAttentionMaxDistance > c.relativeAttentionNumBuckets / 4,
                     "relative_attention_max_distance",
                     "must exceed relative_attention_num_buckets / 4, got " +
                         std::to_string(c.relativeAttentionMaxDistance));
        c.layerNormEpsilon = json.getDouble("layer_norm_epsilon", c.layerNormEpsilon);
        json.require(c.layerNormEpsilon > 0.0 && std::isfinite(c.layerNormEpsilon), "layer_norm_epsilon",
                     "must be a positive number");
        c.padTokenId = json.getInt("pad_token_id", c.padTokenId);
        c.eosTokenId = json.getInt("eos_token_id", c.eosTokenId);
        json.require(c.padTokenId >= 0 && c.padTokenId < c.vocabSize, "pad_token_id", "is outside the vocabulary");
        json.require(c.eosTokenId >= 0 && c.eosTokenId < c.vocabSize, "eos_token_id", "is outside the vocabulary");

        // transformers: "<act>" or "gated-<act>"; "gated-gelu" means the tanh approximation.
        c.feedForwardProj = json.getString("feed_forward_proj", c.feedForwardProj);
        std::string activationName = c.feedForwardProj;
        c.gated = false;
        if (const auto dash = c.feedForwardProj.find('-'); dash != std::string::npos) {
            json.require(c.feedForwardProj.substr(0, dash) == "gated" &&
                             c.feedForwardProj.find('-', dash + 1) == std::string::npos && dash + 1 < c.feedForwardProj.size(),
                         "feed_forward_proj",
                         "\"" + c.feedForwardProj + "\" is not of the form \"<activation>\" or \"gated-<activation>\"");
            c.gated = true;
            activationName = c.feedForwardProj.substr(dash + 1);
        }
        if (c.feedForwardProj == "gated-gelu")
            activationName = "gelu_new";
        // A config written by transformers also records the derived values, and transformers
        // lets them win over feed_forward_proj when it reads the file back.
        activationName = json.getString("dense_act_fn", activationName);
        c.gated = json.getBool("is_gated_act", c.gated);
        auto activation = parseT5Activation(activationName);
        json.require(activation.isOk(), json.has("dense_act_fn") ? "dense_act_fn" : "feed_forward_proj",
                     activation.status().message());
        c.activation = *activation;
        return c;
    } catch (const LoadError& e) {
        return e.status();
    }
}

// ---- modules -----------------------------------------------------------------------------------

T5LayerNormImpl::T5LayerNormImpl(int64_t size, double eps) : m_eps(eps)
{
    weight = register_parameter("weight", torch::ones({size}));
}

torch::Tensor T5LayerNormImpl::forward(const torch::Tensor& x)
{
    torch::Tensor variance = x.to(torch::kFloat32).pow(2).mean(-1, /*keepdim=*/true);
    torch::Tensor normalized = x * torch::rsqrt(variance + m_eps); // promotes to float32
    if (weight.scalar_type() == torch::kFloat16 || weight.scalar_type() == torch::kBFloat16)
        normalized = normalized.to(weight.scalar_type());
    return weight * normalized;
}

T5AttentionImpl::T5AttentionImpl(const T5Config& config, bool hasRelativeAttentionBias)
    : m_heads(config.numHeads), m_numBuckets(config.relativeAttentionNumBuckets),
      m_maxDistance(config.relativeAttentionMaxDistance)
{
    q = register_module("q", makeLinear(config.dModel, config.innerDim()));
    k = register_module("k", makeLinear(config.dModel, config.innerDim()));
    v = register_module("v", makeLinear(config.dModel, config.innerDim()));
    o = register_module("o", makeLinear(config.innerDim(), config.dModel));
    if (hasRelativeAttentionBias)
        relative_attention_bias = register_module(
            "relative_attention_bias", torch::nn::Embedding(config.relativeAttentionNumBuckets, config.numHeads));
}

torch::Tensor T5AttentionImpl::computePositionBias(int64_t length, torch::Device device)
{
    TORCH_CHECK(!relative_attention_bias.is_empty(), "T5 attention without relative_attention_bias asked for one");
    torch::Tensor buckets = relativePositionBuckets(length, m_numBuckets, m_maxDistance, device);
    return relative_attention_bias(buckets).permute({2, 0, 1}).unsqueeze(0); // (1, heads, L, L)
}

torch::Tensor T5AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& positionBias)
{
    torch::Tensor query = splitHeads(q(x), m_heads);
    torch::Tensor key = splitHeads(k(x), m_heads);
    torch::Tensor value = splitHeads(v(x), m_heads);
    // T5 folds the 1/√d_kv into its initialisation: the scores are not scaled.
    torch::Tensor context = attention(query, key, value, positionBias, /*scale=*/1.0);
    return o(mergeHeads(context));
}

T5LayerSelfAttentionImpl::T5LayerSelfAttentionImpl(const T5Config& config, bool hasRelativeAttentionBias)
{
    SelfAttention = register_module("SelfAttention", T5Attention(config, hasRelativeAttentionBias));
    layer_norm = register_module("layer_norm", T5LayerNorm(config.dModel, config.layerNormEpsilon));
}

torch::Tensor T5LayerSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& positionBias)
{
    // Mixed dtypes promote: with a float32 `wo` under fp16 the residual stream becomes float32,
    // exactly as in transformers.
    return x + SelfAttention(layer_norm(x), positionBias);
}

T5DenseImpl::T5DenseImpl(const T5Config& config) : m_activation(config.activation)
{
    if (config.gated) {
        wi_0 = register_module("wi_0", makeLinear(config.dModel, config.dFf));
        wi_1 = register_module("wi_1", makeLinear(config.dModel, config.dFf));
    } else {
        wi = register_module("wi", makeLinear(config.dModel, config.dFf));
    }
    wo = register_module("wo", makeLinear(config.dFf, config.dModel));
}

torch::Tensor T5DenseImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = wi.is_empty() ? applyActivation(wi_0(x), m_activation) * wi_1(x)
                                    : applyActivation(wi(x), m_activation);
    if (h.scalar_type() != wo->weight.scalar_type())
        h = h.to(wo->weight.scalar_type());
    return wo(h);
}

T5LayerFFImpl::T5LayerFFImpl(const T5Config& config)
{
    DenseReluDense = register_module("DenseReluDense", T5Dense(config));
    layer_norm = register_module("layer_norm", T5LayerNorm(config.dModel, config.layerNormEpsilon));
}

torch::Tensor T5LayerFFImpl::forward(const torch::Tensor& x) { return x + DenseReluDense(layer_norm(x)); }

T5BlockImpl::T5BlockImpl(const T5Config& config, bool hasRelativeAttentionBias)
{
    selfAttention = T5LayerSelfAttention(config, hasRelativeAttentionBias);
    feedForward = T5LayerFF(config);
    layer = register_module("layer", torch::nn::ModuleList(selfAttention, feedForward));
}

torch::Tensor T5BlockImpl::forward(const torch::Tensor& x, const torch::Tensor& positionBias)
{
    torch::Tensor h = clampHalfOverflow(selfAttention(x, positionBias));
    return clampHalfOverflow(feedForward(h));
}

T5StackImpl::T5StackImpl(const T5Config& config)
{
    block = register_module("block", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.numLayers; ++i) {
        // Only block 0 owns the relative-position table; the others reuse its bias.
        blocks.emplace_back(config, /*hasRelativeAttentionBias=*/i == 0);
        block->push_back(blocks.back());
    }
    final_layer_norm = register_module("final_layer_norm", T5LayerNorm(config.dModel, config.layerNormEpsilon));
}

T5EncoderModelImpl::T5EncoderModelImpl(const T5Config& config) : m_config(config)
{
    shared = register_module("shared", torch::nn::Embedding(config.vocabSize, config.dModel));
    encoder = register_module("encoder", T5Stack(config));
}

void T5EncoderModelImpl::placeOn(torch::Device device, torch::ScalarType dtype)
{
    to(device, dtype);
    if (dtype == torch::kFloat16)
        for (auto& block : encoder->blocks)
            block->feedForward->DenseReluDense->wo->to(torch::kFloat32);
}

torch::Tensor T5EncoderModelImpl::forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask)
{
    TORCH_CHECK(inputIds.dim() == 2, "T5 encoder: input_ids must be (batch, length), got ", inputIds.sizes());
    TORCH_CHECK(attentionMask.sizes() == inputIds.sizes(), "T5 encoder: attention_mask has shape ",
                attentionMask.sizes(), " but input_ids has ", inputIds.sizes());
    if (inputIds.numel() > 0) {
        TORCH_CHECK(inputIds.min().item<int64_t>() >= 0 && inputIds.max().item<int64_t>() < m_config.vocabSize,
                    "T5 encoder: a token id is outside the vocabulary of ", m_config.vocabSize);
    }
    const torch::Device device = shared->weight.device();
    const torch::ScalarType dtype = shared->weight.scalar_type();
    const int64_t length = inputIds.size(1);

    torch::Tensor x = shared(inputIds.to(device, torch::kInt64)); // no √d_model scaling in T5

    // Bias and mask are summed once in float32 and shared by every block. The mask uses the
    // lowest value of the model's dtype, like transformers, so a fully padded row stays finite.
    torch::Tensor keep = attentionMask.to(device, torch::kFloat32);
    torch::Tensor additiveMask = ((1.0 - keep) * lowestValue(dtype)).view({keep.size(0), 1, 1, length});
    torch::Tensor positionBias =
        encoder->blocks.front()->selfAttention->SelfAttention->computePositionBias(length, device).to(torch::kFloat32);
    positionBias = positionBias + additiveMask;

    for (auto& block : encoder->blocks)
        x = block(x, positionBias);
    return encoder->final_layer_norm(x);
}

// ---- loading -----------------------------------------------------------------------------------

std::shared_ptr<torch::nn::Module> buildT5Encoder(const JsonConfig& json)
{
    auto config = T5Config::fromJson(json);
    if (!config)
        throw LoadError(config.status());
    return T5EncoderModel(*config).ptr();
}

Result<T5EncoderModel> loadT5Encoder(const std::string& folder, torch::Device device, torch::ScalarType dtype)
{
    return guarded(folder, [&]() -> Result<T5EncoderModel> {
        if (dtype != torch::kFloat32 && dtype != torch::kFloat16 && dtype != torch::kBFloat16)
            return Status(ErrorCode::InvalidArgument, "the T5 encoder runs in float32, float16 or bfloat16");
        auto json = JsonConfig::load(folder + "/config.json");
        if (!json)
            return json.status();
        auto config = T5Config::fromJson(*json);
        if (!config)
            return config.status();
        auto archive = TensorArchive::openFolder(folder);
        if (!archive)
            return archive.status();

        T5EncoderModel model(*config);
        model->placeOn(device, dtype);
        WeightLoadOptions options;
        // A whole T5ForConditionalGeneration checkpoint: the decoder half and the LM head are
        // not part of the encoder.
        options.ignoredPrefixes = {"decoder.", "lm_head."};
        // transformers ties encoder.embed_tokens to shared; files hold either name or both.
        options.aliases["shared.weight"] = {"encoder.embed_tokens.weight"};
        if (archive->find("shared.weight"))
            options.ignoredPrefixes.push_back("encoder.embed_tokens.weight");
        MUSE_RETURN_IF_ERROR(loadModuleWeights(*model, *archive, options));
        model->eval();
        return model;
    });
}

} // namespace muse
