#include "text/ClipTextModel.h"

#include "io/WeightLoader.h"
#include "muse/SafeTensors.h"
#include "nn/Attention.h"
#include "util/LoadError.h"

#include <algorithm>
#include <cmath>

namespace muse {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

// A whole CLIPModel (text and vision towers) stores the text config under "text_config".
bool isFullClipModel(const JsonConfig& json)
{
    if (json.has("architectures") && contains(json.getStringList("architectures"), "CLIPModel"))
        return true;
    return json.json().contains("text_config") && json.json()["text_config"].is_object() && !json.has("hidden_size");
}

const char kPositionIdsBuffer[] = "text_model.embeddings.position_ids";

// LayerNorm statistics in float32 for half-precision activations: what the CUDA kernels do
// internally, and LibTorch 1.13 has no float16 LayerNorm on the CPU at all.
torch::Tensor layerNorm(torch::nn::LayerNorm& norm, const torch::Tensor& x)
{
    if (x.scalar_type() != torch::kFloat16 && x.scalar_type() != torch::kBFloat16)
        return norm(x);
    const auto& options = norm->options;
    return torch::layer_norm(x.to(torch::kFloat32), options.normalized_shape(), norm->weight.to(torch::kFloat32),
                             norm->bias.to(torch::kFloat32), options.eps())
        .to(x.scalar_type());
}

} // namespace

Result<ClipActivation> parseClipActivation(const std::string& name)
{
    if (name == "quick_gelu")
        return ClipActivation::QuickGelu;
    if (name == "gelu")
        return ClipActivation::Gelu;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return ClipActivation::GeluTanh;
    return Status(ErrorCode::UnsupportedFormat,
                  "activation \"" + name + "\" is not supported (quick_gelu, gelu, gelu_new, gelu_pytorch_tanh)");
}

Result<ClipTextConfig> ClipTextConfig::fromJson(const JsonConfig& outer)
{
    // The JsonConfig getters throw LoadError naming the file and key.
    try {
        ClipTextConfig c;
        const bool full = isFullClipModel(outer);
        if (full)
            outer.require(outer.json().contains("text_config") && outer.json()["text_config"].is_object(), "text_config",
                          "missing (a CLIPModel config keeps the text model's settings there)");
        // CLIPModel: the text tower's keys live in text_config, projection_dim at the top.
        const JsonConfig json = full ? JsonConfig::fromJson(outer.json()["text_config"], outer.path() + " (text_config)")
                                     : outer;
        c.hiddenSize = json.getInt("hidden_size", c.hiddenSize);
        c.intermediateSize = json.getInt("intermediate_size", c.intermediateSize);
        c.numHiddenLayers = json.getInt("num_hidden_layers", c.numHiddenLayers);
        c.numAttentionHeads = json.getInt("num_attention_heads", c.numAttentionHeads);
        c.maxPositionEmbeddings = json.getInt("max_position_embeddings", c.maxPositionEmbeddings);
        c.vocabSize = json.getInt("vocab_size", c.vocabSize);
        c.layerNormEps = json.getDouble("layer_norm_eps", c.layerNormEps);
        c.projectionDim = (full ? outer : json).getInt("projection_dim", c.projectionDim);
        // transformers' CLIPTextConfig default; the original OpenAI configs store the legacy 2.
        c.eosTokenId = json.getInt("eos_token_id", 49407);
        auto activation = parseClipActivation(json.getString("hidden_act", "quick_gelu"));
        if (!activation)
            return Status(activation.status().code(), json.path() + ": \"hidden_act\": " + activation.status().message());
        c.hiddenAct = *activation;
        if (full) {
            c.withProjection = true;
        } else if (outer.has("architectures")) {
            const auto architectures = outer.getStringList("architectures");
            if (contains(architectures, "CLIPTextModelWithProjection"))
                c.withProjection = true;
            else if (contains(architectures, "CLIPTextModel"))
                c.withProjection = false;
            else
                outer.require(false, "architectures",
                              "names no CLIP text model (CLIPTextModel, CLIPTextModelWithProjection or CLIPModel)");
        }

        json.require(c.hiddenSize > 0, "hidden_size", "must be positive");
        json.require(c.numAttentionHeads > 0, "num_attention_heads", "must be positive");
        json.require(c.hiddenSize % c.numAttentionHeads == 0, "num_attention_heads",
                     "must divide hidden_size (" + std::to_string(c.hiddenSize) + ")");
        json.require(c.intermediateSize > 0, "intermediate_size", "must be positive");
        json.require(c.numHiddenLayers > 0, "num_hidden_layers", "must be positive");
        json.require(c.maxPositionEmbeddings > 0, "max_position_embeddings", "must be positive");
        json.require(c.vocabSize > 0, "vocab_size", "must be positive");
        json.require(c.layerNormEps > 0 && std::isfinite(c.layerNormEps), "layer_norm_eps", "must be positive");
        json.require(c.eosTokenId >= 0, "eos_token_id", "must not be negative");
        if (c.withProjection)
            (full ? outer : json).require(c.projectionDim > 0, "projection_dim", "must be positive");
        return c;
    } catch (const LoadError& e) {
        return e.status();
    }
}

ClipTextEmbeddingsImpl::ClipTextEmbeddingsImpl(const ClipTextConfig& config)
{
    token_embedding = register_module("token_embedding", torch::nn::Embedding(config.vocabSize, config.hiddenSize));
    position_embedding =
        register_module("position_embedding", torch::nn::Embedding(config.maxPositionEmbeddings, config.hiddenSize));
}

torch::Tensor ClipTextEmbeddingsImpl::forward(const torch::Tensor& inputIds)
{
    const int64_t length = inputIds.size(1);
    TORCH_CHECK(length <= position_embedding->weight.size(0), "CLIP text input has ", length,
                " positions; the model has ", position_embedding->weight.size(0));
    auto positions = torch::arange(length, inputIds.options().dtype(torch::kLong));
    return token_embedding(inputIds) + position_embedding(positions).unsqueeze(0);
}

ClipAttentionImpl::ClipAttentionImpl(const ClipTextConfig& config) : m_heads(config.numAttentionHeads)
{
    const int64_t h = config.hiddenSize;
    q_proj = register_module("q_proj", torch::nn::Linear(h, h));
    k_proj = register_module("k_proj", torch::nn::Linear(h, h));
    v_proj = register_module("v_proj", torch::nn::Linear(h, h));
    out_proj = register_module("out_proj", torch::nn::Linear(h, h));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x)
{
    auto q = splitHeads(q_proj(x), m_heads);
    auto k = splitHeads(k_proj(x), m_heads);
    auto v = splitHeads(v_proj(x), m_heads);
    auto context = attention(q, k, v, c10::nullopt, c10::nullopt, /*causal=*/true);
    return out_proj(mergeHeads(context));
}

ClipMlpImpl::ClipMlpImpl(const ClipTextConfig& config) : m_activation(config.hiddenAct)
{
    fc1 = register_module("fc1", torch::nn::Linear(config.hiddenSize, config.intermediateSize));
    fc2 = register_module("fc2", torch::nn::Linear(config.intermediateSize, config.hiddenSize));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = fc1(x);
    switch (m_activation) {
    case ClipActivation::QuickGelu: h = h * torch::sigmoid(1.702 * h); break;
    case ClipActivation::Gelu: h = torch::gelu(h); break;
    case ClipActivation::GeluTanh: h = torch::gelu(h, "tanh"); break;
    }
    return fc2(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipTextConfig& config)
{
    auto norm = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps)); };
    self_attn = register_module("self_attn", ClipAttention(config));
    layer_norm1 = register_module("layer_norm1", norm());
    mlp = register_module("mlp", ClipMlp(config));
    layer_norm2 = register_module("layer_norm2", norm());
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = x + self_attn(layerNorm(layer_norm1, x));
    return h + mlp(layerNorm(layer_norm2, h));
}

ClipEncoderImpl::ClipEncoderImpl(const ClipTextConfig& config)
{
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.numHiddenLayers; ++i)
        layers->push_back(ClipEncoderLayer(config));
}

ClipTextTransformerImpl::ClipTextTransformerImpl(const ClipTextConfig& config)
{
    embeddings = register_module("embeddings", ClipTextEmbeddings(config));
    encoder = register_module("encoder", ClipEncoder(config));
    final_layer_norm = register_module(
        "final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps)));
}

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& config) : m_config(config)
{
    text_model = register_module("text_model", ClipTextTransformer(config));
    if (config.withProjection)
        text_projection = register_module(
            "text_projection", torch::nn::Linear(torch::nn::LinearOptions(config.hiddenSize, config.projectionDim).bias(false)));
}

torch::Tensor ClipTextModelImpl::pooledPositions(const torch::Tensor& inputIds) const
{
    // The legacy configs (eos_token_id 2) pool at the highest id: the first <|endoftext|>
    // (49407, the largest id) when the text is padded with it. argmax returns the first maximum.
    if (m_config.eosTokenId == 2)
        return inputIds.argmax(-1);
    return inputIds.eq(m_config.eosTokenId).to(torch::kInt).argmax(-1);
}

ClipTextOutput ClipTextModelImpl::forward(const torch::Tensor& inputIds)
{
    TORCH_CHECK(inputIds.dim() == 2, "CLIP text input_ids must be [batch, length], got ", inputIds.sizes());
    TORCH_CHECK(inputIds.size(1) > 0, "CLIP text input_ids are empty");
    const torch::Tensor ids = inputIds.to(torch::kLong);
    auto& layers = *text_model->encoder->layers;

    torch::Tensor x = text_model->embeddings(ids);
    torch::Tensor beforeLast = x;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (i + 1 == layers.size())
            beforeLast = x;
        x = layers[i]->as<ClipEncoderLayer>()->forward(x);
    }

    ClipTextOutput out;
    out.penultimateHiddenState = beforeLast;
    out.lastHiddenState = layerNorm(text_model->final_layer_norm, x);
    const torch::Tensor rows = torch::arange(ids.size(0), ids.options());
    out.pooled = out.lastHiddenState.index({rows, pooledPositions(ids).to(ids.device())});
    if (text_projection)
        out.textEmbeds = text_projection(out.pooled);
    return out;
}

std::shared_ptr<torch::nn::Module> buildClipTextModel(const JsonConfig& json)
{
    auto config = ClipTextConfig::fromJson(json);
    if (!config)
        throw LoadError(config.status());
    return ClipTextModel(*config).ptr();
}

Result<ClipTextModel> loadClipTextModel(const std::string& folder, torch::Device device, torch::ScalarType dtype)
{
    return guarded(folder, [&]() -> Result<ClipTextModel> {
        auto json = JsonConfig::load(folder + "/config.json");
        if (!json)
            return json.status();
        auto config = ClipTextConfig::fromJson(*json);
        if (!config)
            return config.status();
        auto archive = TensorArchive::openFolder(folder);
        if (!archive)
            return archive.status();
        if (!json->has("architectures"))
            config->withProjection = archive->find("text_projection.weight").has_value();

        WeightLoadOptions options;
        options.ignoredPrefixes = {kPositionIdsBuffer};
        if (isFullClipModel(*json))
            options.ignoredPrefixes.insert(options.ignoredPrefixes.end(),
                                           {"vision_model.", "visual_projection.", "logit_scale"});

        ClipTextModel model(*config);
        model->to(device, dtype);
        Status loaded = loadModuleWeights(*model, *archive, options);
        // Errors raised inside the loader already start with the file; the others get it here.
        if (!loaded && loaded.message().rfind(archive->description(), 0) != 0)
            loaded = loaded.withContext(archive->description());
        MUSE_RETURN_IF_ERROR(loaded);
        model->eval();
        return model;
    });
}

} // namespace muse
