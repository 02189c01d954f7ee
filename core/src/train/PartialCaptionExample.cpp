#include "train/PartialCaptionExample.h"

#include "train/SyntheticScenes.h"

#include <algorithm>
#include <cmath>

namespace muse {

namespace {

// The object group of scene.objects[chosenIndex] (it and every other object of its colour and shape)
// under their bounding squares grown by `margin` (image widths).
PartialCaptionExample groupRegion(const Scene& scene, int grid, std::size_t chosenIndex, double margin)
{
    PartialCaptionExample example;
    const SceneObject& chosen = scene.objects[chosenIndex];
    for (std::size_t i = 0; i < scene.objects.size(); ++i)
        if (scene.objects[i].color == chosen.color && scene.objects[i].shape == chosen.shape)
            example.objects.push_back(int(i));
    example.region.assign(std::size_t(grid) * std::size_t(grid), 0);
    for (int i : example.objects) {
        const SceneObject& o = scene.objects[std::size_t(i)];
        const double half = o.extent / 2 + margin;
        // Cells [k / grid, (k + 1) / grid) that overlap [centre - half, centre + half].
        auto cells = [&](double centre) {
            const int lo = std::max(0, int(std::floor((centre - half) * grid)));
            const int hi = std::min(grid - 1, int(std::ceil((centre + half) * grid)) - 1);
            return std::pair<int, int>{lo, hi};
        };
        const auto [x0, x1] = cells(o.x);
        const auto [y0, y1] = cells(o.y);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                example.region[std::size_t(y) * std::size_t(grid) + std::size_t(x)] = 1;
    }
    return example;
}

// One object group hidden (see the header): its objects and region, no caption.
PartialCaptionExample groupHole(const Scene& scene, int grid, SceneRng& rng)
{
    if (scene.objects.empty() || grid <= 0)
        return {};
    const std::size_t chosen = std::size_t(rng.index(int(scene.objects.size())));
    // A brush stroke rarely hugs the object: anything from its bounding square to two tokens more.
    return groupRegion(scene, grid, chosen, rng.uniform(0.0, 2.0 / grid));
}

} // namespace

std::vector<uint8_t> allButOneObjectGroup(const Scene& scene, int grid, SceneRng& rng)
{
    if (grid <= 0 || countDistinctPairs(scene) < 2)
        return {};
    std::size_t shown = std::size_t(rng.index(int(scene.objects.size())));
    if (scene.relation)
        shown = std::size_t(rng.chance(0.5) ? scene.relation->subject : scene.relation->object);
    std::vector<uint8_t> region = groupRegion(scene, grid, shown, 0.0).region;
    for (uint8_t& cell : region)
        cell = !cell;
    return region;
}

PartialCaptionExample partialCaptionExample(const Scene& scene, int grid, SceneRng& rng)
{
    PartialCaptionExample example = groupHole(scene, grid, rng);
    if (!example.objects.empty())
        example.caption = objectsCaption(scene, example.objects, rng);
    return example;
}

std::vector<uint8_t> wholeCaptionHole(const Scene& scene, int grid, SceneRng& rng)
{
    if (!scene.objects.empty() && rng.chance(0.5))
        return groupHole(scene, grid, rng).region; // its caption would be thrown away
    std::vector<uint8_t> region(std::size_t(grid) * std::size_t(grid), 0);
    const int side = rng.index(4); // right, left, bottom, top
    const int width = std::clamp(int(std::lround(rng.uniform(0.25, 0.6) * grid)), 1, grid);
    for (int y = 0; y < grid; ++y)
        for (int x = 0; x < grid; ++x) {
            const int depth = side == 0 ? grid - 1 - x : side == 1 ? x : side == 2 ? grid - 1 - y : y;
            region[std::size_t(y) * std::size_t(grid) + std::size_t(x)] = depth < width;
        }
    return region;
}

} // namespace muse
