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

std::pair<torch::Tensor, c10::optional<torch::Tensor>>
MuseSuperResTransformerImpl::contextStates(const torch::Tensor& textStates, const c10::optional<torch::Tensor>& textMask,
                                           const torch::Tensor& lowresTokens)
{
    const torch::Tensor lowres = encodeLowres(lowresTokens);
    const torch::Tensor states = torch::cat({projectText(textStates), lowres}, 1);
    c10::optional<torch::Tensor> keep;
    if (textMask) {
        // Low-resolution tokens are never padding.
        const torch::Tensor all = torch::ones({lowres.size(0), lowres.size(1)}, textMask->options());
        keep = torch::cat({*textMask, all}, 1);
    }
    return {states, additiveMask(keep)};
}

MuseTextContext MuseSuperResTransformerImpl::prepareContext(const torch::Tensor& textStates,
                                                            const c10::optional<torch::Tensor>& textMask,
                                                            const torch::Tensor& lowresTokens)
{
    const auto [states, mask] = contextStates(textStates, textMask, lowresTokens);
    return contextFrom(states, mask);
}

torch::Tensor MuseSuperResTransformerImpl::forward(const torch::Tensor& tokens, const MuseTextContext& context)
{
    return run(tokens, nullptr, c10::nullopt, &context);
}

torch::Tensor MuseSuperResTransformerImpl::forward(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                                   const c10::optional<torch::Tensor>& textMask,
                                                   const torch::Tensor& lowresTokens)
{
    const auto [states, mask] = contextStates(textStates, textMask, lowresTokens);
    return run(tokens, &states, mask, nullptr);
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
