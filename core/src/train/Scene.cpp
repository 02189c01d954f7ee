#include "train/Scene.h"

#include <cmath>

namespace muse {

namespace {

constexpr const char* kKindNames[kSceneKindCount] = {"single", "count", "group", "placed", "related"};

using Json = nlohmann::ordered_json;

Json rgbToJson(Rgb c) { return Json::array({c.r, c.g, c.b}); }

struct FieldError {
    std::string field;
    std::string what;
};

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& where)
{
    if (!object.is_object() || !object.contains(key))
        throw FieldError{where + key, "missing"};
    return object.at(key);
}

template <typename E>
E enumMember(const nlohmann::json& object, const char* key, const std::string& where,
             std::optional<E> (*fromName)(const std::string&))
{
    const auto& value = member(object, key, where);
    if (!value.is_string())
        throw FieldError{where + key, "must be a string"};
    const auto parsed = fromName(value.get<std::string>());
    if (!parsed)
        throw FieldError{where + key, "unknown name \"" + value.get<std::string>() + "\""};
    return *parsed;
}

double numberMember(const nlohmann::json& object, const char* key, const std::string& where, double lo, double hi)
{
    const auto& value = member(object, key, where);
    if (!value.is_number())
        throw FieldError{where + key, "must be a number"};
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < lo || v > hi)
        throw FieldError{where + key, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"};
    return v;
}

bool boolMember(const nlohmann::json& object, const char* key, bool fallback)
{
    if (!object.contains(key) || object.at(key).is_null())
        return fallback;
    if (!object.at(key).is_boolean())
        throw FieldError{key, "must be true or false"};
    return object.at(key).get<bool>();
}

Rgb rgbMember(const nlohmann::json& object, const char* key, const std::string& where, Rgb fallback)
{
    if (!object.contains(key))
        return fallback;
    const auto& value = object.at(key);
    if (!value.is_array() || value.size() != 3)
        throw FieldError{where + key, "must be [r, g, b]"};
    int c[3];
    for (int i = 0; i < 3; ++i) {
        if (!value[i].is_number_integer() || value[i].get<int>() < 0 || value[i].get<int>() > 255)
            throw FieldError{where + key, "components must be integers 0..255"};
        c[i] = value[i].get<int>();
    }
    return {uint8_t(c[0]), uint8_t(c[1]), uint8_t(c[2])};
}

} // namespace

const char* sceneKindName(SceneKind kind) { return kKindNames[int(kind)]; }

std::optional<SceneKind> sceneKindFromName(const std::string& name)
{
    for (int i = 0; i < kSceneKindCount; ++i)
        if (name == kKindNames[i])
            return static_cast<SceneKind>(i);
    return std::nullopt;
}

nlohmann::ordered_json sceneToJson(const Scene& scene)
{
    Json objects = Json::array();
    for (const auto& o : scene.objects) {
        Json j;
        j["shape"] = shapeName(o.shape);
        j["color"] = colorName(o.color);
        j["size"] = sizeClassName(o.size);
        // Rounded so that the JSON stays readable; 1e-4 of the side is far below a pixel.
        j["extent"] = std::round(o.extent * 1e4) / 1e4;
        j["x"] = std::round(o.x * 1e4) / 1e4;
        j["y"] = std::round(o.y * 1e4) / 1e4;
        j["rgb"] = rgbToJson(o.paint);
        j["mention_size"] = o.mentionSize;
        if (o.region)
            j["region"] = regionName(*o.region);
        objects.push_back(std::move(j));
    }
    Json json;
    json["kind"] = sceneKindName(scene.kind);
    json["background"] = backgroundName(scene.background);
    json["background_rgb"] = rgbToJson(scene.backgroundPaint);
    json["mention_background"] = scene.mentionBackground;
    json["objects"] = std::move(objects);
    if (scene.relation)
        json["relation"] = Json{{"subject", scene.relation->subject},
                                {"relation", relationName(scene.relation->relation)},
                                {"object", scene.relation->object}};
    return json;
}

Result<Scene> sceneFromJson(const nlohmann::json& json)
{
    try {
        Scene scene;
        if (!json.is_object())
            throw FieldError{"scene", "must be a JSON object"};
        scene.kind = enumMember<SceneKind>(json, "kind", "", &sceneKindFromName);
        scene.background = enumMember<Background>(json, "background", "", &backgroundFromName);
        scene.backgroundPaint = rgbMember(json, "background_rgb", "", backgroundRgb(scene.background));
        scene.mentionBackground = boolMember(json, "mention_background", false);
        const auto& objects = member(json, "objects", "");
        if (!objects.is_array() || objects.empty())
            throw FieldError{"objects", "must be a non-empty array"};
        for (std::size_t i = 0; i < objects.size(); ++i) {
            const std::string where = "objects[" + std::to_string(i) + "].";
            const auto& j = objects[i];
            SceneObject o;
            o.shape = enumMember<Shape>(j, "shape", where, &shapeFromName);
            o.color = enumMember<Color>(j, "color", where, &colorFromName);
            o.size = enumMember<SizeClass>(j, "size", where, &sizeClassFromName);
            o.extent = numberMember(j, "extent", where, 0.01, 1.0);
            o.x = numberMember(j, "x", where, 0.0, 1.0);
            o.y = numberMember(j, "y", where, 0.0, 1.0);
            o.paint = rgbMember(j, "rgb", where, colorRgb(o.color));
            o.mentionSize = boolMember(j, "mention_size", false);
            if (j.contains("region") && !j.at("region").is_null())
                o.region = enumMember<Region>(j, "region", where, &regionFromName);
            scene.objects.push_back(o);
        }
        if (json.contains("relation") && !json.at("relation").is_null()) {
            const auto& r = json.at("relation");
            SceneRelation relation;
            relation.relation = enumMember<Relation>(r, "relation", "relation.", &relationFromName);
            const int count = int(scene.objects.size());
            relation.subject = int(numberMember(r, "subject", "relation.", 0, count - 1));
            relation.object = int(numberMember(r, "object", "relation.", 0, count - 1));
            if (relation.subject == relation.object)
                throw FieldError{"relation", "subject and object must be different objects"};
            scene.relation = relation;
        }
        return scene;
    } catch (const FieldError& e) {
        return Status(ErrorCode::InvalidArgument, "scene: " + e.field + ": " + e.what);
    } catch (const nlohmann::json::exception& e) {
        return Status(ErrorCode::InvalidArgument, std::string("scene: ") + e.what());
    }
}

} // namespace muse
