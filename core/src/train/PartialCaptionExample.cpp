#include "train/PartialCaptionExample.h"

#include "train/SyntheticScenes.h"

#include <cmath>

namespace muse {

PartialCaptionExample partialCaptionExample(const Scene& scene, int grid, SceneRng& rng)
{
    PartialCaptionExample example;
    if (scene.objects.empty() || grid <= 0)
        return example;
    const SceneObject& chosen = scene.objects[std::size_t(rng.index(int(scene.objects.size())))];
    for (std::size_t i = 0; i < scene.objects.size(); ++i)
        if (scene.objects[i].color == chosen.color && scene.objects[i].shape == chosen.shape)
            example.objects.push_back(int(i));
    // A brush stroke rarely hugs the object: anything from its bounding square to two tokens more.
    const double margin = rng.uniform(0.0, 2.0 / grid);
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
    example.caption = objectsCaption(scene, example.objects, rng);
    return example;
}

} // namespace muse
