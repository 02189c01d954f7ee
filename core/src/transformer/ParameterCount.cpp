#include "transformer/ParameterCount.h"

#include "transformer/MuseTransformerConfig.h"
#include "transformer/UVit2DConfig.h"
#include "util/LoadError.h"
#include "vq/VqConfig.h"

namespace muse {

Result<int64_t> countParametersFromConfig(const JsonConfig& config)
{
    return guarded(config.path(), [&]() -> Result<int64_t> {
        const std::string className = config.getString("_class_name");
        if (className == "UVit2DModel")
            return UVit2DConfig::fromJson(config).parameterCount();
        if (className == "VQModel")
            return VqConfig::fromJson(config).parameterCount();
        if (className == "MuseTransformer" || className == "MuseSuperResTransformer")
            return MuseTransformerConfig::fromJson(config).parameterCount();
        return Status(ErrorCode::UnsupportedFormat, config.path() + ": cannot count the parameters of a \"" +
                                                        className + "\" (known: UVit2DModel, VQModel, "
                                                        "MuseTransformer, MuseSuperResTransformer)");
    });
}

Result<int64_t> countParametersFromConfig(const std::string& componentFolder)
{
    auto config = JsonConfig::load(componentFolder + "/config.json");
    if (!config)
        return config.status();
    return countParametersFromConfig(*config);
}

} // namespace muse
