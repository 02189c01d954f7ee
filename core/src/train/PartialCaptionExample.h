#pragma once
// Inpainting examples whose prompt names only what is under the mask. Trained on whole-scene
// captions alone, the base model reads every prompt as the caption of the whole image: told "a purple
// diamond" beside a visible green one, it erased the masked object and drew nothing, and inpaints with
// such prompts were right in 45 % of the evaluation's edits against 76 % with the whole new caption
// (docs/training.md, "Fifteenth session"). Users prompt an inpaint with what they want in the hole.

#include "train/Scene.h"
#include "train/SceneRng.h"

#include <cstdint>
#include <string>
#include <vector>

namespace muse {

struct PartialCaptionExample {
    std::string caption;         // the hidden objects alone ("two blue circles")
    std::vector<uint8_t> region; // grid × grid, row-major: 1 = a token the mask covers
    std::vector<int> objects;    // the hidden objects (indices into Scene::objects)
};

// One object of the scene drawn at random, with every other object of its colour and shape (the
// caption counts them as one group), hidden under their bounding squares grown by 0–2 tokens: every
// token whose cell overlaps one is in the region, as the engine rounds a painted mask to whole tokens.
// Empty (no objects) for a scene without objects.
PartialCaptionExample partialCaptionExample(const Scene& scene, int grid, SceneRng& rng);

// A hole under the whole scene's caption, its counterpart: trained on partial captions alone, the model
// took every contiguous hole for one and drew the caption's objects into it again — outpainting "a red
// cross" beside the visible cross gave two (outpainting everything right 60 → 33 %). Half the holes are
// an object group's (as above), half a strip along one side, a quarter to three fifths of the image
// wide (as outpainting leaves it). Returns the region (grid × grid, 1 = hidden).
std::vector<uint8_t> wholeCaptionHole(const Scene& scene, int grid, SceneRng& rng);

// Everything hidden but one object group (TrainOptions::objectHoleFraction): a scene with two or more
// groups keeps one in view — a relation's subject or its object, one of them at random — under its
// bounding square, and every other token is to be masked, whatever the drawn rate. The relation then
// alone says where the hidden object goes: a hole cut around the hidden object itself would say it by
// its outline. Returns the region (grid × grid, 1 = hidden); empty when the scene has fewer than two groups.
std::vector<uint8_t> allButOneObjectGroup(const Scene& scene, int grid, SceneRng& rng);

} // namespace muse
