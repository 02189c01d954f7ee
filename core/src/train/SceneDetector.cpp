#include "train/SceneDetector.h"

#include "train/ShapeGeometry.h"
#include "train/SyntheticScenes.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdio>
#include <functional>
#include <numeric>
#include <sstream>

namespace muse {

namespace {

using Complex = std::complex<double>;

// ---- shape features ----------------------------------------------------------------------------

// Normalised central moments N_pq = C_pq / m00^((p+q)/2 + 1), C_pq = Σ α z^p z̄^q, z = (x − x̄) + i(y − ȳ).
// C_p0 and C_21 are invariant under isotropic Gaussian blur (the blur's complex moments E[n^k] vanish);
// N_11 (the spread) is not, so it gets a wide tolerance and serves mainly to tell the ring apart.
enum Feature { kSpread, kRe20, kIm20, kRe30, kIm30, kRe21, kIm21, kRe40, kIm40, kRe50, kIm50, kRe60, kIm60, kFeatureCount };

using FeatureVector = std::array<double, kFeatureCount>;

// Tolerances (the typical spread of a feature over small, blurred, JPEG-compressed renders, and
// more for the blur-dependent spread): distances are measured in these units.
constexpr FeatureVector kTolerance = {0.03,   0.004,  0.004,  0.003,  0.003,  0.002, 0.002,
                                      0.0025, 0.0025, 0.0015, 0.0015, 0.0006, 0.0006};

// ---- tuning (measured on 1000–3000 renders at 32, 64 and 128 px, clean, blurred σ = 1–1.5,
// JPEG 75–85 and with pixel noise; see tst_scenedetector) -----------------------------------------

// How far beyond the foreground mask an object's coverage is collected: a σ = 1 blur leaves
// < 1 % of it farther out.
constexpr float kRimPixels = 3.0f;
// Coverage below this is noise or JPEG ringing more often than a blurred edge.
constexpr float kAlphaFloor = 0.06f;
// The coverage map is smoothed (σ px) before it is clipped to [0, 1] and floored: a blur leaves
// the shape features unchanged, but it averages pixel noise away before the clip and floor would
// turn it into bias. With 0.5 noise σ = 12 costs 4 % of shapes instead of 6.5 %; much more
// smoothing starts to lose blurred small objects' rims under the floor.
constexpr double kNoiseSmoothing = 0.5;
// A colour's end may be missed by this fraction of its distance from the background without
// penalty: paint jitter, and the blur that keeps a small object's centre from full coverage.
constexpr double kInteriorSlack = 0.15;
// The object's paint may differ from the named colour by this factor along the colour line.
constexpr float kMinPaintScale = 0.88f, kMaxPaintScale = 1.12f;

struct Moments {
    double m00 = 0.0;
    double cx = 0.0, cy = 0.0; // centroid in pixels (continuous coordinates)
    FeatureVector features{};
};

// α is a row-major w×h patch whose top-left pixel is (x0, y0) in the image.
Moments computeMoments(const std::vector<float>& alpha, int w, int h, int x0, int y0)
{
    Moments m;
    double sx = 0, sy = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double a = alpha[std::size_t(y) * w + x];
            m.m00 += a;
            sx += a * (x + 0.5);
            sy += a * (y + 0.5);
        }
    if (m.m00 <= 0)
        return m;
    const double mx = sx / m.m00, my = sy / m.m00;
    m.cx = x0 + mx;
    m.cy = y0 + my;
    Complex c11 = 0, c20 = 0, c30 = 0, c21 = 0, c40 = 0, c50 = 0, c60 = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double a = alpha[std::size_t(y) * w + x];
            if (a == 0)
                continue;
            const Complex z(x + 0.5 - mx, y + 0.5 - my);
            const double r2 = std::norm(z);
            const Complex z2 = z * z, z3 = z2 * z;
            c11 += a * r2;
            c20 += a * z2;
            c30 += a * z3;
            c21 += a * z * r2;
            c40 += a * z2 * z2;
            c50 += a * z3 * z2;
            c60 += a * z3 * z3;
        }
    const double m00 = m.m00;
    auto norm = [m00](Complex c, int order) { return c / std::pow(m00, order / 2.0 + 1.0); };
    const Complex n20 = norm(c20, 2), n30 = norm(c30, 3), n21 = norm(c21, 3), n40 = norm(c40, 4),
                  n50 = norm(c50, 5), n60 = norm(c60, 6);
    // A pixel's own area adds 1/6 px² to the spread of a point sample; remove it so that small
    // renders match the continuous templates.
    m.features[kSpread] = norm(c11, 2).real() - 1.0 / (6.0 * m00);
    m.features[kRe20] = n20.real();
    m.features[kIm20] = n20.imag();
    m.features[kRe30] = n30.real();
    m.features[kIm30] = n30.imag();
    m.features[kRe21] = n21.real();
    m.features[kIm21] = n21.imag();
    m.features[kRe40] = n40.real();
    m.features[kIm40] = n40.imag();
    m.features[kRe50] = n50.real();
    m.features[kIm50] = n50.imag();
    m.features[kRe60] = n60.real();
    m.features[kIm60] = n60.imag();
    return m;
}

// The features of each shape, from a large render (where pixels no longer matter).
const std::array<FeatureVector, kShapeCount>& shapeTemplates()
{
    static const std::array<FeatureVector, kShapeCount> templates = [] {
        std::array<FeatureVector, kShapeCount> all{};
        constexpr int kSize = 256;
        for (Shape shape : allValues<Shape, kShapeCount>()) {
            Scene scene;
            scene.backgroundPaint = {0, 0, 0};
            SceneObject o;
            o.shape = shape;
            o.paint = {255, 255, 255};
            o.extent = 0.8;
            scene.objects.push_back(o);
            const Image image = renderScene(scene, kSize);
            std::vector<float> alpha(std::size_t(kSize) * kSize);
            for (std::size_t i = 0; i < alpha.size(); ++i)
                alpha[i] = image.pixels[i * 3] / 255.0f;
            all[int(shape)] = computeMoments(alpha, kSize, kSize, 0, 0).features;
        }
        return all;
    }();
    return templates;
}

double templateDistance(const FeatureVector& f, const FeatureVector& t)
{
    double d = 0;
    for (int k = 0; k < kFeatureCount; ++k) {
        const double e = (f[k] - t[k]) / kTolerance[k];
        d += e * e;
    }
    return std::sqrt(d);
}

// ---- colours ----------------------------------------------------------------------------------

struct Vec3 {
    float r = 0, g = 0, b = 0;
};

inline Vec3 toVec(Rgb c) { return {float(c.r), float(c.g), float(c.b)}; }
inline Vec3 sub(Vec3 a, Vec3 b) { return {a.r - b.r, a.g - b.g, a.b - b.b}; }
inline float dot(Vec3 a, Vec3 b) { return a.r * b.r + a.g * b.g + a.b * b.b; }
// Dot product in YCbCr with the chroma down-weighted: JPEG (and most codecs) keep luma sharper
// and finer than chroma, so coverage read mostly from luma is less noisy.
constexpr float kChromaWeight = 0.1f;
inline float lumaDot(Vec3 a, Vec3 b)
{
    auto y = [](Vec3 c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; };
    auto cb = [](Vec3 c) { return -0.168736f * c.r - 0.331264f * c.g + 0.5f * c.b; };
    auto cr = [](Vec3 c) { return 0.5f * c.r - 0.418688f * c.g - 0.081312f * c.b; };
    return y(a) * y(b) + kChromaWeight * (cb(a) * cb(b) + cr(a) * cr(b));
}

Background nearestBackground(Vec3 c)
{
    Background best = Background::White;
    float bestDistance = 1e30f;
    for (Background bg : allValues<Background, kBackgroundCount>()) {
        const Vec3 d = sub(c, toVec(backgroundRgb(bg)));
        if (dot(d, d) < bestDistance) {
            bestDistance = dot(d, d);
            best = bg;
        }
    }
    return best;
}

uint8_t medianOf(std::vector<uint8_t>& values)
{
    auto middle = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// The border's per-channel median: objects keep off the edges, so the frame is background.
Vec3 estimateBackground(const Image& image)
{
    std::vector<uint8_t> channel[3];
    auto take = [&](int x, int y) {
        const uint8_t* p = image.pixel(x, y);
        for (int c = 0; c < 3; ++c)
            channel[c].push_back(p[c]);
    };
    for (int x = 0; x < image.width; ++x) {
        take(x, 0);
        take(x, image.height - 1);
    }
    for (int y = 1; y + 1 < image.height; ++y) {
        take(0, y);
        take(image.width - 1, y);
    }
    return {float(medianOf(channel[0])), float(medianOf(channel[1])), float(medianOf(channel[2]))};
}

// Where along a colour line the object's solid interior lies (1 = exactly the named colour): the
// mean of its three highest projections. Thin shapes (a blurred cross) still have a solid centre,
// where a percentile would read their blurred arms. Reorders `projections`.
double interiorLevel(std::vector<float>& projections)
{
    if (projections.empty())
        return 0.0;
    const std::size_t k = std::min<std::size_t>(3, projections.size());
    std::partial_sort(projections.begin(), projections.begin() + std::ptrdiff_t(k), projections.end(), std::greater<float>());
    return std::accumulate(projections.begin(), projections.begin() + std::ptrdiff_t(k), 0.0) / double(k);
}

} // namespace

// ---- detection --------------------------------------------------------------------------------

SceneDetector::SceneDetector(SceneDetectorOptions options) : m_options(options)
{
    shapeTemplates(); // build once, before any concurrent use
}

DetectedScene SceneDetector::detect(const Image& image) const
{
    DetectedScene result;
    if (image.isEmpty() || image.channels < 3 || image.width < 8 || image.height < 8)
        return result;
    const int w = image.width, h = image.height;
    const Vec3 bg = estimateBackground(image);
    result.background = nearestBackground(bg);
    result.backgroundRgb = {uint8_t(std::lround(bg.r)), uint8_t(std::lround(bg.g)), uint8_t(std::lround(bg.b))};

    // Foreground: far enough from the background colour.
    cv::Mat foreground(h, w, CV_8UC1);
    std::vector<Vec3> offsets(std::size_t(w) * h);
    const float threshold2 = float(m_options.foregroundThreshold * m_options.foregroundThreshold);
    for (int y = 0; y < h; ++y) {
        uint8_t* row = foreground.ptr<uint8_t>(y);
        for (int x = 0; x < w; ++x) {
            const uint8_t* p = image.pixel(x, y);
            const Vec3 d = {p[0] - bg.r, p[1] - bg.g, p[2] - bg.b};
            offsets[std::size_t(y) * w + x] = d;
            row[x] = dot(d, d) > threshold2 ? 255 : 0;
        }
    }
    cv::Mat labels, stats, centroids;
    const int labelCount = cv::connectedComponentsWithStats(foreground, labels, stats, centroids, 8, CV_32S);
    const double minArea = std::max(4.0, m_options.minAreaFraction * w * h);
    std::vector<int> kept; // component labels that are objects
    for (int label = 1; label < labelCount; ++label)
        if (stats.at<int>(label, cv::CC_STAT_AREA) >= minArea)
            kept.push_back(label);
    if (int(kept.size()) > m_options.maxObjects) {
        std::sort(kept.begin(), kept.end(), [&](int a, int b) {
            return stats.at<int>(a, cv::CC_STAT_AREA) > stats.at<int>(b, cv::CC_STAT_AREA);
        });
        kept.resize(m_options.maxObjects);
    }
    if (kept.empty())
        return result;

    // Each pixel belongs to the nearest foreground component (a Voronoi partition), so the faint
    // blurred rim around an object is counted with it and never with a neighbour.
    cv::Mat notForeground = foreground == 0;
    cv::Mat distance, nearest;
    cv::distanceTransform(notForeground, distance, nearest, cv::DIST_L2, cv::DIST_MASK_5, cv::DIST_LABEL_PIXEL);
    std::vector<int> seedOwner(std::size_t(w) * h + 1, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (foreground.at<uint8_t>(y, x))
                seedOwner[std::size_t(nearest.at<int>(y, x))] = labels.at<int>(y, x);

    std::vector<Color> candidates;
    for (Color color : allValues<Color, kColorCount>())
        if (isColorAllowedOn(color, result.background))
            candidates.push_back(color);
    const auto& templates = shapeTemplates();
    const double side = std::min(w, h);

    std::vector<float> alpha;
    std::vector<float> projections;
    for (int label : kept) {
        const int bx = stats.at<int>(label, cv::CC_STAT_LEFT), by = stats.at<int>(label, cv::CC_STAT_TOP);
        const int bw = stats.at<int>(label, cv::CC_STAT_WIDTH), bh = stats.at<int>(label, cv::CC_STAT_HEIGHT);
        const int pad = int(std::ceil(kRimPixels)) + 1;
        const int x0 = std::max(0, bx - pad), y0 = std::max(0, by - pad);
        const int x1 = std::min(w, bx + bw + pad), y1 = std::min(h, by + bh + pad);
        const int pw = x1 - x0, ph = y1 - y0;
        auto owned = [&](int x, int y) {
            const int ownerSeed = nearest.at<int>(y, x);
            return seedOwner[std::size_t(ownerSeed)] == label && distance.at<float>(y, x) <= kRimPixels;
        };

        // Colour: the named colour whose background→colour line fits the object's pixels best,
        // and whose end matches the object's solid interior (brown and orange lie on nearly the
        // same line from black; only the interior tells them apart).
        Color bestColor = candidates.front();
        double bestError = 1e300;
        double bestResidual = 0;
        for (Color color : candidates) {
            const Vec3 v = sub(toVec(colorRgb(color)), bg);
            const float vv = std::max(1.0f, dot(v, v));
            double residual = 0;
            projections.clear();
            for (int y = by; y < by + bh; ++y)
                for (int x = bx; x < bx + bw; ++x) {
                    if (labels.at<int>(y, x) != label)
                        continue;
                    const Vec3& u = offsets[std::size_t(y) * w + x];
                    const float projection = dot(u, v) / vv;
                    const float t = std::clamp(projection, 0.0f, 1.0f);
                    const Vec3 r = {u.r - t * v.r, u.g - t * v.g, u.b - t * v.b};
                    residual += dot(r, r);
                    projections.push_back(projection);
                }
            if (projections.empty())
                continue;
            residual /= double(projections.size());
            const double interiorGap = std::max(0.0, std::abs(interiorLevel(projections) - 1.0) - kInteriorSlack) * std::sqrt(vv);
            const double error = residual + interiorGap * interiorGap;
            if (error < bestError) {
                bestError = error;
                bestColor = color;
                bestResidual = residual;
            }
        }

        // Coverage along the chosen line, scaled so that the object's solid interior is 1 even
        // when its paint is a little lighter or darker than the named colour.
        const Vec3 v = sub(toVec(colorRgb(bestColor)), bg);
        const float vv = std::max(1.0f, dot(v, v));
        const float lvv = std::max(1.0f, lumaDot(v, v));
        projections.clear();
        for (int y = by; y < by + bh; ++y)
            for (int x = bx; x < bx + bw; ++x)
                if (labels.at<int>(y, x) == label)
                    projections.push_back(lumaDot(offsets[std::size_t(y) * w + x], v) / lvv);
        const float scale = std::clamp(float(interiorLevel(projections)), kMinPaintScale, kMaxPaintScale);
        // Raw coverage, read mostly from luma, then smoothed, clipped and floored (see kNoiseSmoothing).
        cv::Mat raw(ph, pw, CV_32FC1, cv::Scalar(0));
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                if (!owned(x, y))
                    continue;
                const Vec3& u = offsets[std::size_t(y) * w + x];
                const float t = dot(u, v) / vv;
                const Vec3 r = {u.r - t * v.r, u.g - t * v.g, u.b - t * v.b};
                // Pixels far off the line are something else (another object's halo, noise).
                if (dot(r, r) > std::max(30.0f * 30.0f, 0.16f * vv))
                    continue;
                raw.at<float>(y - y0, x - x0) = lumaDot(u, v) / lvv / scale;
            }
        if (kNoiseSmoothing > 0)
            cv::GaussianBlur(raw, raw, cv::Size(0, 0), kNoiseSmoothing, kNoiseSmoothing, cv::BORDER_CONSTANT);
        alpha.assign(std::size_t(pw) * ph, 0.0f);
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x) {
                float a = std::min(raw.at<float>(y, x), 1.0f);
                alpha[std::size_t(y) * pw + x] = a < kAlphaFloor ? 0.0f : a;
            }
        Moments moments = computeMoments(alpha, pw, ph, x0, y0);
        if (moments.m00 > 0) // the smoothing's own spread, 2σ² per unit of area
            moments.features[kSpread] -= 2.0 * kNoiseSmoothing * kNoiseSmoothing / moments.m00;
        if (moments.m00 < minArea * 0.5)
            continue;

        Shape bestShape = Shape::Circle;
        double bestDistance = 1e300;
        for (Shape shape : allValues<Shape, kShapeCount>()) {
            const double d = templateDistance(moments.features, templates[int(shape)]);
            if (d < bestDistance) {
                bestDistance = d;
                bestShape = shape;
            }
        }
        DetectedObject o;
        o.color = bestColor;
        o.shape = bestShape;
        o.area = moments.m00;
        o.x = moments.cx / w;
        o.y = moments.cy / h;
        o.extent = std::sqrt(moments.m00 / shapeGeometry(bestShape).area) / side;
        o.size = sizeClassForExtent(o.extent);
        o.shapeDistance = bestDistance;
        o.colorError = std::sqrt(bestResidual);
        result.objects.push_back(o);
    }
    std::sort(result.objects.begin(), result.objects.end(), [](const DetectedObject& a, const DetectedObject& b) {
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return result;
}

// ---- judging ----------------------------------------------------------------------------------

const char* verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::NotApplicable: return "n/a";
    case Verdict::Right: return "right";
    case Verdict::Wrong: return "wrong";
    }
    return "n/a";
}

namespace {

Verdict verdictOf(bool right) { return right ? Verdict::Right : Verdict::Wrong; }

template <typename T>
std::string listNames(std::vector<T> items, const std::function<std::string(const T&)>& name)
{
    std::vector<std::string> names;
    for (const auto& item : items)
        names.push_back(name(item));
    std::sort(names.begin(), names.end());
    std::string text = "{";
    for (std::size_t i = 0; i < names.size(); ++i)
        text += (i ? ", " : "") + names[i];
    return text + "}";
}

// Best assignment of caption objects to detected objects (−1: none), by exhaustive search with
// pruning; scenes have at most a handful of objects.
class Matcher {
public:
    Matcher(const Scene& scene, const DetectedScene& detected) : m_scene(scene), m_detected(detected)
    {
        m_current.assign(scene.objects.size(), -1);
        m_best = m_current;
        m_used.assign(detected.objects.size(), false);
    }

    std::vector<int> solve()
    {
        search(0, 0.0);
        return m_best;
    }

    static constexpr double kMissing = 10.0;

private:
    double pairCost(int e, int d) const
    {
        const SceneObject& want = m_scene.objects[e];
        const DetectedObject& got = m_detected.objects[d];
        double cost = 0;
        cost += want.color != got.color ? 4.0 : 0.0;
        cost += want.shape != got.shape ? 4.0 : 0.0;
        cost += (want.mentionSize && want.size != got.size) ? 1.0 : 0.0;
        cost += (want.region && !isInRegion(*want.region, got.x, got.y)) ? 2.0 : 0.0;
        return cost;
    }

    double relationCost(const std::vector<int>& match) const
    {
        if (!m_scene.relation)
            return 0.0;
        const auto& r = *m_scene.relation;
        const int s = match[r.subject], o = match[r.object];
        if (s < 0 || o < 0)
            return 0.0; // already charged as missing
        const auto& a = m_detected.objects[s];
        const auto& b = m_detected.objects[o];
        return satisfiesRelation(r.relation, a.x, a.y, b.x, b.y) ? 0.0 : 2.0;
    }

    void search(std::size_t e, double cost)
    {
        if (cost >= m_bestCost)
            return;
        if (e == m_current.size()) {
            const double total = cost + relationCost(m_current);
            if (total < m_bestCost) {
                m_bestCost = total;
                m_best = m_current;
            }
            return;
        }
        for (std::size_t d = 0; d < m_used.size(); ++d) {
            if (m_used[d])
                continue;
            m_used[d] = true;
            m_current[e] = int(d);
            search(e + 1, cost + pairCost(int(e), int(d)));
            m_used[d] = false;
        }
        m_current[e] = -1;
        search(e + 1, cost + kMissing);
    }

    const Scene& m_scene;
    const DetectedScene& m_detected;
    std::vector<int> m_current, m_best;
    std::vector<bool> m_used;
    double m_bestCost = 1e300;
};

} // namespace

Judgement judgeDetection(const Scene& scene, const DetectedScene& detected)
{
    Judgement j;
    j.expectedObjects = int(scene.objects.size());
    j.detectedObjects = int(detected.objects.size());
    std::vector<std::string> problems;

    j.count = verdictOf(j.expectedObjects == j.detectedObjects);
    if (j.count == Verdict::Wrong)
        problems.push_back("count: " + std::to_string(j.detectedObjects) + " for " + std::to_string(j.expectedObjects));

    std::vector<int> wantColors, gotColors, wantShapes, gotShapes;
    std::vector<std::pair<int, int>> wantPairs, gotPairs;
    for (const auto& o : scene.objects) {
        wantColors.push_back(int(o.color));
        wantShapes.push_back(int(o.shape));
        wantPairs.emplace_back(int(o.color), int(o.shape));
    }
    for (const auto& o : detected.objects) {
        gotColors.push_back(int(o.color));
        gotShapes.push_back(int(o.shape));
        gotPairs.emplace_back(int(o.color), int(o.shape));
    }
    for (auto* v : {&wantColors, &gotColors, &wantShapes, &gotShapes})
        std::sort(v->begin(), v->end());
    std::sort(wantPairs.begin(), wantPairs.end());
    std::sort(gotPairs.begin(), gotPairs.end());

    const std::function<std::string(const int&)> colorText = [](const int& c) { return std::string(colorName(Color(c))); };
    const std::function<std::string(const int&)> shapeText = [](const int& s) { return std::string(shapeName(Shape(s))); };
    const std::function<std::string(const std::pair<int, int>&)> pairText = [](const std::pair<int, int>& p) {
        return std::string(colorName(Color(p.first))) + " " + shapeName(Shape(p.second));
    };
    j.color = verdictOf(wantColors == gotColors);
    if (j.color == Verdict::Wrong)
        problems.push_back("color: " + listNames(gotColors, colorText) + " for " + listNames(wantColors, colorText));
    j.shape = verdictOf(wantShapes == gotShapes);
    if (j.shape == Verdict::Wrong)
        problems.push_back("shape: " + listNames(gotShapes, shapeText) + " for " + listNames(wantShapes, shapeText));
    j.binding = verdictOf(wantPairs == gotPairs);
    if (j.binding == Verdict::Wrong && j.color == Verdict::Right && j.shape == Verdict::Right)
        problems.push_back("binding: " + listNames(gotPairs, pairText) + " for " + listNames(wantPairs, pairText));

    const std::vector<int> match = Matcher(scene, detected).solve();
    const bool anySize = std::any_of(scene.objects.begin(), scene.objects.end(), [](const SceneObject& o) { return o.mentionSize; });
    const bool anyRegion = std::any_of(scene.objects.begin(), scene.objects.end(), [](const SceneObject& o) { return o.region.has_value(); });
    if (anySize) {
        bool right = true;
        for (std::size_t e = 0; e < scene.objects.size(); ++e) {
            const SceneObject& want = scene.objects[e];
            if (!want.mentionSize)
                continue;
            if (match[e] < 0 || detected.objects[match[e]].size != want.size) {
                right = false;
                problems.push_back(std::string("size: ") + colorName(want.color) + " " + shapeName(want.shape) + " should be " +
                                   sizeClassName(want.size) +
                                   (match[e] < 0 ? " (not found)" : std::string(", is ") + sizeClassName(detected.objects[match[e]].size)));
            }
        }
        j.size = verdictOf(right);
    }
    if (anyRegion || scene.relation) {
        bool right = true;
        for (std::size_t e = 0; e < scene.objects.size(); ++e) {
            const SceneObject& want = scene.objects[e];
            if (!want.region)
                continue;
            if (match[e] < 0 || !isInRegion(*want.region, detected.objects[match[e]].x, detected.objects[match[e]].y)) {
                right = false;
                problems.push_back(std::string("position: ") + colorName(want.color) + " " + shapeName(want.shape) +
                                   " not " + regionName(*want.region));
            }
        }
        if (scene.relation) {
            const auto& r = *scene.relation;
            const int s = match[r.subject], o = match[r.object];
            const bool holds = s >= 0 && o >= 0 &&
                               satisfiesRelation(r.relation, detected.objects[s].x, detected.objects[s].y,
                                                 detected.objects[o].x, detected.objects[o].y);
            if (!holds) {
                right = false;
                problems.push_back(std::string("relation: ") + shapeName(scene.objects[r.subject].shape) + " not " +
                                   relationName(r.relation) + " " + shapeName(scene.objects[r.object].shape));
            }
        }
        j.position = verdictOf(right);
    }
    if (scene.mentionBackground) {
        j.background = verdictOf(detected.background == scene.background);
        if (j.background == Verdict::Wrong)
            problems.push_back(std::string("background: ") + backgroundName(detected.background) + " for " +
                               backgroundName(scene.background));
    }
    bool all = true;
    for (Verdict v : {j.count, j.color, j.shape, j.binding, j.size, j.position, j.background})
        all = all && v != Verdict::Wrong;
    j.all = verdictOf(all);
    for (std::size_t i = 0; i < problems.size(); ++i)
        j.explanation += (i ? "; " : "") + problems[i];
    return j;
}

Judgement judgeImage(const Scene& scene, const Image& image)
{
    static const SceneDetector detector;
    return judgeDetection(scene, detector.detect(image));
}

std::string describeDetection(const DetectedScene& detected)
{
    std::ostringstream out;
    out << backgroundName(detected.background) << " background";
    char buffer[64];
    for (const auto& o : detected.objects) {
        std::snprintf(buffer, sizeof buffer, " at %.2f,%.2f", o.x, o.y);
        out << "; " << colorName(o.color) << " " << shapeName(o.shape) << " (" << sizeClassName(o.size) << ")" << buffer;
    }
    return out.str();
}

} // namespace muse
