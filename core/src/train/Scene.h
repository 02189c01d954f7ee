#pragma once
// A structured synthetic scene: what the image shows and what its caption says. Every object in
// the image is named in the caption; `mentionSize`, `region`, `relation` and `mentionBackground`
// record which further attributes the caption states, so a judge knows exactly what to check
// from the scene alone, whatever wording captionScene() picks.

#include "muse/Status.h"
#include "train/SceneVocabulary.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace muse {

enum class SceneKind : uint8_t {
    Single,  // one object: "a large red circle"
    Count,   // one group of 2–4 identical objects: "three blue stars"
    Group,   // 2–3 different groups: "two red circles and a yellow heart"
    Placed,  // every object in a named region: "a red circle in the top left and a cyan ring on the right"
    Related, // two objects and a relation: "a blue square above a yellow triangle"
};
constexpr int kSceneKindCount = 5;
const char* sceneKindName(SceneKind kind);
std::optional<SceneKind> sceneKindFromName(const std::string& name);

struct SceneObject {
    Shape shape = Shape::Circle;
    Color color = Color::Red;
    SizeClass size = SizeClass::Medium;
    double extent = 0.29;  // side of the shape's bounding square, fraction of the image side
    double x = 0.5;        // area centroid, fractions of the image side (y grows downwards)
    double y = 0.5;
    Rgb paint;             // the exact colour painted: the named colour with a little jitter
    bool mentionSize = false;
    std::optional<Region> region; // stated in the caption
};

struct SceneRelation {
    int subject = 0; // indices into Scene::objects
    int object = 1;
    Relation relation = Relation::Above;
};

struct Scene {
    SceneKind kind = SceneKind::Single;
    Background background = Background::White;
    Rgb backgroundPaint;
    bool mentionBackground = false;
    std::vector<SceneObject> objects;
    std::optional<SceneRelation> relation;
};

// {"kind":..., "background":..., "background_rgb":[r,g,b], "mention_background":...,
//  "objects":[{"shape","color","size","extent","x","y","rgb","mention_size","region"?}],
//  "relation":{"subject","relation","object"}?}
nlohmann::ordered_json sceneToJson(const Scene& scene);
// Validates names, ranges and indices; errors name the field.
Result<Scene> sceneFromJson(const nlohmann::json& json);

} // namespace muse
