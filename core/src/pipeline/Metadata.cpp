#include "pipeline/Metadata.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

namespace muse {

namespace {

// A1111 writes "Key: value" pairs separated by ", "; values containing those are quoted.
std::string quoted(const std::string& value)
{
    if (value.find_first_of(",:\n\"") == std::string::npos)
        return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out + "\"";
}

} // namespace

std::string formatA1111Parameters(const AnyRequest& request, const ModelDescription& model, int width, int height)
{
    const PromptSettings& s = requestSettings(request);
    std::ostringstream out;
    out << s.prompt << "\n";
    if (!s.negativePrompt.empty())
        out << "Negative prompt: " << s.negativePrompt << "\n";
    out << "Steps: " << s.steps << ", Sampler: Muse parallel decoding (" << s.maskSchedule << ")"
        << ", CFG scale: " << s.guidanceScale
        << ", Guidance schedule: " << (s.guidanceMode == GuidanceMode::Linear ? "linear" : "constant")
        << ", Temperature: " << s.temperature << ", Seed: " << s.seed << ", Size: " << width << "x" << height;
    if (model.hasSuperRes)
        out << ", Super-res steps: " << s.superResSteps;
    const std::string name = model.name.empty() ? std::filesystem::path(model.path).filename().string() : model.name;
    out << ", Model: " << quoted(name) << ", Mode: " << requestModeName(request);
    if (const auto* edit = std::get_if<EditRequest>(&request))
        out << ", Denoising strength: " << edit->strength;
    out << ", Version: Muse Studio";
    return out.str();
}

std::map<std::string, std::string> resultTextChunks(const AnyRequest& request, const ModelDescription& model, int width,
                                                    int height)
{
    // The request plus the model it ran on, so `muse <mode> --from-png` finds the same model.
    nlohmann::ordered_json json = nlohmann::ordered_json::parse(requestToJson(request));
    json["model"] = model.name;
    json["model_path"] = model.path;
    return {{"parameters", formatA1111Parameters(request, model, width, height)},
            {"muse", json.dump()},
            {"Software", "Muse Studio"}};
}

} // namespace muse
