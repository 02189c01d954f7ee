#include "train/SceneVocabulary.h"

#include <cmath>

namespace muse {

namespace {

constexpr const char* kShapeNames[kShapeCount] = {"circle", "square", "triangle", "star", "hexagon",
                                                  "diamond", "cross", "heart", "ring"};
constexpr const char* kShapePlurals[kShapeCount] = {"circles", "squares", "triangles", "stars", "hexagons",
                                                    "diamonds", "crosses", "hearts", "rings"};
constexpr const char* kColorNames[kColorCount] = {"red", "orange", "yellow", "green", "cyan", "blue",
                                                  "purple", "pink", "brown", "white", "black"};
constexpr const char* kBackgroundNames[kBackgroundCount] = {"white", "black", "gray", "beige", "light blue", "navy"};
constexpr const char* kSizeNames[kSizeClassCount] = {"small", "medium", "large"};
constexpr const char* kRegionNames[kRegionCount] = {"top left", "top", "top right", "left", "center",
                                                    "right", "bottom left", "bottom", "bottom right"};
constexpr const char* kRelationNames[kRelationCount] = {"above", "below", "left of", "right of"};

// Saturated, well separated hues; brown and the neutrals keep their distance from the backgrounds
// they may appear on.
constexpr Rgb kColorRgb[kColorCount] = {
    {215, 40, 40},   // red
    {245, 135, 25},  // orange
    {245, 215, 30},  // yellow
    {40, 160, 60},   // green
    {30, 200, 215},  // cyan
    {35, 75, 215},   // blue
    {135, 55, 180},  // purple
    {245, 135, 190}, // pink
    {125, 75, 35},   // brown
    {250, 250, 250}, // white
    {15, 15, 15},    // black
};

constexpr Rgb kBackgroundRgb[kBackgroundCount] = {
    {242, 242, 242}, // white
    {22, 22, 22},    // black
    {150, 150, 150}, // gray
    {236, 222, 190}, // beige
    {175, 205, 235}, // light blue
    {22, 32, 82},    // navy
};

// Below this RGB distance an object/background pair is not used (white on beige is 69).
constexpr double kMinContrast = 95.0;

// Extents of the three size classes (fractions of the image side). Small is as small as the shape
// detector reads reliably at 64×64 after blur; large still lets four objects fit.
constexpr double kExtents[kSizeClassCount] = {0.21, 0.29, 0.39};

template <typename E, int N>
std::optional<E> lookup(const char* const (&names)[N], const std::string& name)
{
    for (int i = 0; i < N; ++i)
        if (name == names[i])
            return static_cast<E>(i);
    return std::nullopt;
}

double distance(Rgb a, Rgb b)
{
    const double dr = double(a.r) - b.r, dg = double(a.g) - b.g, db = double(a.b) - b.b;
    return std::sqrt(dr * dr + dg * dg + db * db);
}

} // namespace

const char* shapeName(Shape shape) { return kShapeNames[int(shape)]; }
const char* shapePlural(Shape shape) { return kShapePlurals[int(shape)]; }
const char* colorName(Color color) { return kColorNames[int(color)]; }
const char* backgroundName(Background bg) { return kBackgroundNames[int(bg)]; }
const char* sizeClassName(SizeClass size) { return kSizeNames[int(size)]; }
const char* regionName(Region region) { return kRegionNames[int(region)]; }
const char* relationName(Relation relation) { return kRelationNames[int(relation)]; }

std::optional<Shape> shapeFromName(const std::string& name) { return lookup<Shape>(kShapeNames, name); }
std::optional<Color> colorFromName(const std::string& name) { return lookup<Color>(kColorNames, name); }
std::optional<Background> backgroundFromName(const std::string& name) { return lookup<Background>(kBackgroundNames, name); }
std::optional<SizeClass> sizeClassFromName(const std::string& name) { return lookup<SizeClass>(kSizeNames, name); }
std::optional<Region> regionFromName(const std::string& name) { return lookup<Region>(kRegionNames, name); }
std::optional<Relation> relationFromName(const std::string& name) { return lookup<Relation>(kRelationNames, name); }

Rgb colorRgb(Color color) { return kColorRgb[int(color)]; }
Rgb backgroundRgb(Background bg) { return kBackgroundRgb[int(bg)]; }

double colorContrast(Color color, Background bg) { return distance(colorRgb(color), backgroundRgb(bg)); }
bool isColorAllowedOn(Color color, Background bg) { return colorContrast(color, bg) >= kMinContrast; }

double nominalExtent(SizeClass size) { return kExtents[int(size)]; }

SizeClass sizeClassForExtent(double extent)
{
    const double logExtent = std::log(std::max(extent, 1e-6));
    SizeClass best = SizeClass::Small;
    double bestDistance = 1e9;
    for (SizeClass size : allValues<SizeClass, kSizeClassCount>()) {
        const double d = std::abs(logExtent - std::log(nominalExtent(size)));
        if (d < bestDistance) {
            bestDistance = d;
            best = size;
        }
    }
    return best;
}

int regionColumn(Region region) { return int(region) % 3; }
int regionRow(Region region) { return int(region) / 3; }
Region regionAt(int column, int row) { return static_cast<Region>(row * 3 + column); }

bool isInRegion(Region region, double x, double y)
{
    const int column = std::min(2, std::max(0, int(std::floor(x * 3.0))));
    const int row = std::min(2, std::max(0, int(std::floor(y * 3.0))));
    switch (region) {
    case Region::Top: return row == 0;
    case Region::Bottom: return row == 2;
    case Region::Left: return column == 0;
    case Region::Right: return column == 2;
    default: return column == regionColumn(region) && row == regionRow(region);
    }
}

bool satisfiesRelation(Relation relation, double sx, double sy, double ox, double oy)
{
    const double dx = ox - sx; // > 0: the subject is left of the object
    const double dy = oy - sy; // > 0: the subject is above the object (y grows downwards)
    switch (relation) {
    case Relation::Above: return dy > 0 && dy > std::abs(dx);
    case Relation::Below: return dy < 0 && -dy > std::abs(dx);
    case Relation::LeftOf: return dx > 0 && dx > std::abs(dy);
    case Relation::RightOf: return dx < 0 && -dx > std::abs(dy);
    }
    return false;
}

Relation inverseRelation(Relation relation)
{
    switch (relation) {
    case Relation::Above: return Relation::Below;
    case Relation::Below: return Relation::Above;
    case Relation::LeftOf: return Relation::RightOf;
    case Relation::RightOf: return Relation::LeftOf;
    }
    return relation;
}

} // namespace muse
