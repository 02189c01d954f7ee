#include "transformer/MuseSuperResTransformer.h"

#include "io/ComponentLoader.h"
#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

MuseSuperResTransformerImpl::MuseSuperResTransformerImpl(const MuseTransformerConfig& c) : MuseTransformerBase(c)
{
    TORCH_CHECK(c.superRes, "MuseSuperResTransformer: the config describes a base MuseTransformer");
    const int64_t d = c.hiddenSize;
    lowres_token_embedding = register_module("lowres_token_embedding", torch::nn::Embedding(c.lowresCodebookSize, d));
    lowres_position_embedding =
        register_module("lowres_position_embedding", PositionEmbedding2D(c.lowresGridHeight, c.lowresGridWidth, d));
    lowres_layers = register_module("lowres_layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.numLowresLayers; ++i) {
        m_lowresLayers.push_back(
            MuseTransformerLayer(d, c.numAttentionHeads, c.intermediateSize, c.layerNormEps, c.dropout, /*cross=*/false,
                                 c.localConvKernel));
        lowres_layers->push_back(m_lowresLayers.back());
    }
    lowres_norm = register_module("lowres_norm", LayerNorm(d, c.layerNormEps));
    if (c.lowresAlignedInput)
        lowres_input_projection = register_module("lowres_input_projection", torch::nn::Linear(d, d));
    initializeWeights();
}

torch::Tensor MuseSuperResTransformerImpl::encodeLowres(const torch::Tensor& lowresTokens)
{
    TORCH_CHECK(lowresTokens.dim() == 3, "MuseSuperResTransformer: low-res tokens must be (B, h, w), got ",
                lowresTokens.sizes());
    const int64_t b = lowresTokens.size(0), h = lowresTokens.size(1), w = lowresTokens.size(2);
    torch::Tensor x = lowres_token_embedding(lowresTokens.reshape({b, h * w}).to(torch::kInt64)) +
                      lowres_position_embedding(h, w);
    for (auto& layer : m_lowresLayers)
        x = layer->forward(x, h, w);
    return lowres_norm(x);
}

MuseSuperResTransformerImpl::Conditioning MuseSuperResTransformerImpl::condition(const torch::Tensor& textStates,
                                                                                const c10::optional<torch::Tensor>& textMask,
                                                                                const torch::Tensor& lowresTokens)
{
    const torch::Tensor lowres = encodeLowres(lowresTokens);
    Conditioning out;
    out.states = torch::cat({projectText(textStates), lowres}, 1);
    c10::optional<torch::Tensor> keep;
    if (textMask) {
        // Low-resolution tokens are never padding.
        const torch::Tensor all = torch::ones({lowres.size(0), lowres.size(1)}, textMask->options());
        keep = torch::cat({*textMask, all}, 1);
    }
    out.mask = additiveMask(keep);
    if (lowres_input_projection) {
        // Every high-res token gets the state of the low-res token whose area it lies in.
        const int64_t b = lowresTokens.size(0), h = lowresTokens.size(1), w = lowresTokens.size(2);
        const int64_t f = m_config.gridHeight / m_config.lowresGridHeight;
        const torch::Tensor grid = lowres_input_projection(lowres).view({b, h, w, -1});
        out.inputBias = grid.repeat_interleave(f, 1).repeat_interleave(f, 2).reshape({b, h * f * w * f, -1});
    }
    return out;
}

MuseTextContext MuseSuperResTransformerImpl::prepareContext(const torch::Tensor& textStates,
                                                            const c10::optional<torch::Tensor>& textMask,
                                                            const torch::Tensor& lowresTokens)
{
    Conditioning c = condition(textStates, textMask, lowresTokens);
    MuseTextContext context = contextFrom(c.states, c.mask);
    context.inputBias = c.inputBias;
    return context;
}

torch::Tensor MuseSuperResTransformerImpl::forward(const torch::Tensor& tokens, const MuseTextContext& context)
{
    return run(tokens, nullptr, c10::nullopt, &context);
}

torch::Tensor MuseSuperResTransformerImpl::forward(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                                   const c10::optional<torch::Tensor>& textMask,
                                                   const torch::Tensor& lowresTokens)
{
    const Conditioning c = condition(textStates, textMask, lowresTokens);
    return run(tokens, &c.states, c.mask, nullptr, c.inputBias);
}

torch::Tensor MuseSuperResTransformerImpl::forwardSelected(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                                           const c10::optional<torch::Tensor>& textMask,
                                                           const torch::Tensor& lowresTokens, const torch::Tensor& select)
{
    const Conditioning c = condition(textStates, textMask, lowresTokens);
    return run(tokens, &c.states, c.mask, nullptr, c.inputBias, select);
}

Result<MuseSuperResTransformer> buildMuseSuperResTransformer(const JsonConfig& config)
{
    return guarded(config.path(), [&]() -> Result<MuseSuperResTransformer> {
        const MuseTransformerConfig c = MuseTransformerConfig::fromJson(config);
        config.require(c.superRes, "_class_name", "is MuseTransformer; load it with loadMuseTransformer");
        return MuseSuperResTransformer(c);
    });
}

Result<MuseSuperResTransformer> loadMuseSuperResTransformer(const std::string& folder, const torch::Device& device,
                                                            torch::ScalarType dtype)
{
    return loadComponent<MuseSuperResTransformer>(folder, device, dtype, [](const JsonConfig& json) { return buildMuseSuperResTransformer(json); });
}

} // namespace muse
