#pragma once
// Reads a synthetic-scene image back into a structured description, and judges an image against
// the scene its caption came from. No learned weights: colour segmentation against the estimated
// background (the border's median), one connected component per object, then per object
//   - colour: the named colour whose line from the background colour best explains the object's
//     pixels (anti-aliased and blurred edge pixels lie on that line, so they vote too) and whose
//     end matches the object's solid centre (brown and orange are on one line from black);
//   - coverage α per pixel: the pixel's position along that line (linear unmixing, read mostly
//     from luma, which codecs keep sharper than chroma), which blur redistributes but does not
//     change in total;
//   - shape: the nearest template in a space of normalised central complex moments C_p0 (p = 2..6)
//     and C_21 of α. Under an isotropic Gaussian blur these are exactly invariant, so a blurry VQ
//     reconstruction reads like a sharp render; upright shapes make their phases informative
//     (a triangle's C_30 points up, a heart's down, a square's C_40 is negative, a diamond's
//     positive, a star's C_50 and a hexagon's C_60 stand out, the ring's spread is large);
//   - size: extent from the α area and the shape's area at unit extent.
// Rendering + judging one 64×64 image takes ~0.15 ms on one core.
//
//   SceneDetector detector;
//   DetectedScene found = detector.detect(image);
//   Judgement j = judgeImage(scene, image); // j.count, j.color, ..., j.all

#include "muse/Image.h"
#include "train/Scene.h"

#include <string>
#include <vector>

namespace muse {

struct DetectedObject {
    Color color = Color::Red;
    Shape shape = Shape::Circle;
    SizeClass size = SizeClass::Medium;
    double x = 0.0, y = 0.0; // centroid, fractions of the image side
    double extent = 0.0;     // fraction of the image side, from the area and the detected shape
    double area = 0.0;       // Σα in pixels
    double shapeDistance = 0.0; // to the chosen template, in tolerance units (≈ 0–3 for clean shapes)
    double colorError = 0.0;    // RMS distance of the object's pixels from its colour line (RGB units)
};

struct DetectedScene {
    Background background = Background::White;
    Rgb backgroundRgb;
    std::vector<DetectedObject> objects;
};

struct SceneDetectorOptions {
    // Pixels farther than this (RGB distance) from the background colour are foreground. Allowed
    // object/background pairs differ by ≥ 95, so a blurred edge still crosses it.
    double foregroundThreshold = 36.0;
    // Components smaller than this fraction of the image area are noise (JPEG ringing, specks).
    double minAreaFraction = 0.0035;
    // More components than this are not analysed (the count verdict is already wrong).
    int maxObjects = 16;
};

class SceneDetector {
public:
    explicit SceneDetector(SceneDetectorOptions options = {});
    // An RGB or RGBA image of any size ≥ 16 (alpha is ignored). Objects are sorted top to bottom.
    DetectedScene detect(const Image& image) const;

private:
    SceneDetectorOptions m_options;
};

enum class Verdict : uint8_t { NotApplicable, Right, Wrong };
const char* verdictName(Verdict verdict);

// Per-attribute verdicts of one image against its scene. Every attribute the caption states is
// judged; the others are NotApplicable.
//   count    the image has exactly as many objects as the caption names
//   color    the multiset of object colours matches
//   shape    the multiset of shapes matches
//   binding  the multiset of (colour, shape) pairs matches ("a red circle and a blue star" is
//            wrong when drawn as a blue circle and a red star, though colours and shapes are right)
//   size     each object with a stated size has it (objects matched as below)
//   position each stated region holds and the stated relation holds, for the objects matched to
//            the caption's objects by the best assignment (colour, shape, then position agreement)
//   background the stated background colour
//   all      every applicable verdict is Right
struct Judgement {
    Verdict count = Verdict::NotApplicable;
    Verdict color = Verdict::NotApplicable;
    Verdict shape = Verdict::NotApplicable;
    Verdict binding = Verdict::NotApplicable;
    Verdict size = Verdict::NotApplicable;
    Verdict position = Verdict::NotApplicable;
    Verdict background = Verdict::NotApplicable;
    Verdict all = Verdict::NotApplicable;
    int expectedObjects = 0;
    int detectedObjects = 0;
    std::string explanation; // what was wrong, for humans ("count: 3 for 2; color: ...")
};

Judgement judgeDetection(const Scene& scene, const DetectedScene& detected);
// judgeDetection(scene, SceneDetector().detect(image)).
Judgement judgeImage(const Scene& scene, const Image& image);

// One line describing a detection ("gray background; red circle (small) at 0.31,0.25; ...").
std::string describeDetection(const DetectedScene& detected);

} // namespace muse
