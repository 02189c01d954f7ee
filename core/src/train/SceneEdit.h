#pragma once
// One object group of a scene recoloured or reshaped: the change `muse eval --task edit|inpaint`
// asks the engine for, and the one the base stage trains on with `--edit-examples`.

#include "train/Scene.h"
#include "train/SceneRng.h"

#include <optional>
#include <string>
#include <vector>

namespace muse {

enum class EditKind { Recolour, Reshape };

struct SceneEdit {
    Scene scene;                // after the edit
    std::vector<int> changed;   // indices of the objects that changed
    EditKind kind = EditKind::Recolour;
    std::string description;    // "red circle → blue circle"
};

// One group's new colour or shape (every object of one colour–shape pair changes): visible on the
// background, a pair training shows, and not a pair the scene already has (the groups stay
// distinct). nullopt when no such change exists.
std::optional<SceneEdit> editScene(const Scene& scene, EditKind kind, SceneRng& rng);

// The same with `preferred`, or with the other kind when that change does not exist.
std::optional<SceneEdit> editSceneEitherKind(const Scene& scene, EditKind preferred, SceneRng& rng);

} // namespace muse
