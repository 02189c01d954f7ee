#include "transformer/MuseTransformer.h"

#include "io/ComponentLoader.h"
#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

MuseTransformerImpl::MuseTransformerImpl(const MuseTransformerConfig& config) : MuseTransformerBase(config)
{
    TORCH_CHECK(!config.superRes, "MuseTransformer: the config describes a MuseSuperResTransformer");
    initializeWeights();
}

MuseTextContext MuseTransformerImpl::prepareText(const torch::Tensor& textStates,
                                                 const c10::optional<torch::Tensor>& textMask)
{
    return contextFrom(projectText(textStates), additiveMask(textMask));
}

torch::Tensor MuseTransformerImpl::forward(const torch::Tensor& tokens, const MuseTextContext& text)
{
    return run(tokens, nullptr, c10::nullopt, &text);
}

torch::Tensor MuseTransformerImpl::forward(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                           const c10::optional<torch::Tensor>& textMask)
{
    const torch::Tensor text = projectText(textStates);
    return run(tokens, &text, additiveMask(textMask), nullptr);
}

torch::Tensor MuseTransformerImpl::forwardSelected(const torch::Tensor& tokens, const torch::Tensor& textStates,
                                                   const c10::optional<torch::Tensor>& textMask,
                                                   const torch::Tensor& select)
{
    const torch::Tensor text = projectText(textStates);
    return run(tokens, &text, additiveMask(textMask), nullptr, {}, select);
}

Result<MuseTransformer> buildMuseTransformer(const JsonConfig& config)
{
    return guarded(config.path(), [&]() -> Result<MuseTransformer> {
        const MuseTransformerConfig c = MuseTransformerConfig::fromJson(config);
        config.require(!c.superRes, "_class_name", "is MuseSuperResTransformer; load it with loadMuseSuperResTransformer");
        return MuseTransformer(c);
    });
}

Result<MuseTransformer> loadMuseTransformer(const std::string& folder, const torch::Device& device,
                                            torch::ScalarType dtype)
{
    return loadComponent<MuseTransformer>(folder, device, dtype, [](const JsonConfig& json) { return buildMuseTransformer(json); });
}

} // namespace muse
