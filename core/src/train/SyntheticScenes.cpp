#include "train/SyntheticScenes.h"

#include "train/ShapeGeometry.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace muse {

namespace {

// ---- held-out combinations -------------------------------------------------------------------

// Each colour and each shape here still appears in training with other partners, so a model can
// only get these right by composing what it learnt separately.
const std::vector<HeldOutPair> kHeldOutPairs = {
    {Color::Green, Shape::Star},   {Color::Blue, Shape::Heart},  {Color::Yellow, Shape::Square},
    {Color::Purple, Shape::Triangle}, {Color::Orange, Shape::Ring}, {Color::Pink, Shape::Hexagon},
};

const std::vector<HeldOutTriple> kHeldOutTriples = {
    {Shape::Star, Relation::LeftOf, Shape::Circle},
    {Shape::Triangle, Relation::Above, Shape::Square},
    {Shape::Heart, Relation::Above, Shape::Cross},
    {Shape::Ring, Relation::LeftOf, Shape::Diamond},
};

// ---- layout constants (fractions of the image side) ------------------------------------------

constexpr double kBorderMargin = 0.03;   // objects keep this far from the image edge
constexpr double kObjectGap = 0.07;      // between the circumscribed circles of two objects (4.5 px at 64)
constexpr double kCellMargin = 0.04;     // a placed centroid keeps this far from its cell's edges
constexpr double kRelationDominance = 1.5; // |main axis| ≥ 1.5 |other axis| for a drawn relation
constexpr double kExtentJitter = 0.06;
constexpr int kPaintJitter = 8;
constexpr int kBackgroundJitter = 6;
constexpr int kSupersample = 4;

constexpr double kBackgroundWeights[kBackgroundCount] = {0.3, 0.14, 0.14, 0.14, 0.16, 0.12};

uint8_t jitterChannel(uint8_t value, int amount, SceneRng& rng)
{
    return uint8_t(std::clamp(int(value) + rng.range(-amount, amount), 0, 255));
}

Rgb jitter(Rgb c, int amount, SceneRng& rng)
{
    const uint8_t r = jitterChannel(c.r, amount, rng);
    const uint8_t g = jitterChannel(c.g, amount, rng);
    const uint8_t b = jitterChannel(c.b, amount, rng);
    return {r, g, b};
}

SizeClass sampleSize(int objectCount, SceneRng& rng)
{
    // Crowded scenes favour small objects so that placement rarely fails.
    static const double weights[4][kSizeClassCount] = {
        {0.3, 0.35, 0.35}, {0.35, 0.4, 0.25}, {0.45, 0.4, 0.15}, {0.55, 0.37, 0.08}};
    return static_cast<SizeClass>(rng.weighted(weights[std::clamp(objectCount, 1, 4) - 1]));
}

double sampleExtent(SizeClass size, SceneRng& rng)
{
    return nominalExtent(size) * rng.uniform(1.0 - kExtentJitter, 1.0 + kExtentJitter);
}

struct Pair {
    Color color;
    Shape shape;
};

// A colour–shape pair visible on `bg`; in training never a held-out pair.
Pair samplePair(Background bg, bool allowHeldOut, SceneRng& rng)
{
    for (;;) {
        const auto color = static_cast<Color>(rng.index(kColorCount));
        const auto shape = static_cast<Shape>(rng.index(kShapeCount));
        if (!isColorAllowedOn(color, bg))
            continue;
        if (!allowHeldOut && isHeldOutPair(color, shape))
            continue;
        return {color, shape};
    }
}

SceneObject makeObject(Pair pair, SizeClass size, bool mentionSize, SceneRng& rng)
{
    SceneObject o;
    o.color = pair.color;
    o.shape = pair.shape;
    o.size = size;
    o.extent = sampleExtent(size, rng);
    o.paint = jitter(colorRgb(pair.color), kPaintJitter, rng);
    o.mentionSize = mentionSize;
    return o;
}

struct Interval {
    double lo, hi;
    bool empty() const { return hi <= lo; }
};

// Where the centroid of `o` may go: inside the image margins and, if placed, inside its cell.
void centroidBounds(const SceneObject& o, Interval& xs, Interval& ys)
{
    const ShapeGeometry& g = shapeGeometry(o.shape);
    xs = {kBorderMargin - g.minX * o.extent, 1.0 - kBorderMargin - g.maxX * o.extent};
    ys = {kBorderMargin - g.minY * o.extent, 1.0 - kBorderMargin - g.maxY * o.extent};
    if (o.region) {
        const int column = regionColumn(*o.region), row = regionRow(*o.region);
        xs = {std::max(xs.lo, column / 3.0 + kCellMargin), std::min(xs.hi, (column + 1) / 3.0 - kCellMargin)};
        ys = {std::max(ys.lo, row / 3.0 + kCellMargin), std::min(ys.hi, (row + 1) / 3.0 - kCellMargin)};
    }
}

bool clearOf(const SceneObject& a, const SceneObject& b)
{
    const double needed = shapeGeometry(a.shape).radius * a.extent + shapeGeometry(b.shape).radius * b.extent + kObjectGap;
    return std::hypot(a.x - b.x, a.y - b.y) >= needed;
}

bool clearlyRelated(Relation relation, const SceneObject& subject, const SceneObject& object)
{
    const double dx = object.x - subject.x, dy = object.y - subject.y;
    switch (relation) {
    case Relation::Above: return dy > 0 && dy >= kRelationDominance * std::abs(dx);
    case Relation::Below: return dy < 0 && -dy >= kRelationDominance * std::abs(dx);
    case Relation::LeftOf: return dx > 0 && dx >= kRelationDominance * std::abs(dy);
    case Relation::RightOf: return dx < 0 && -dx >= kRelationDominance * std::abs(dy);
    }
    return false;
}

// A centroid coordinate drawn from [lo, hi]: uniformly, or on the layout grid (see
// SceneSamplerOptions::layoutGrid) — the bounding square's centre `centreOffset` away from the
// centroid lands on a grid line or a cell centre. NaN when no grid position lies in the interval.
double sampleCoordinate(Interval range, double centreOffset, double extent, int grid, SceneRng& rng)
{
    if (grid <= 0)
        return rng.uniform(range.lo, range.hi);
    const int cellsCovered = int(std::ceil(extent * grid - 1e-9));
    const double phase = cellsCovered % 2 == 0 ? 0.0 : 0.5;
    const int first = int(std::ceil((range.lo + centreOffset) * grid - phase));
    const int last = int(std::floor((range.hi + centreOffset) * grid - phase));
    if (last < first)
        return std::numeric_limits<double>::quiet_NaN();
    return (first + rng.index(last - first + 1) + phase) / grid - centreOffset;
}

// Rejection sampling of centroids, object by object; false when the objects do not fit.
bool placeObjects(Scene& scene, int grid, SceneRng& rng)
{
    constexpr int kLayoutTries = 40;
    constexpr int kObjectTries = 60;
    for (int layout = 0; layout < kLayoutTries; ++layout) {
        bool ok = true;
        for (std::size_t i = 0; i < scene.objects.size() && ok; ++i) {
            SceneObject& o = scene.objects[i];
            Interval xs, ys;
            centroidBounds(o, xs, ys);
            if (xs.empty() || ys.empty())
                return false;
            const ShapeGeometry& g = shapeGeometry(o.shape);
            bool placed = false;
            for (int t = 0; t < kObjectTries && !placed; ++t) {
                o.x = sampleCoordinate(xs, 0.5 * (g.minX + g.maxX) * o.extent, o.extent, grid, rng);
                o.y = sampleCoordinate(ys, 0.5 * (g.minY + g.maxY) * o.extent, o.extent, grid, rng);
                if (std::isnan(o.x) || std::isnan(o.y))
                    return false;
                placed = true;
                for (std::size_t j = 0; j < i && placed; ++j)
                    placed = clearOf(o, scene.objects[j]);
                if (placed && scene.relation && int(i) == std::max(scene.relation->subject, scene.relation->object))
                    placed = clearlyRelated(scene.relation->relation, scene.objects[scene.relation->subject],
                                            scene.objects[scene.relation->object]);
            }
            ok = placed;
        }
        if (ok)
            return true;
    }
    return false;
}

// ---- captions --------------------------------------------------------------------------------

const char* pick(std::initializer_list<const char*> options, SceneRng& rng)
{
    return *(options.begin() + rng.index(int(options.size())));
}

bool startsWithVowel(const std::string& word)
{
    return !word.empty() && std::string("aeiou").find(word[0]) != std::string::npos;
}

std::string sizeWord(SizeClass size, SceneRng& rng)
{
    switch (size) {
    case SizeClass::Small: return rng.chance(0.2) ? "tiny" : "small";
    case SizeClass::Medium: return rng.chance(0.25) ? "medium-sized" : "medium";
    case SizeClass::Large: return rng.chance(0.25) ? "big" : "large";
    }
    return "";
}

// "a small red circle", "an orange star", "three blue hearts", "2 green rings".
std::string nounPhrase(const SceneObject& o, int count, SceneRng& rng)
{
    std::string adjectives;
    if (o.mentionSize)
        adjectives = sizeWord(o.size, rng) + " ";
    adjectives += colorName(o.color);
    if (count == 1) {
        const std::string article = rng.chance(0.08) ? "one" : (startsWithVowel(adjectives) ? "an" : "a");
        return article + " " + adjectives + " " + shapeName(o.shape);
    }
    static const char* const kNumbers[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    const std::string number = (count < 10 && !rng.chance(0.12)) ? kNumbers[count] : std::to_string(count);
    return number + " " + adjectives + " " + shapePlural(o.shape);
}

std::string regionPhrase(Region region, SceneRng& rng)
{
    switch (region) {
    case Region::TopLeft: return pick({"in the top left", "in the top left corner", "at the top left", "in the upper left"}, rng);
    case Region::Top: return pick({"at the top", "near the top", "at the top center"}, rng);
    case Region::TopRight: return pick({"in the top right", "in the top right corner", "at the top right", "in the upper right"}, rng);
    case Region::Left: return pick({"on the left", "on the left side", "at the left"}, rng);
    case Region::Center: return pick({"in the center", "in the middle"}, rng);
    case Region::Right: return pick({"on the right", "on the right side", "at the right"}, rng);
    case Region::BottomLeft: return pick({"in the bottom left", "in the bottom left corner", "at the bottom left", "in the lower left"}, rng);
    case Region::Bottom: return pick({"at the bottom", "near the bottom", "at the bottom center"}, rng);
    case Region::BottomRight: return pick({"in the bottom right", "in the bottom right corner", "at the bottom right", "in the lower right"}, rng);
    }
    return "";
}

std::string relationPhrase(Relation relation, SceneRng& rng)
{
    switch (relation) {
    case Relation::Above: return pick({"above", "above", "over"}, rng);
    case Relation::Below: return pick({"below", "below", "under", "beneath"}, rng);
    case Relation::LeftOf: return pick({"to the left of", "to the left of", "left of", "on the left of"}, rng);
    case Relation::RightOf: return pick({"to the right of", "to the right of", "right of", "on the right of"}, rng);
    }
    return "";
}

std::string joinList(const std::vector<std::string>& items, SceneRng& rng)
{
    if (items.empty())
        return "";
    if (items.size() == 1)
        return items[0];
    std::string text;
    for (std::size_t i = 0; i + 1 < items.size(); ++i)
        text += (i ? ", " : "") + items[i];
    const bool oxford = items.size() > 2 && rng.chance(0.4);
    return text + (oxford ? ", and " : " and ") + items.back();
}

std::string withArticle(const std::string& words)
{
    return (startsWithVowel(words) ? "an " : "a ") + words;
}

} // namespace

int countDistinctPairs(const Scene& scene)
{
    std::vector<std::pair<int, int>> keys;
    for (const auto& o : scene.objects)
        keys.emplace_back(int(o.color), int(o.shape));
    std::sort(keys.begin(), keys.end());
    return int(std::unique(keys.begin(), keys.end()) - keys.begin());
}

// ---- held-out queries ----------------------------------------------------------------------------

const std::vector<HeldOutPair>& heldOutPairs() { return kHeldOutPairs; }
const std::vector<HeldOutTriple>& heldOutTriples() { return kHeldOutTriples; }

bool isHeldOutPair(Color color, Shape shape)
{
    return std::any_of(kHeldOutPairs.begin(), kHeldOutPairs.end(),
                       [&](const HeldOutPair& p) { return p.color == color && p.shape == shape; });
}

bool isHeldOutTriple(Shape subject, Relation relation, Shape object)
{
    if (relation == Relation::Below || relation == Relation::RightOf) {
        std::swap(subject, object);
        relation = inverseRelation(relation);
    }
    return std::any_of(kHeldOutTriples.begin(), kHeldOutTriples.end(), [&](const HeldOutTriple& t) {
        return t.subject == subject && t.relation == relation && t.object == object;
    });
}

bool hasHeldOutPair(const Scene& scene)
{
    for (const auto& o : scene.objects)
        if (isHeldOutPair(o.color, o.shape))
            return true;
    return false;
}

bool usesHeldOutCombination(const Scene& scene)
{
    if (hasHeldOutPair(scene))
        return true;
    if (scene.relation) {
        const auto& r = *scene.relation;
        return isHeldOutTriple(scene.objects[r.subject].shape, r.relation, scene.objects[r.object].shape);
    }
    return false;
}

// ---- sampling --------------------------------------------------------------------------------

SceneSampler::SceneSampler(uint64_t seed, SceneSamplerOptions options) : m_seed(seed), m_options(options)
{
    m_options.maxObjects = std::clamp(m_options.maxObjects, 1, 4);
    m_options.layoutGrid = std::max(m_options.layoutGrid, 0);
}

Scene SceneSampler::sceneAt(uint64_t index) const
{
    SceneRng rng(m_seed, index);
    return sampleScene(rng);
}

LabeledScene SceneSampler::exampleAt(uint64_t index) const
{
    SceneRng rng(m_seed, index);
    LabeledScene example;
    example.scene = sampleScene(rng);
    example.caption = captionScene(example.scene, rng);
    return example;
}

Scene SceneSampler::sampleScene(SceneRng& rng) const
{
    const int maxObjects = m_options.maxObjects;
    const bool heldOut = m_options.split == SceneSplit::HeldOut;
    for (;;) {
        Scene scene;
        double kindWeights[kSceneKindCount];
        std::copy(std::begin(m_options.kindWeights), std::end(m_options.kindWeights), kindWeights);
        if (maxObjects < 2)
            for (int k = 1; k < kSceneKindCount; ++k)
                kindWeights[k] = 0.0;
        // A held-out scene uses either a held-out relation triple (a Related scene) or a held-out pair.
        const bool useTriple = heldOut && maxObjects >= 2 && rng.chance(0.5);
        scene.kind = useTriple ? SceneKind::Related : static_cast<SceneKind>(rng.weighted(kindWeights));
        scene.background = static_cast<Background>(rng.weighted(kBackgroundWeights));
        scene.backgroundPaint = jitter(backgroundRgb(scene.background), kBackgroundJitter, rng);
        scene.mentionBackground = rng.chance(m_options.mentionBackgroundRate);
        const double sizeRate = m_options.mentionSizeRate;
        const Background bg = scene.background;

        switch (scene.kind) {
        case SceneKind::Single: {
            scene.objects.push_back(makeObject(samplePair(bg, heldOut, rng), sampleSize(1, rng), rng.chance(sizeRate), rng));
            if (rng.chance(0.4))
                scene.objects[0].region = static_cast<Region>(rng.index(kRegionCount));
            break;
        }
        case SceneKind::Count: {
            const int count = rng.range(2, maxObjects);
            const Pair pair = samplePair(bg, heldOut, rng);
            const SizeClass size = sampleSize(count, rng);
            const bool mention = rng.chance(sizeRate);
            for (int i = 0; i < count; ++i)
                scene.objects.push_back(makeObject(pair, size, mention, rng));
            break;
        }
        case SceneKind::Group: {
            const int groups = (maxObjects >= 3 && rng.chance(0.35)) ? 3 : 2;
            std::vector<int> counts(groups, 1);
            for (int extra = rng.range(0, maxObjects - groups); extra > 0; --extra)
                ++counts[rng.index(groups)];
            const int total = [&] { int t = 0; for (int c : counts) t += c; return t; }();
            std::vector<Pair> pairs;
            while (int(pairs.size()) < groups) {
                const Pair p = samplePair(bg, heldOut, rng);
                const bool repeated = std::any_of(pairs.begin(), pairs.end(),
                                                  [&](const Pair& q) { return q.color == p.color && q.shape == p.shape; });
                if (!repeated)
                    pairs.push_back(p);
            }
            for (int g = 0; g < groups; ++g) {
                const SizeClass size = sampleSize(total, rng);
                const bool mention = rng.chance(sizeRate);
                for (int i = 0; i < counts[g]; ++i)
                    scene.objects.push_back(makeObject(pairs[g], size, mention, rng));
            }
            break;
        }
        case SceneKind::Placed: {
            const int count = rng.range(2, std::min(3, maxObjects));
            std::vector<int> regions(kRegionCount);
            for (int r = 0; r < kRegionCount; ++r)
                regions[r] = r;
            rng.shuffle(regions);
            for (int i = 0; i < count; ++i) {
                SceneObject o = makeObject(samplePair(bg, heldOut, rng), sampleSize(count + 1, rng), rng.chance(sizeRate), rng);
                o.region = static_cast<Region>(regions[i]);
                scene.objects.push_back(o);
            }
            break;
        }
        case SceneKind::Related: {
            SceneRelation relation;
            relation.relation = rng.chance(0.5) ? Relation::Above : Relation::LeftOf;
            Pair a = samplePair(bg, heldOut, rng), b = samplePair(bg, heldOut, rng);
            if (useTriple) {
                const HeldOutTriple& t = kHeldOutTriples[rng.index(int(kHeldOutTriples.size()))];
                relation.relation = t.relation;
                a.shape = t.subject;
                b.shape = t.object;
            }
            if (a.color == b.color && a.shape == b.shape)
                continue; // "a red circle above a red circle" is not a useful caption
            if (!heldOut && isHeldOutTriple(a.shape, relation.relation, b.shape))
                continue;
            // Store Below/RightOf too, so the scene JSON shows both directions.
            if (rng.chance(0.5)) {
                std::swap(a, b);
                relation.relation = inverseRelation(relation.relation);
            }
            scene.objects.push_back(makeObject(a, sampleSize(2, rng), rng.chance(sizeRate), rng));
            scene.objects.push_back(makeObject(b, sampleSize(2, rng), rng.chance(sizeRate), rng));
            relation.subject = 0;
            relation.object = 1;
            scene.relation = relation;
            break;
        }
        }

        if (heldOut && !useTriple) {
            // Give one object a held-out pair: a whole Count scene, or one caption group of a Group.
            const HeldOutPair& p = kHeldOutPairs[rng.index(int(kHeldOutPairs.size()))];
            if (!isColorAllowedOn(p.color, bg))
                continue;
            const int groupsBefore = countDistinctPairs(scene);
            const int target = rng.index(int(scene.objects.size()));
            const Color oldColor = scene.objects[target].color;
            const Shape oldShape = scene.objects[target].shape;
            for (int i = 0; i < int(scene.objects.size()); ++i) {
                SceneObject& o = scene.objects[i];
                const bool sameGroup = (scene.kind == SceneKind::Count || scene.kind == SceneKind::Group) &&
                                       o.color == oldColor && o.shape == oldShape;
                if (i == target || sameGroup) {
                    o.color = p.color;
                    o.shape = p.shape;
                    o.paint = jitter(colorRgb(p.color), kPaintJitter, rng);
                }
            }
            // The change must not merge two caption groups or make a relation's objects identical.
            if ((scene.kind == SceneKind::Group || scene.kind == SceneKind::Related) &&
                countDistinctPairs(scene) != groupsBefore)
                continue;
        }
        if (heldOut && !usesHeldOutCombination(scene))
            continue;
        if (!heldOut && usesHeldOutCombination(scene))
            continue; // defensive: training never shows a held-out combination
        if (!m_options.jitter) {
            if (!m_options.paintJitter)
                scene.backgroundPaint = backgroundRgb(scene.background);
            for (SceneObject& o : scene.objects) {
                o.extent = nominalExtent(o.size);
                if (!m_options.paintJitter)
                    o.paint = colorRgb(o.color);
            }
        }
        if (!placeObjects(scene, m_options.layoutGrid, rng))
            continue;
        return scene;
    }
}

std::vector<LabeledScene> generateEvalScenes(int count, uint64_t seed, SceneSplit split)
{
    SceneSamplerOptions options;
    options.split = split;
    SceneSampler sampler(seed, options);
    std::vector<LabeledScene> scenes;
    scenes.reserve(std::max(count, 0));
    for (int i = 0; i < count; ++i)
        scenes.push_back(sampler.exampleAt(uint64_t(i)));
    return scenes;
}

// ---- rendering -------------------------------------------------------------------------------

Image renderScene(const Scene& scene, int sizePixels)
{
    const int size = std::max(sizePixels, 1);
    Image image(size, size, 3);
    const Rgb bg = scene.backgroundPaint;
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
        image.pixels[i] = bg.r;
        image.pixels[i + 1] = bg.g;
        image.pixels[i + 2] = bg.b;
    }
    cv::Mat fine, coverage;
    std::vector<cv::Point> points;
    for (const auto& o : scene.objects) {
        const ShapeGeometry& g = shapeGeometry(o.shape);
        const double e = o.extent * size, cx = o.x * size, cy = o.y * size;
        const int x0 = std::max(0, int(std::floor(cx + g.minX * e)) - 1);
        const int y0 = std::max(0, int(std::floor(cy + g.minY * e)) - 1);
        const int x1 = std::min(size, int(std::ceil(cx + g.maxX * e)) + 1);
        const int y1 = std::min(size, int(std::ceil(cy + g.maxY * e)) + 1);
        if (x1 <= x0 || y1 <= y0)
            continue;
        const int w = x1 - x0, h = y1 - y0;
        fine.create(h * kSupersample, w * kSupersample, CV_8UC1);
        fine.setTo(0);
        // Fixed-point vertices (8 fractional bits) at the fine grid, whose pixel centres sit at +0.5.
        // fillPoly also sets the pixels its outline passes through, which grows a shape by about
        // half a fine pixel; every outline (the ring's hole too) is moved inwards by that much.
        constexpr int kShift = 8;
        constexpr double kOutlineBias = 0.5;
        auto toFine = [&](const std::vector<Point2>& outline) {
            const std::size_t count = outline.size();
            std::vector<Point2> fineOutline(count);
            double signedArea = 0;
            for (std::size_t i = 0; i < count; ++i) {
                const Point2& p = outline[i];
                fineOutline[i] = {(cx + p.x * e - x0) * kSupersample - 0.5, (cy + p.y * e - y0) * kSupersample - 0.5};
            }
            for (std::size_t i = 0; i < count; ++i) {
                const Point2& p = fineOutline[i];
                const Point2& q = fineOutline[(i + 1) % count];
                signedArea += p.x * q.y - q.x * p.y;
            }
            const double inward = signedArea > 0 ? 1.0 : -1.0;
            points.clear();
            for (std::size_t i = 0; i < count; ++i) {
                const Point2& prev = fineOutline[(i + count - 1) % count];
                const Point2& p = fineOutline[i];
                const Point2& next = fineOutline[(i + 1) % count];
                // Inward unit normals of the two edges meeting at p; the offset vertex lies on both
                // shifted edges: p + d (n1 + n2) / (1 + n1·n2).
                auto normal = [&](const Point2& a, const Point2& b) {
                    const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
                    return Point2{-dy / length * inward, dx / length * inward};
                };
                const Point2 n1 = normal(prev, p), n2 = normal(p, next);
                const double k = kOutlineBias / std::max(0.2, 1.0 + n1.x * n2.x + n1.y * n2.y);
                const double fx = p.x + k * (n1.x + n2.x), fy = p.y + k * (n1.y + n2.y);
                points.emplace_back(int(std::lround(fx * (1 << kShift))), int(std::lround(fy * (1 << kShift))));
            }
            return std::vector<std::vector<cv::Point>>{points};
        };
        cv::fillPoly(fine, toFine(g.outer), cv::Scalar(255), cv::LINE_8, kShift);
        for (const auto& hole : g.holes)
            cv::fillPoly(fine, toFine(hole), cv::Scalar(0), cv::LINE_8, kShift);
        cv::resize(fine, coverage, cv::Size(w, h), 0, 0, cv::INTER_AREA);

        const float paint[3] = {float(o.paint.r), float(o.paint.g), float(o.paint.b)};
        for (int y = 0; y < h; ++y) {
            const uint8_t* a = coverage.ptr<uint8_t>(y);
            for (int x = 0; x < w; ++x) {
                if (a[x] == 0)
                    continue;
                const float alpha = a[x] * (1.0f / 255.0f);
                uint8_t* px = image.pixel(x0 + x, y0 + y);
                for (int c = 0; c < 3; ++c)
                    px[c] = uint8_t(std::lround(px[c] + (paint[c] - px[c]) * alpha));
            }
        }
    }
    return image;
}

// ---- captions --------------------------------------------------------------------------------

std::string captionScene(const Scene& scene, SceneRng& rng, RelationSide side)
{
    const int n = int(scene.objects.size());
    const bool related = scene.relation && scene.relation->subject < n && scene.relation->object < n &&
                         scene.relation->subject != scene.relation->object;
    const bool singlePlaced = n == 1 && !related && scene.objects[0].region.has_value();

    // The frame around the objects and how the background is named are drawn first, because a
    // relation may only take "is" ("a red ring is left of ...") in a bare sentence.
    enum Frame { kBare, kThereIs, kImageOf, kRegionFirst };
    static const double kFrameWeights[] = {2.0, 1.0, 1.0, 1.0};
    const double regionFirstWeight = singlePlaced ? 1.0 : 0.0;
    const double weights[] = {kFrameWeights[0], kFrameWeights[1], kFrameWeights[2], regionFirstWeight};
    const auto frame = static_cast<Frame>(rng.weighted(weights));
    enum BackgroundStyle { kNone, kWith, kOnFirst, kAgainst, kOnLast };
    BackgroundStyle backgroundStyle = kNone;
    if (scene.mentionBackground) {
        backgroundStyle = static_cast<BackgroundStyle>(1 + rng.index(4));
        if (backgroundStyle == kWith && frame != kBare)
            backgroundStyle = kOnLast; // "a gray background with there is ..." would not parse
    }

    std::vector<bool> used(n, false);
    std::vector<std::string> parts;
    if (related) {
        int s = scene.relation->subject, o = scene.relation->object;
        Relation relation = scene.relation->relation;
        const bool lowerFirst = relation == Relation::Below || relation == Relation::RightOf;
        if (side == RelationSide::UpperFirst ? lowerFirst : rng.chance(0.4)) { // the same fact from the other side
            std::swap(s, o);
            relation = inverseRelation(relation);
        }
        used[s] = used[o] = true;
        const std::string subject = nounPhrase(scene.objects[s], 1, rng);
        const std::string object = nounPhrase(scene.objects[o], 1, rng);
        const bool copula = frame == kBare && backgroundStyle != kWith && rng.chance(0.3);
        parts.push_back(subject + (copula ? " is " : " ") + relationPhrase(relation, rng) + " " + object);
    }

    std::vector<std::string> items;
    for (int i = 0; i < n; ++i) {
        if (used[i] || !scene.objects[i].region)
            continue;
        used[i] = true;
        items.push_back(nounPhrase(scene.objects[i], 1, rng) + " " + regionPhrase(*scene.objects[i].region, rng));
    }
    // Identical unplaced objects are one group ("two red circles").
    for (int i = 0; i < n; ++i) {
        if (used[i])
            continue;
        const SceneObject& a = scene.objects[i];
        int count = 0;
        for (int j = i; j < n; ++j) {
            const SceneObject& b = scene.objects[j];
            if (!used[j] && b.shape == a.shape && b.color == a.color && b.mentionSize == a.mentionSize &&
                (!a.mentionSize || b.size == a.size)) {
                used[j] = true;
                ++count;
            }
        }
        items.push_back(nounPhrase(a, count, rng));
    }
    rng.shuffle(items);
    // "there is" / "there are" agrees with the first noun phrase.
    const std::string& first = parts.empty() ? (items.empty() ? std::string() : items.front()) : parts.front();
    const bool firstPlural = !(first.rfind("a ", 0) == 0 || first.rfind("an ", 0) == 0 || first.rfind("one ", 0) == 0);
    if (!items.empty())
        parts.push_back(joinList(items, rng));
    std::string body = parts.size() == 2 ? parts[0] + " and " + parts[1] : (parts.empty() ? "" : parts[0]);

    switch (frame) {
    case kBare: break;
    case kThereIs: body = std::string(firstPlural ? "there are " : "there is ") + body; break;
    case kImageOf: body = std::string(pick({"an image of ", "a picture of ", "a drawing of "}, rng)) + body; break;
    case kRegionFirst: {
        // "in the top left, a red circle" / "in the top left there is a red circle"
        const SceneObject& o = scene.objects[0];
        const std::string np = nounPhrase(o, 1, rng);
        body = regionPhrase(*o.region, rng) + (rng.chance(0.5) ? ", " : " there is ") + np;
        break;
    }
    }

    const std::string bg = withArticle(backgroundName(scene.background)) + " background";
    switch (backgroundStyle) {
    case kNone: break;
    case kWith: body = bg + " with " + body; break;
    case kOnFirst: body = "on " + bg + ", " + body; break;
    case kAgainst: body += " against " + bg; break;
    case kOnLast: body += " on " + bg; break;
    }
    return body;
}

std::string objectsCaption(const Scene& scene, const std::vector<int>& objects, SceneRng& rng)
{
    Scene only;
    only.background = scene.background;
    only.backgroundPaint = scene.backgroundPaint;
    for (int i : objects) {
        SceneObject o = scene.objects.at(std::size_t(i));
        o.mentionSize = false;
        o.region.reset();
        only.objects.push_back(o);
    }
    only.kind = only.objects.size() == 1 ? SceneKind::Single : SceneKind::Count;
    return captionScene(only, rng);
}

} // namespace muse
