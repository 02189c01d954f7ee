#include "transformer/MuseTransformerBase.h"

#include "io/TensorConvert.h"
#include "util/LoadError.h"

#include <filesystem>
#include <fstream>
#include <limits>

namespace muse {

namespace {

double lowestOf(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat16: return -65504.0;
    case torch::kBFloat16: return -3.3895313892515355e38;
    case torch::kFloat64: return std::numeric_limits<double>::lowest();
    default: return std::numeric_limits<float>::lowest();
    }
}

} // namespace

MuseTextContext MuseTextContext::indexSelect(const torch::Tensor& index) const
{
    MuseTextContext out;
    if (mask)
        out.mask = mask->index_select(0, index);
    for (const auto& kv : layers)
        out.layers.push_back(kv.indexSelect(index));
    if (inputBias.defined())
        out.inputBias = inputBias.index_select(0, index);
    return out;
}

MuseTransformerBase::MuseTransformerBase(const MuseTransformerConfig& c) : m_config(c)
{
    const int64_t d = c.hiddenSize;
    token_embedding = register_module("token_embedding", torch::nn::Embedding(c.vocabSize, d));
    position_embedding = register_module("position_embedding", PositionEmbedding2D(c.gridHeight, c.gridWidth, d));
    text_projection = register_module("text_projection", torch::nn::Linear(c.encoderHiddenSize, d));
    text_norm = register_module("text_norm", LayerNorm(d, c.layerNormEps));
    if (c.tokenPatchSize > 1) {
        const int64_t merged = c.tokenPatchSize * c.tokenPatchSize * d;
        patch_merge = register_module("patch_merge", torch::nn::Linear(merged, d));
        patch_split = register_module("patch_split", torch::nn::Linear(d, merged));
    }
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.numHiddenLayers; ++i) {
        m_layers.push_back(
            MuseTransformerLayer(d, c.numAttentionHeads, c.intermediateSize, c.layerNormEps, c.dropout, /*cross=*/true,
                                 c.localConvKernel));
        layers->push_back(m_layers.back());
    }
    final_norm = register_module("final_norm", LayerNorm(d, c.layerNormEps));
    to_logits = register_module("to_logits", torch::nn::Linear(d, c.codebookSize));
}

void MuseTransformerBase::initializeWeights()
{
    torch::NoGradGuard noGrad;
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* linear = module->as<torch::nn::LinearImpl>()) {
            linear->weight.normal_(0.0, 0.02);
            if (linear->bias.defined())
                linear->bias.zero_();
        } else if (auto* conv = module->as<torch::nn::Conv2dImpl>()) {
            // The local convolution starts as small as the embeddings it adds to (LibTorch's
            // default, Kaiming-uniform over 9 inputs, would swamp them with noise).
            conv->weight.normal_(0.0, 0.02);
            if (conv->bias.defined())
                conv->bias.zero_();
        } else if (auto* embedding = module->as<torch::nn::EmbeddingImpl>()) {
            embedding->weight.normal_(0.0, 0.02);
        } else if (auto* norm = module->as<LayerNormImpl>()) {
            if (norm->weight.defined())
                norm->weight.fill_(1.0);
            if (norm->bias.defined())
                norm->bias.zero_();
        }
    }
}

torch::Tensor MuseTransformerBase::projectText(const torch::Tensor& textStates)
{
    TORCH_CHECK(textStates.dim() == 3 && textStates.size(2) == m_config.encoderHiddenSize,
                "Muse transformer: text states must be (B, L, ", m_config.encoderHiddenSize, "), got ", textStates.sizes());
    return text_norm(text_projection(textStates.to(dtype())));
}

c10::optional<torch::Tensor> MuseTransformerBase::additiveMask(const c10::optional<torch::Tensor>& keep) const
{
    if (!keep)
        return c10::nullopt;
    TORCH_CHECK(keep->dim() == 2, "Muse transformer: the text attention mask must be (B, L), got ", keep->sizes());
    // The lowest finite value rather than −inf: a fully padded row (an empty prompt without any
    // token) then attends uniformly instead of producing NaN.
    const torch::Tensor dropped = keep->eq(0);
    torch::Tensor mask = torch::zeros(keep->sizes(), keep->options().dtype(dtype()));
    mask = mask.masked_fill(dropped, lowestOf(dtype()));
    return mask.unsqueeze(1).unsqueeze(1);
}

MuseTextContext MuseTransformerBase::contextFrom(const torch::Tensor& contextStates,
                                                 const c10::optional<torch::Tensor>& additive)
{
    MuseTextContext context;
    context.mask = additive;
    for (auto& layer : m_layers)
        context.layers.push_back(layer->prepareContext(contextStates));
    return context;
}

torch::Tensor MuseTransformerBase::run(const torch::Tensor& tokens, const torch::Tensor* contextStates,
                                       const c10::optional<torch::Tensor>& additive, const MuseTextContext* context,
                                       const torch::Tensor& inputBias, const torch::Tensor& select)
{
    TORCH_CHECK(tokens.dim() == 3, "Muse transformer: tokens must be (B, h, w), got ", tokens.sizes());
    const int64_t b = tokens.size(0), h = tokens.size(1), w = tokens.size(2);
    if (context)
        TORCH_CHECK(context->layers.size() == m_layers.size() && context->batchSize() == b,
                    "Muse transformer: the text context does not match (", context->batchSize(), " rows for ", b,
                    " token grids, or another model)");
    torch::Tensor x = token_embedding(tokens.reshape({b, h * w}).to(torch::kInt64)) + position_embedding(h, w);
    const torch::Tensor& bias = context ? context->inputBias : inputBias;
    if (bias.defined()) {
        TORCH_CHECK(bias.size(0) == b && bias.size(1) == h * w, "Muse transformer: the input bias ", bias.sizes(),
                    " does not match the ", b, "×", h, "×", w, " token grids");
        x = x + bias;
    }
    const int64_t p = m_config.tokenPatchSize, d = m_config.hiddenSize;
    TORCH_CHECK(h % p == 0 && w % p == 0, "Muse transformer: a ", h, "×", w, " token grid is not made of whole ", p,
                "×", p, " patches (token_patch_size)");
    const int64_t gh = h / p, gw = w / p;
    const torch::Tensor tokenStates = x;
    if (p > 1) // (B, h·w, d) → (B, gh·gw, p²·d): each patch's tokens side by side, row by row
        x = patch_merge(x.reshape({b, gh, p, gw, p, d}).permute({0, 1, 3, 2, 4, 5}).reshape({b, gh * gw, p * p * d}));
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        x = contextStates ? m_layers[i]->forward(x, gh, gw, *contextStates, additive)
                          : m_layers[i]->forward(x, gh, gw, context->layers[i], context->mask);
    if (p > 1)
        x = patch_split(x).reshape({b, gh, gw, p, p, d}).permute({0, 1, 3, 2, 4, 5}).reshape({b, h * w, d}) +
            tokenStates;
    if (select.defined()) {
        TORCH_CHECK(select.sizes() == tokens.sizes(), "Muse transformer: the selection ", select.sizes(),
                    " does not match the token grids ", tokens.sizes());
        const torch::Tensor rows = select.reshape({b * h * w}).nonzero().squeeze(1);
        return to_logits(final_norm(x.reshape({b * h * w, d}).index_select(0, rows)));
    }
    const torch::Tensor logits = to_logits(final_norm(x));
    return logits.reshape({b, h, w, m_config.codebookSize}).permute({0, 3, 1, 2});
}

Status saveMuseTransformer(MuseTransformerBase& model, const std::string& folder)
{
    return guarded(folder, [&]() -> Status {
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        if (ec)
            return Status(ErrorCode::IoError, folder + ": cannot create the folder (" + ec.message() + ")");
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& item : model.named_parameters(/*recurse=*/true))
            tensors.emplace_back(item.key(), item.value());
        MUSE_RETURN_IF_ERROR(writeTensors(folder + "/model.safetensors", tensors, {{"format", "pt"}}));
        const std::string path = folder + "/config.json";
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << model.config().toJson().dump(2) << "\n";
        if (!out)
            return Status(ErrorCode::IoError, path + ": write failed");
        return Status::ok();
    });
}

} // namespace muse
