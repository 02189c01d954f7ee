#pragma once
// Procedural text–image data for training and judging small Muse models: simple upright shapes in
// named colours and sizes, 1–4 per image, placed freely, in named regions or relative to each other,
// on plain or tinted backgrounds, with captions in varied templates and word orders.
//
//   SceneSampler sampler(seed);                  // SceneSplit::Train by default
//   LabeledScene example = sampler.exampleAt(i); // the same (scene, caption) for the same (seed, i)
//   muse::Image image = renderScene(example.scene, 64);
//
// Compositional generalisation is measured on held-out combinations that training never shows:
// a few colour–shape pairs ("green star") and shape relation triples ("a star left of a circle",
// in either phrasing). SceneSplit::HeldOut draws scenes that each contain at least one of them.

#include "muse/Image.h"
#include "train/Scene.h"
#include "train/SceneRng.h"

#include <cstdint>
#include <string>
#include <vector>

namespace muse {

enum class SceneSplit : uint8_t { Train, HeldOut };

struct HeldOutPair {
    Color color;
    Shape shape;
};
struct HeldOutTriple {
    Shape subject;
    Relation relation; // Above or LeftOf; the inverse phrasing is held out with it
    Shape object;
};
const std::vector<HeldOutPair>& heldOutPairs();
const std::vector<HeldOutTriple>& heldOutTriples();
bool isHeldOutPair(Color color, Shape shape);
bool isHeldOutTriple(Shape subject, Relation relation, Shape object);
// Whether one of the scene's objects is a held-out colour–shape pair.
bool hasHeldOutPair(const Scene& scene);
// Whether the scene (hence its caption) contains any held-out combination.
bool usesHeldOutCombination(const Scene& scene);
// How many colour–shape pairs the scene's objects have: its caption's object groups.
int countDistinctPairs(const Scene& scene);

struct SceneSamplerOptions {
    SceneSplit split = SceneSplit::Train;
    int maxObjects = 4; // 1..4
    // Relative frequencies of the scene kinds (Single, Count, Group, Placed, Related).
    double kindWeights[kSceneKindCount] = {0.18, 0.2, 0.24, 0.18, 0.2};
    double mentionBackgroundRate = 0.35;
    double mentionSizeRate = 0.3;
    // Layout grid, cells per image side (0: objects stand anywhere). An object's bounding square
    // is centred so that it covers a whole number of cells: on a cell corner when that number is
    // even, on a cell centre when odd. At 8 (the base VQ's token grid at 64 px, two super-res tokens
    // at 128 px) a shape of one size and colour is the same pixels, hence ideally the same tokens,
    // wherever it stands; free sub-token offsets multiplied the token patterns of every shape by 64
    // (docs/training.md, "Tokens a transformer can predict").
    int layoutGrid = 8;
    // Extents ±6 % around the size's nominal one and paints ±8 levels around the named colour
    // (backgrounds ±6); off, every object of a size and colour is drawn identically.
    bool jitter = false;
    // Paints jittered as above, extents exact: the layout grid's token patterns stay, but flat areas
    // are no longer a handful of exact colours. Trained on exact colours only, the base transformer
    // read a background 2 levels off (an edited image's, after the VQ round trip) as object
    // fragments and edits sprinkled specks over it (docs/training.md, "Exact colours").
    bool paintJitter = false;
};

struct LabeledScene {
    Scene scene;
    std::string caption;
};

class SceneSampler {
public:
    explicit SceneSampler(uint64_t seed, SceneSamplerOptions options = {});

    // Random access: scene i depends only on (seed, options, i), so data loader workers can share
    // one sampler and any example can be re-created.
    Scene sceneAt(uint64_t index) const;
    LabeledScene exampleAt(uint64_t index) const;
    // Sequential use: sceneAt(0), sceneAt(1), ...
    Scene next() { return sceneAt(m_next++); }
    LabeledScene nextExample() { return exampleAt(m_next++); }

    uint64_t seed() const { return m_seed; }
    const SceneSamplerOptions& options() const { return m_options; }

private:
    Scene sampleScene(SceneRng& rng) const;
    uint64_t m_seed;
    SceneSamplerOptions m_options;
    uint64_t m_next = 0;
};

// The evaluation scenes: `count` scenes, deterministic by seed, each with a caption. HeldOut: half
// use a held-out colour–shape pair, half a held-out relation triple. Train: the training
// distribution (with the training seed, the training scenes themselves), to tell a model that does
// not generalise from one that does not fit.
std::vector<LabeledScene> generateEvalScenes(int count, uint64_t seed, SceneSplit split = SceneSplit::HeldOut);

// An RGB image of sizePixels × sizePixels (≥ 32): exact area coverage (4×4 supersampling) blends
// each object's paint over the background, so edges are anti-aliased.
Image renderScene(const Scene& scene, int sizePixels);

// A caption naming every object's colour and shape (grouped into counts where identical), and the
// sizes, regions, relation and background the scene marks as mentioned; the template, the object
// order, relation direction and synonyms are drawn from `rng`.
// RelationSide::UpperFirst always names the relation's upper (or left) object first ("above",
// "left of"): a training caption in which the first-named object's place is a plain fact, where
// either side makes it the exclusive-or of word order and relation word (TrainOptions::upperFirst).
enum class RelationSide : uint8_t { Either, UpperFirst };
std::string captionScene(const Scene& scene, SceneRng& rng, RelationSide side = RelationSide::Either);

// The caption of some of the scene's objects alone ("a blue circle", "two blue circles"), as a user
// prompts an inpaint of them: no relation, region, size or background.
std::string objectsCaption(const Scene& scene, const std::vector<int>& objects, SceneRng& rng);

} // namespace muse
