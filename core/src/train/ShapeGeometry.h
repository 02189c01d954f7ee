#pragma once
// The outline of each shape in unit coordinates: upright, fitting a square of side 1, and shifted
// so that its area centroid is the origin. Scenes place objects by centroid and extent, so the
// renderer (scale and translate these points) and the detector (centroid, area) agree exactly.

#include "train/SceneVocabulary.h"

#include <vector>

namespace muse {

struct Point2 {
    double x = 0.0;
    double y = 0.0; // image convention: grows downwards
};

struct ShapeGeometry {
    std::vector<Point2> outer;              // closed polygon (last point joins the first)
    std::vector<std::vector<Point2>> holes; // the ring's inner circle
    double area = 0.0;                      // at extent 1
    double radius = 0.0;                    // farthest outline point from the centroid
    double minX = 0.0, maxX = 0.0, minY = 0.0, maxY = 0.0; // bounding box around the centroid
};

// Built once, shared (thread-safe static initialisation).
const ShapeGeometry& shapeGeometry(Shape shape);

} // namespace muse
