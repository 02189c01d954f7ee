#include "muse/Requests.h"

#include "sampling/MaskSchedule.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace muse {

namespace {

using Json = nlohmann::ordered_json;

Status invalid(const std::string& field, const std::string& what)
{
    return Status(ErrorCode::InvalidArgument, field + ": " + what);
}

Status validateImageSource(const Image& image, const std::string& path, const std::string& field)
{
    if (image.isEmpty() && path.empty())
        return invalid(field, "no image given (neither a file nor pixels)");
    if (!image.isEmpty() && image.channels != 3 && image.channels != 4)
        return invalid(field, "must be an RGB or RGBA image");
    return Status::ok();
}

Json settingsToJson(const PromptSettings& s)
{
    return Json{{"prompt", s.prompt},
                {"negative_prompt", s.negativePrompt},
                {"seed", s.seed},
                {"steps", s.steps},
                {"super_res_steps", s.superResSteps},
                {"guidance_scale", s.guidanceScale},
                {"guidance_mode", guidanceModeName(s.guidanceMode)},
                {"temperature", s.temperature},
                {"mask_schedule", s.maskSchedule},
                {"num_images", s.numImages},
                {"aesthetic_score", s.aestheticScore}};
}

// Reads optional fields with type checks; errors name the field.
class Reader {
public:
    explicit Reader(const Json& json) : m_json(json) {}
    template <typename T>
    void read(const char* key, T& target)
    {
        if (!m_status.isOk())
            return;
        auto it = m_json.find(key);
        if (it == m_json.end() || it->is_null())
            return;
        try {
            if constexpr (std::is_same_v<T, std::string>) {
                if (!it->is_string())
                    throw std::runtime_error("not a string");
            } else if constexpr (std::is_arithmetic_v<T>) {
                if (!it->is_number())
                    throw std::runtime_error("not a number");
            }
            target = it->template get<T>();
        } catch (const std::exception& e) {
            m_status = invalid(key, std::string("has the wrong type (") + e.what() + ")");
        }
    }
    const Status& status() const { return m_status; }

private:
    const Json& m_json;
    Status m_status;
};

Status settingsFromJson(const Json& json, PromptSettings& s)
{
    Reader r(json);
    r.read("prompt", s.prompt);
    r.read("negative_prompt", s.negativePrompt);
    r.read("seed", s.seed);
    r.read("steps", s.steps);
    r.read("super_res_steps", s.superResSteps);
    r.read("guidance_scale", s.guidanceScale);
    std::string mode = guidanceModeName(s.guidanceMode);
    r.read("guidance_mode", mode);
    r.read("temperature", s.temperature);
    r.read("mask_schedule", s.maskSchedule);
    r.read("num_images", s.numImages);
    r.read("aesthetic_score", s.aestheticScore);
    MUSE_RETURN_IF_ERROR(r.status());
    const std::optional<GuidanceMode> parsed = guidanceModeFromName(mode);
    if (!parsed)
        return invalid("guidance_mode", "must be default, constant or linear");
    s.guidanceMode = *parsed;
    return Status::ok();
}

} // namespace

const char* guidanceModeName(GuidanceMode mode)
{
    switch (mode) {
    case GuidanceMode::ModelDefault: return "default";
    case GuidanceMode::Constant: return "constant";
    case GuidanceMode::Linear: return "linear";
    }
    return "default";
}

std::optional<GuidanceMode> guidanceModeFromName(const std::string& name)
{
    for (GuidanceMode mode : {GuidanceMode::ModelDefault, GuidanceMode::Constant, GuidanceMode::Linear})
        if (name == guidanceModeName(mode))
            return mode;
    return std::nullopt;
}

Status PromptSettings::validate() const
{
    if (steps < 0 || steps > 1000)
        return invalid("steps", "must be between 1 and 1000 (0 = the model's default)");
    if (superResSteps < 0 || superResSteps > 1000)
        return invalid("super_res_steps", "must be between 1 and 1000 (0 = the model's default)");
    if (!std::isfinite(guidanceScale) || guidanceScale > 100.0f)
        return invalid("guidance_scale", "must be a number up to 100 (negative = the model's default)");
    if (!std::isfinite(temperature) || temperature < 0.0f || temperature > 100.0f)
        return invalid("temperature", "must be between 0 and 100");
    MaskScheduleKind kind;
    if (!parseMaskSchedule(maskSchedule, kind))
        return invalid("mask_schedule", "must be cosine or linear, not \"" + maskSchedule + "\"");
    if (numImages < 1 || numImages > 64)
        return invalid("num_images", "must be between 1 and 64");
    if (!std::isfinite(aestheticScore))
        return invalid("aesthetic_score", "must be a number");
    return Status::ok();
}

Status GenerateRequest::validate() const
{
    MUSE_RETURN_IF_ERROR(settings.validate());
    if (width < 0 || height < 0 || width > kMaxImageSide || height > kMaxImageSide)
        return invalid("width/height", "must be between 0 (native size) and " + std::to_string(kMaxImageSide));
    if ((width == 0) != (height == 0))
        return invalid("width/height", "give both or neither");
    return Status::ok();
}

Status InpaintRequest::validate() const
{
    MUSE_RETURN_IF_ERROR(settings.validate());
    MUSE_RETURN_IF_ERROR(validateImageSource(image, imagePath, "image"));
    if (mask.isEmpty() && maskPath.empty())
        return invalid("mask", "no mask given (neither a file nor pixels)");
    if (!image.isEmpty() && !mask.isEmpty() && (image.width != mask.width || image.height != mask.height))
        return invalid("mask", "is " + std::to_string(mask.width) + "×" + std::to_string(mask.height) +
                                   " but the image is " + std::to_string(image.width) + "×" + std::to_string(image.height));
    if (growTokens < 0 || growTokens > 64)
        return invalid("grow_tokens", "must be between 0 and 64");
    if (featherPixels < 0 || featherPixels > 256)
        return invalid("feather", "must be between 0 and 256 pixels");
    return Status::ok();
}

Status OutpaintRequest::validate() const
{
    MUSE_RETURN_IF_ERROR(settings.validate());
    MUSE_RETURN_IF_ERROR(validateImageSource(image, imagePath, "image"));
    for (int m : {margins.left, margins.top, margins.right, margins.bottom})
        if (m < 0 || m > kMaxImageSide)
            return invalid("margins", "must be between 0 and " + std::to_string(kMaxImageSide) + " pixels");
    if (margins.left + margins.top + margins.right + margins.bottom == 0)
        return invalid("margins", "extend at least one side");
    return Status::ok();
}

Status EditRequest::validate() const
{
    MUSE_RETURN_IF_ERROR(settings.validate());
    MUSE_RETURN_IF_ERROR(validateImageSource(image, imagePath, "image"));
    if (!(strength > 0.0f && strength <= 1.0f))
        return invalid("strength", "must be above 0 and at most 1");
    if (iterations < 1 || iterations > 200)
        return invalid("iterations", "must be between 1 and 200");
    return Status::ok();
}

const char* requestModeName(const AnyRequest& request)
{
    static const char* names[] = {"generate", "inpaint", "outpaint", "edit"};
    return names[request.index()];
}

const char* editMethodName(EditMethod method)
{
    switch (method) {
    case EditMethod::Targeted: return "targeted";
    case EditMethod::Resample: return "resample";
    case EditMethod::Img2Img: return "img2img";
    }
    return "targeted";
}

std::optional<EditMethod> editMethodFromName(const std::string& name)
{
    for (EditMethod m : {EditMethod::Targeted, EditMethod::Resample, EditMethod::Img2Img})
        if (name == editMethodName(m))
            return m;
    return std::nullopt;
}

const PromptSettings& requestSettings(const AnyRequest& request)
{
    return std::visit([](const auto& r) -> const PromptSettings& { return r.settings; }, request);
}

PromptSettings& requestSettings(AnyRequest& request)
{
    return std::visit([](auto& r) -> PromptSettings& { return r.settings; }, request);
}

std::string requestToJson(const AnyRequest& request)
{
    Json json{{"mode", requestModeName(request)}};
    json.update(settingsToJson(requestSettings(request)));
    std::visit(
        [&](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, GenerateRequest>) {
                json["width"] = r.width;
                json["height"] = r.height;
            } else if constexpr (std::is_same_v<T, InpaintRequest>) {
                json["image"] = r.imagePath;
                json["mask"] = r.maskPath;
                json["grow_tokens"] = r.growTokens;
                json["feather"] = r.featherPixels;
            } else if constexpr (std::is_same_v<T, OutpaintRequest>) {
                json["image"] = r.imagePath;
                json["margins"] = {r.margins.left, r.margins.top, r.margins.right, r.margins.bottom};
            } else {
                json["image"] = r.imagePath;
                json["method"] = editMethodName(r.method);
                json["strength"] = r.strength;
                json["iterations"] = r.iterations;
            }
        },
        request);
    return json.dump();
}

Result<AnyRequest> requestFromJson(const std::string& text)
{
    const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object())
        return Status(ErrorCode::CorruptFile, "request metadata is not a JSON object");
    std::string mode;
    Reader top(json);
    top.read("mode", mode);
    MUSE_RETURN_IF_ERROR(top.status());
    AnyRequest request;
    Reader r(json);
    if (mode == "generate") {
        GenerateRequest g;
        r.read("width", g.width);
        r.read("height", g.height);
        request = g;
    } else if (mode == "inpaint") {
        InpaintRequest i;
        r.read("image", i.imagePath);
        r.read("mask", i.maskPath);
        r.read("grow_tokens", i.growTokens);
        r.read("feather", i.featherPixels);
        request = i;
    } else if (mode == "outpaint") {
        OutpaintRequest o;
        r.read("image", o.imagePath);
        auto it = json.find("margins");
        if (it != json.end()) {
            if (!it->is_array() || it->size() != 4 || !std::all_of(it->begin(), it->end(), [](const Json& v) { return v.is_number_integer(); }))
                return invalid("margins", "must be [left, top, right, bottom]");
            o.margins = {(*it)[0].get<int>(), (*it)[1].get<int>(), (*it)[2].get<int>(), (*it)[3].get<int>()};
        }
        request = o;
    } else if (mode == "edit") {
        EditRequest e;
        r.read("image", e.imagePath);
        std::string method = editMethodName(e.method);
        r.read("method", method);
        const std::optional<EditMethod> known = editMethodFromName(method);
        if (!known)
            return invalid("method", "must be targeted, resample or img2img, not \"" + method + "\"");
        e.method = *known;
        r.read("strength", e.strength);
        r.read("iterations", e.iterations);
        request = e;
    } else {
        return invalid("mode", "must be generate, inpaint, outpaint or edit, not \"" + mode + "\"");
    }
    MUSE_RETURN_IF_ERROR(r.status());
    MUSE_RETURN_IF_ERROR(settingsFromJson(json, requestSettings(request)));
    return request;
}

std::string modelPathFromMetadata(const std::string& text)
{
    const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object() || !json.contains("model_path") || !json["model_path"].is_string())
        return {};
    return json["model_path"].get<std::string>();
}

} // namespace muse
