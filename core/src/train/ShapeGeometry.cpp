#include "train/ShapeGeometry.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace muse {

namespace {

constexpr double kPi = 3.14159265358979323846;
// Enough vertices that a 512-pixel circle shows no facets.
constexpr int kCurveVertices = 96;
// Fatter than a regular star (0.382) so that the arms survive a 13-pixel render and blur.
constexpr double kStarInnerRatio = 0.47;
constexpr double kCrossArmWidth = 0.36;
constexpr double kDiamondWidth = 0.72;
constexpr double kRingInnerRatio = 0.5;

std::vector<Point2> circlePoints(double radius)
{
    std::vector<Point2> points;
    for (int i = 0; i < kCurveVertices; ++i) {
        const double a = 2.0 * kPi * i / kCurveVertices;
        points.push_back({radius * std::cos(a), -radius * std::sin(a)});
    }
    return points;
}

// Regular polygon with a vertex straight up.
std::vector<Point2> pointyPolygon(int n, double radius)
{
    std::vector<Point2> points;
    for (int i = 0; i < n; ++i) {
        const double a = kPi / 2 + 2.0 * kPi * i / n;
        points.push_back({radius * std::cos(a), -radius * std::sin(a)});
    }
    return points;
}

std::vector<Point2> starPoints()
{
    std::vector<Point2> points;
    for (int i = 0; i < 10; ++i) {
        const double a = kPi / 2 + kPi * i / 5;
        const double r = (i % 2 == 0) ? 1.0 : kStarInnerRatio;
        points.push_back({r * std::cos(a), -r * std::sin(a)});
    }
    return points;
}

std::vector<Point2> crossPoints()
{
    const double h = kCrossArmWidth / 2;
    return {{h, -1}, {-h, -1}, {-h, -h}, {-1, -h}, {-1, h}, {-h, h}, {-h, 1}, {h, 1}, {h, h}, {1, h}, {1, -h}, {h, -h}};
}

std::vector<Point2> heartPoints()
{
    // The classic parametric heart; y flipped so that the point is at the bottom of the image.
    std::vector<Point2> points;
    for (int i = 0; i < kCurveVertices; ++i) {
        const double t = 2.0 * kPi * i / kCurveVertices;
        const double s = std::sin(t);
        points.push_back({16.0 * s * s * s,
                          -(13.0 * std::cos(t) - 5.0 * std::cos(2 * t) - 2.0 * std::cos(3 * t) - std::cos(4 * t))});
    }
    return points;
}

// Signed area (shoelace) and the area-weighted centroid of one closed polygon.
void accumulate(const std::vector<Point2>& points, double sign, double& area, double& cx, double& cy)
{
    double a = 0, x = 0, y = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const Point2& p = points[i];
        const Point2& q = points[(i + 1) % points.size()];
        const double cross = p.x * q.y - q.x * p.y;
        a += cross;
        x += (p.x + q.x) * cross;
        y += (p.y + q.y) * cross;
    }
    a *= 0.5;
    const double s = sign * (a < 0 ? -1.0 : 1.0); // orientation independent
    area += s * a;
    cx += s * x / 6.0;
    cy += s * y / 6.0;
}

ShapeGeometry normalise(std::vector<Point2> outer, std::vector<std::vector<Point2>> holes = {})
{
    double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
    for (const auto& p : outer) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    const double scale = 1.0 / std::max(maxX - minX, maxY - minY);
    auto rescale = [&](std::vector<Point2>& points) {
        for (auto& p : points)
            p = {p.x * scale, p.y * scale};
    };
    rescale(outer);
    for (auto& hole : holes)
        rescale(hole);

    double area = 0, cx = 0, cy = 0;
    accumulate(outer, 1.0, area, cx, cy);
    for (const auto& hole : holes)
        accumulate(hole, -1.0, area, cx, cy);
    cx /= area;
    cy /= area;

    ShapeGeometry g;
    g.area = area;
    g.minX = g.minY = 1e9;
    g.maxX = g.maxY = -1e9;
    auto shift = [&](std::vector<Point2>& points) {
        for (auto& p : points) {
            p = {p.x - cx, p.y - cy};
            g.radius = std::max(g.radius, std::hypot(p.x, p.y));
            g.minX = std::min(g.minX, p.x);
            g.maxX = std::max(g.maxX, p.x);
            g.minY = std::min(g.minY, p.y);
            g.maxY = std::max(g.maxY, p.y);
        }
    };
    shift(outer);
    for (auto& hole : holes)
        shift(hole);
    g.outer = std::move(outer);
    g.holes = std::move(holes);
    return g;
}

ShapeGeometry build(Shape shape)
{
    switch (shape) {
    case Shape::Circle: return normalise(circlePoints(0.5));
    case Shape::Square: return normalise({{-0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}});
    case Shape::Triangle: return normalise(pointyPolygon(3, 1.0));
    case Shape::Star: return normalise(starPoints());
    case Shape::Hexagon: return normalise(pointyPolygon(6, 1.0));
    case Shape::Diamond: return normalise({{0, -0.5}, {-kDiamondWidth / 2, 0}, {0, 0.5}, {kDiamondWidth / 2, 0}});
    case Shape::Cross: return normalise(crossPoints());
    case Shape::Heart: return normalise(heartPoints());
    case Shape::Ring: return normalise(circlePoints(0.5), {circlePoints(0.5 * kRingInnerRatio)});
    }
    return normalise(circlePoints(0.5));
}

} // namespace

const ShapeGeometry& shapeGeometry(Shape shape)
{
    static const std::array<ShapeGeometry, kShapeCount> geometries = [] {
        std::array<ShapeGeometry, kShapeCount> all;
        for (Shape s : allValues<Shape, kShapeCount>())
            all[int(s)] = build(s);
        return all;
    }();
    return geometries[int(shape)];
}

} // namespace muse
