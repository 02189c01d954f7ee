#pragma once
// The closed vocabulary of the synthetic scenes: shapes, named colours, sizes, regions of the
// image and spatial relations, with their caption words and the RGB values the renderer paints.
// The palette is chosen so that a colour detector tells every allowed object/background pair
// apart after blur and JPEG noise (see colorContrast()).

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace muse {

enum class Shape : uint8_t { Circle, Square, Triangle, Star, Hexagon, Diamond, Cross, Heart, Ring };
constexpr int kShapeCount = 9;

enum class Color : uint8_t { Red, Orange, Yellow, Green, Cyan, Blue, Purple, Pink, Brown, White, Black };
constexpr int kColorCount = 11;

enum class Background : uint8_t { White, Black, Gray, Beige, LightBlue, Navy };
constexpr int kBackgroundCount = 6;

enum class SizeClass : uint8_t { Small, Medium, Large };
constexpr int kSizeClassCount = 3;

// The nine cells of a 3×3 grid over the image. An edge region ("at the top") is judged by its row
// or column alone; a corner by both; Center by the middle cell.
enum class Region : uint8_t { TopLeft, Top, TopRight, Left, Center, Right, BottomLeft, Bottom, BottomRight };
constexpr int kRegionCount = 9;

// "subject <relation> object"; Above/LeftOf are the canonical forms, Below/RightOf their inverses.
enum class Relation : uint8_t { Above, Below, LeftOf, RightOf };
constexpr int kRelationCount = 4;

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
};

const char* shapeName(Shape shape);         // "circle"
const char* shapePlural(Shape shape);       // "circles", "crosses"
const char* colorName(Color color);         // "red"
const char* backgroundName(Background bg);  // "light blue"
const char* sizeClassName(SizeClass size);  // "small"
const char* regionName(Region region);      // "top left" (the JSON spelling)
const char* relationName(Relation relation); // "left of" (the JSON spelling)

std::optional<Shape> shapeFromName(const std::string& name);
std::optional<Color> colorFromName(const std::string& name);
std::optional<Background> backgroundFromName(const std::string& name);
std::optional<SizeClass> sizeClassFromName(const std::string& name);
std::optional<Region> regionFromName(const std::string& name);
std::optional<Relation> relationFromName(const std::string& name);

Rgb colorRgb(Color color);
Rgb backgroundRgb(Background bg);
// Euclidean RGB distance between the nominal colours.
double colorContrast(Color color, Background bg);
// Whether an object of `color` may appear on `bg`: the pair must differ enough that a blurred,
// JPEG-compressed edge still separates them (white on beige, black on navy, ... are refused).
bool isColorAllowedOn(Color color, Background bg);

// Extent (the side of the square the shape fits in) as a fraction of the image side.
double nominalExtent(SizeClass size);
// The class whose nominal extent is nearest on a log scale.
SizeClass sizeClassForExtent(double extent);

// Region cell bounds in image fractions: columns [x0, x1), rows [y0, y1).
int regionColumn(Region region); // 0, 1, 2
int regionRow(Region region);
Region regionAt(int column, int row);
// Whether a point (image fractions) satisfies "in <region>" under the judging rule above.
bool isInRegion(Region region, double x, double y);
// Whether `subject` at (sx, sy) stands in `relation` to `object` at (ox, oy): the displacement is
// mostly along the relation's axis (within 45°) and points the right way.
bool satisfiesRelation(Relation relation, double sx, double sy, double ox, double oy);
Relation inverseRelation(Relation relation);

template <typename E, int N>
constexpr std::array<E, N> allValues()
{
    std::array<E, N> values{};
    for (int i = 0; i < N; ++i)
        values[i] = static_cast<E>(i);
    return values;
}

} // namespace muse
