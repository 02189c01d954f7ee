#include "train/SceneEdit.h"

#include "train/SyntheticScenes.h"

#include <algorithm>
#include <utility>

namespace muse {

namespace {

bool sceneHasPair(const Scene& scene, Color color, Shape shape)
{
    return std::any_of(scene.objects.begin(), scene.objects.end(),
                       [&](const SceneObject& o) { return o.color == color && o.shape == shape; });
}

} // namespace

std::optional<SceneEdit> editScene(const Scene& scene, EditKind kind, SceneRng& rng)
{
    if (scene.objects.empty())
        return std::nullopt;
    const SceneObject& target = scene.objects[rng.index(int(scene.objects.size()))];
    const Color oldColor = target.color;
    const Shape oldShape = target.shape;
    std::vector<std::pair<Color, Shape>> options;
    if (kind == EditKind::Recolour) {
        for (int c = 0; c < kColorCount; ++c)
            options.emplace_back(static_cast<Color>(c), oldShape);
    } else {
        for (int s = 0; s < kShapeCount; ++s)
            options.emplace_back(oldColor, static_cast<Shape>(s));
    }
    options.erase(std::remove_if(options.begin(), options.end(),
                                 [&](const std::pair<Color, Shape>& p) {
                                     return !isColorAllowedOn(p.first, scene.background) || isHeldOutPair(p.first, p.second) ||
                                            sceneHasPair(scene, p.first, p.second);
                                 }),
                  options.end());
    if (options.empty())
        return std::nullopt;
    const auto [color, shape] = options[rng.index(int(options.size()))];
    SceneEdit edit;
    edit.scene = scene;
    edit.kind = kind;
    for (std::size_t i = 0; i < scene.objects.size(); ++i) {
        SceneObject& o = edit.scene.objects[i];
        if (o.color != oldColor || o.shape != oldShape)
            continue;
        o.color = color;
        o.shape = shape;
        o.paint = colorRgb(color);
        edit.changed.push_back(int(i));
    }
    edit.description = std::string(colorName(oldColor)) + " " + shapeName(oldShape) + " → " + colorName(color) + " " +
                       shapeName(shape);
    return edit;
}


std::optional<SceneEdit> editSceneEitherKind(const Scene& scene, EditKind preferred, SceneRng& rng)
{
    if (std::optional<SceneEdit> edit = editScene(scene, preferred, rng))
        return edit;
    return editScene(scene, preferred == EditKind::Recolour ? EditKind::Reshape : EditKind::Recolour, rng);
}

} // namespace muse
