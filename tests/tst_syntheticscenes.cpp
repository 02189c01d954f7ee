// The synthetic text–image data: determinism by seed, what captions say, held-out disjointness,
// layout rules, rendering at several sizes and the scene JSON.

#include "train/SceneDetector.h"
#include "train/PartialCaptionExample.h"
#include "train/SceneEdit.h"
#include "train/ShapeGeometry.h"
#include "train/SyntheticScenes.h"

#include "muse/Engine.h"
#include "muse/T5Tokenizer.h"

#include <QtTest>

#include <cmath>
#include <set>
#include <unordered_set>

using namespace muse;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Coverage of a pixel by an object painted `paint` over `bg`, read back from the rendered colour.
double coverage(const uint8_t* pixel, Rgb bg, Rgb paint)
{
    const double d[3] = {double(paint.r) - bg.r, double(paint.g) - bg.g, double(paint.b) - bg.b};
    const double u[3] = {double(pixel[0]) - bg.r, double(pixel[1]) - bg.g, double(pixel[2]) - bg.b};
    return (u[0] * d[0] + u[1] * d[1] + u[2] * d[2]) / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

Scene oneObjectScene(Shape shape, double extent, double x, double y)
{
    Scene scene;
    scene.background = Background::White;
    scene.backgroundPaint = backgroundRgb(Background::White);
    SceneObject o;
    o.shape = shape;
    o.color = Color::Blue;
    o.paint = colorRgb(Color::Blue);
    o.extent = extent;
    o.x = x;
    o.y = y;
    scene.objects.push_back(o);
    return scene;
}

} // namespace

class TestSyntheticScenes : public QObject {
    Q_OBJECT

private slots:
    void shapeGeometryIsNormalised()
    {
        for (Shape shape : allValues<Shape, kShapeCount>()) {
            const ShapeGeometry& g = shapeGeometry(shape);
            const double extent = std::max(g.maxX - g.minX, g.maxY - g.minY);
            QVERIFY2(std::abs(extent - 1.0) < 1e-9, shapeName(shape));
            QVERIFY(g.area > 0.2 && g.area <= 1.0);
            // The centroid is the origin: the signed first moments of the outline's triangles vanish.
            double sx = 0, sy = 0, a = 0;
            auto add = [&](const std::vector<Point2>& points, double sign) {
                for (std::size_t i = 0; i < points.size(); ++i) {
                    const Point2 p = points[i], q = points[(i + 1) % points.size()];
                    const double cross = p.x * q.y - q.x * p.y;
                    sx += sign * (p.x + q.x) * cross;
                    sy += sign * (p.y + q.y) * cross;
                    a += sign * cross;
                }
            };
            add(g.outer, 1.0);
            for (const auto& hole : g.holes)
                add(hole, 1.0);
            QVERIFY2(std::abs(sx / (3 * a)) < 1e-9 && std::abs(sy / (3 * a)) < 1e-9, shapeName(shape));
        }
        QCOMPARE(shapeGeometry(Shape::Square).area, 1.0);
        QVERIFY(std::abs(shapeGeometry(Shape::Circle).area - M_PI / 4) < 1e-3);
        QCOMPARE(int(shapeGeometry(Shape::Ring).holes.size()), 1);
        // Triangle points up: its centroid sits below the middle of its box.
        QVERIFY(shapeGeometry(Shape::Triangle).minY < -0.5);
        QVERIFY(shapeGeometry(Shape::Heart).maxY > 0.5); // the heart's point is at the bottom
    }

    void deterministicBySeed()
    {
        SceneSampler a(42), b(42), c(43);
        int differentFromOtherSeed = 0;
        for (int i = 0; i < 300; ++i) {
            const LabeledScene x = a.exampleAt(uint64_t(i));
            const LabeledScene y = b.exampleAt(uint64_t(i));
            QCOMPARE(x.caption, y.caption);
            QCOMPARE(sceneToJson(x.scene).dump(), sceneToJson(y.scene).dump());
            differentFromOtherSeed += x.caption != c.exampleAt(uint64_t(i)).caption ? 1 : 0;
        }
        QVERIFY(differentFromOtherSeed > 290);
        // Sequential use walks the same indices.
        SceneSampler sequential(42);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(sequential.nextExample().caption, a.exampleAt(uint64_t(i)).caption);
        // Same scene, same pixels.
        const Scene scene = a.sceneAt(7);
        QVERIFY(renderScene(scene, 64).pixels == renderScene(scene, 64).pixels);
        // Fixed values: changing them silently would change every data set made with seed 42.
        SceneRng rng(42);
        QCOMPARE(rng.nextU64(), uint64_t(0xBDD732262FEB6E95ull));
        const std::string first = a.exampleAt(0).caption;
        QVERIFY(!first.empty());
    }

    void captionNamesEveryObject()
    {
        SceneSampler sampler(7);
        int counts[kSceneKindCount] = {};
        std::set<std::string> captions;
        for (int i = 0; i < 5000; ++i) {
            const LabeledScene ex = sampler.exampleAt(uint64_t(i));
            const std::string& caption = ex.caption;
            captions.insert(caption);
            ++counts[int(ex.scene.kind)];
            for (const auto& o : ex.scene.objects) {
                // Colour and shape always stand together, so the binding is in the text.
                const std::string singular = std::string(colorName(o.color)) + " " + shapeName(o.shape);
                const std::string plural = std::string(colorName(o.color)) + " " + shapePlural(o.shape);
                QVERIFY2(contains(caption, singular) || contains(caption, plural), caption.c_str());
                if (o.mentionSize) {
                    const bool sized = o.size == SizeClass::Small ? (contains(caption, "small") || contains(caption, "tiny"))
                                     : o.size == SizeClass::Large ? (contains(caption, "large") || contains(caption, "big"))
                                                                  : contains(caption, "medium");
                    QVERIFY2(sized, caption.c_str());
                }
                if (o.region) {
                    const Region r = *o.region;
                    const bool vertical = regionRow(r) == 0 ? (contains(caption, "top") || contains(caption, "upper"))
                                        : regionRow(r) == 2 ? (contains(caption, "bottom") || contains(caption, "lower"))
                                                            : true;
                    const bool horizontal = regionColumn(r) == 0 ? contains(caption, "left")
                                          : regionColumn(r) == 2 ? contains(caption, "right")
                                                                 : true;
                    QVERIFY2(vertical && horizontal, caption.c_str());
                    if (r == Region::Center)
                        QVERIFY2(contains(caption, "center") || contains(caption, "middle"), caption.c_str());
                }
            }
            if (ex.scene.kind == SceneKind::Count) {
                const int n = int(ex.scene.objects.size());
                static const char* const words[] = {"", "", "two", "three", "four"};
                QVERIFY2(contains(caption, words[n]) || contains(caption, std::to_string(n) + " "), caption.c_str());
            }
            if (ex.scene.relation) {
                const Relation r = ex.scene.relation->relation;
                const bool vertical = r == Relation::Above || r == Relation::Below;
                const bool stated = vertical ? (contains(caption, "above") || contains(caption, "over") || contains(caption, "below") ||
                                                contains(caption, "under") || contains(caption, "beneath"))
                                             : (contains(caption, "left of") || contains(caption, "right of"));
                QVERIFY2(stated, caption.c_str());
            }
            if (ex.scene.mentionBackground)
                QVERIFY2(contains(caption, std::string(backgroundName(ex.scene.background)) + " background"), caption.c_str());
            else
                QVERIFY2(!contains(caption, "background"), caption.c_str());
        }
        for (int k = 0; k < kSceneKindCount; ++k)
            QVERIFY2(counts[k] > 500, sceneKindName(SceneKind(k)));
        QVERIFY(captions.size() > 4700); // varied: only short single-object captions repeat
    }

    void partialCaptionsNameOnlyTheHiddenObjects()
    {
        SceneSampler sampler(11);
        const int grid = 16;
        int groups = 0;
        for (int i = 0; i < 600; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            SceneRng rng(99, uint64_t(i));
            const PartialCaptionExample ex = partialCaptionExample(scene, grid, rng);
            QVERIFY(!ex.objects.empty());
            QCOMPARE(int(ex.region.size()), grid * grid);
            const SceneObject& first = scene.objects[std::size_t(ex.objects.front())];
            auto named = [&](const SceneObject& o) {
                return contains(ex.caption, std::string(colorName(o.color)) + " " + shapeName(o.shape)) ||
                       contains(ex.caption, std::string(colorName(o.color)) + " " + shapePlural(o.shape));
            };
            groups += ex.objects.size() > 1;
            for (std::size_t k = 0; k < scene.objects.size(); ++k) {
                const SceneObject& o = scene.objects[k];
                const bool hidden = std::find(ex.objects.begin(), ex.objects.end(), int(k)) != ex.objects.end();
                // The group is every object of the chosen colour and shape, and the caption names it alone.
                QCOMPARE(hidden, o.color == first.color && o.shape == first.shape);
                QVERIFY2(named(o) == hidden, ex.caption.c_str());
                if (!hidden)
                    continue;
                // The token under the object's centre is hidden; tokens farther than its half extent
                // plus the largest margin (two tokens) and one cell are not, unless another hidden
                // object is near them.
                QVERIFY(ex.region[std::size_t(int(o.y * grid)) * grid + std::size_t(int(o.x * grid))]);
            }
            for (int y = 0; y < grid; ++y)
                for (int x = 0; x < grid; ++x) {
                    const double cx = (x + 0.5) / grid, cy = (y + 0.5) / grid;
                    const bool near = std::any_of(ex.objects.begin(), ex.objects.end(), [&](int k) {
                        const SceneObject& o = scene.objects[std::size_t(k)];
                        const double reach = o.extent / 2 + 3.0 / grid;
                        return std::abs(cx - o.x) <= reach && std::abs(cy - o.y) <= reach;
                    });
                    if (!near)
                        QVERIFY2(!ex.region[std::size_t(y * grid + x)], ex.caption.c_str());
                }
            for (const char* word : {"background", "above", "below", "left of", "right of", "top", "bottom", "small", "large"})
                QVERIFY2(!contains(ex.caption, word), ex.caption.c_str());
        }
        QVERIFY(groups > 30); // groups of identical objects are hidden together
        QVERIFY(partialCaptionExample(Scene(), grid, *std::make_unique<SceneRng>(1, 0)).objects.empty());

        // Holes under the whole caption: object groups' holes, or strips along one side a quarter to
        // three fifths of the image wide.
        int strips = 0, objectHoles = 0;
        for (int i = 0; i < 400; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            SceneRng rng(7, uint64_t(i));
            const std::vector<uint8_t> region = wholeCaptionHole(scene, grid, rng);
            QCOMPARE(int(region.size()), grid * grid);
            auto at = [&](int x, int y) { return region[std::size_t(y * grid + x)] != 0; };
            int columns = 0, rows = 0; // whole columns / rows hidden
            for (int k = 0; k < grid; ++k) {
                bool column = true, row = true;
                for (int j = 0; j < grid; ++j) {
                    column = column && at(k, j);
                    row = row && at(j, k);
                }
                columns += column;
                rows += row;
            }
            const int hidden = int(std::count(region.begin(), region.end(), uint8_t(1)));
            QVERIFY(hidden > 0);
            // A band of 4-10 whole columns or rows along a side (the first or last one hidden); a large
            // object's hole can look like a wider band.
            const int width = std::max(columns, rows);
            const bool band = (columns * grid == hidden && (at(0, 0) || at(grid - 1, 0))) ||
                              (rows * grid == hidden && (at(0, 0) || at(0, grid - 1)));
            if (band && width >= 4 && width <= 10) {
                ++strips;
            } else {
                ++objectHoles;
            }
        }
        QVERIFY2(strips > 150 && objectHoles > 150, qPrintable(QString("%1 strips, %2 object holes").arg(strips).arg(objectHoles)));
    }

    void sceneEditsChangeOneGroup()
    {
        // An edit (muse eval --task edit, muse train base --edit-examples) changes every object of one
        // colour–shape pair to one new pair, of the kind asked, that training shows, the scene does not
        // already have, and the background shows; everything else stays as it was.
        SceneSampler sampler(17);
        int made[2] = {0, 0};
        for (int i = 0; i < 400; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            for (const EditKind kind : {EditKind::Recolour, EditKind::Reshape}) {
                SceneRng rng(5, uint64_t(i) * 2 + (kind == EditKind::Reshape));
                const std::optional<SceneEdit> edit = editScene(scene, kind, rng);
                if (!edit)
                    continue;
                ++made[kind == EditKind::Reshape];
                QCOMPARE(edit->kind, kind);
                QVERIFY(!edit->changed.empty());
                QCOMPARE(edit->scene.objects.size(), scene.objects.size());
                QCOMPARE(edit->scene.background, scene.background);
                const SceneObject& before = scene.objects[std::size_t(edit->changed.front())];
                const SceneObject& after = edit->scene.objects[std::size_t(edit->changed.front())];
                QVERIFY(!isHeldOutPair(after.color, after.shape));
                QVERIFY(isColorAllowedOn(after.color, scene.background));
                if (kind == EditKind::Recolour)
                    QVERIFY(after.color != before.color && after.shape == before.shape);
                else
                    QVERIFY(after.shape != before.shape && after.color == before.color);
                for (std::size_t k = 0; k < scene.objects.size(); ++k) {
                    const SceneObject& o = scene.objects[k];
                    const SceneObject& e = edit->scene.objects[k];
                    const bool changed = std::find(edit->changed.begin(), edit->changed.end(), int(k)) != edit->changed.end();
                    QCOMPARE(changed, o.color == before.color && o.shape == before.shape);
                    QCOMPARE(e.x, o.x);
                    QCOMPARE(e.y, o.y);
                    QCOMPARE(e.extent, o.extent);
                    if (changed)
                        QVERIFY(e.color == after.color && e.shape == after.shape);
                    else
                        QVERIFY(e.color == o.color && e.shape == o.shape && !(e.color == after.color && e.shape == after.shape));
                }
            }
        }
        QVERIFY2(made[0] > 300 && made[1] > 300, qPrintable(QString("%1 recolours, %2 reshapes").arg(made[0]).arg(made[1])));
    }

    void allButOneObjectGroupIsHidden()
    {
        // --object-holes: a scene with two or more object groups shows one group under its bounding
        // square and hides every other token; a relation's subject or object, both about equally.
        const int grid = 16;
        const SceneSampler sampler(5);
        int subjects = 0, objects = 0, others = 0, single = 0;
        for (int i = 0; i < 600; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            SceneRng rng(11, uint64_t(i));
            const std::vector<uint8_t> region = allButOneObjectGroup(scene, grid, rng);
            if (countDistinctPairs(scene) < 2) {
                QVERIFY(region.empty());
                ++single;
                continue;
            }
            QCOMPARE(int(region.size()), grid * grid);
            SceneRng again(11, uint64_t(i));
            QVERIFY(allButOneObjectGroup(scene, grid, again) == region); // deterministic
            auto squareCells = [&](const SceneObject& o) {
                std::vector<std::size_t> cells;
                const int x0 = int(std::floor((o.x - o.extent / 2) * grid)), x1 = int(std::ceil((o.x + o.extent / 2) * grid)) - 1;
                const int y0 = int(std::floor((o.y - o.extent / 2) * grid)), y1 = int(std::ceil((o.y + o.extent / 2) * grid)) - 1;
                for (int y = std::max(0, y0); y <= std::min(grid - 1, y1); ++y)
                    for (int x = std::max(0, x0); x <= std::min(grid - 1, x1); ++x)
                        cells.push_back(std::size_t(y * grid + x));
                return cells;
            };
            auto centreShown = [&](const SceneObject& o) {
                return !region[std::size_t(int(o.y * grid)) * grid + std::size_t(int(o.x * grid))];
            };
            // The shown objects are one colour–shape group, every token of their squares in view, and
            // every token outside those squares hidden.
            std::vector<uint8_t> shownCells(region.size(), 0);
            const SceneObject* shownOne = nullptr;
            for (const SceneObject& o : scene.objects)
                if (centreShown(o)) {
                    if (shownOne)
                        QVERIFY(o.color == shownOne->color && o.shape == shownOne->shape);
                    shownOne = &o;
                    for (std::size_t cell : squareCells(o)) {
                        QVERIFY(!region[cell]);
                        shownCells[cell] = 1;
                    }
                }
            QVERIFY(shownOne != nullptr);
            for (std::size_t cell = 0; cell < region.size(); ++cell)
                QCOMPARE(region[cell] != 0, !shownCells[cell]);
            if (scene.relation) {
                const bool subject = centreShown(scene.objects[std::size_t(scene.relation->subject)]);
                const bool object = centreShown(scene.objects[std::size_t(scene.relation->object)]);
                QVERIFY(subject != object);
                subjects += subject;
                objects += object;
            } else {
                ++others;
            }
        }
        QVERIFY2(subjects > 30 && objects > 30 && others > 100 && single > 60,
                 qPrintable(QString("%1 subjects, %2 objects, %3 other scenes, %4 with one group")
                                .arg(subjects).arg(objects).arg(others).arg(single)));
    }

    void captionWordingVaries()
    {
        // The same scene gets different wordings from different caption streams.
        const Scene scene = SceneSampler(3).sceneAt(11);
        std::set<std::string> wordings;
        for (uint64_t s = 0; s < 200; ++s) {
            SceneRng rng(s);
            wordings.insert(captionScene(scene, rng));
        }
        QVERIFY(wordings.size() >= 6);

        // A relation can be read from either side, and articles agree with the next word.
        Scene related;
        related.background = Background::Gray;
        related.backgroundPaint = backgroundRgb(Background::Gray);
        SceneObject a, b;
        a.shape = Shape::Square;
        a.color = Color::Blue;
        b.shape = Shape::Triangle;
        b.color = Color::Orange;
        related.objects = {a, b};
        related.relation = SceneRelation{0, 1, Relation::Above};
        related.kind = SceneKind::Related;
        bool sawForward = false, sawInverse = false;
        for (uint64_t s = 0; s < 200; ++s) {
            SceneRng rng(s);
            const std::string caption = captionScene(related, rng);
            QVERIFY2(contains(caption, "an orange triangle") || contains(caption, "one orange triangle"), caption.c_str());
            sawForward = sawForward || contains(caption, "blue square above") || contains(caption, "blue square is above") ||
                         contains(caption, "blue square over") || contains(caption, "blue square is over");
            sawInverse = sawInverse || contains(caption, "triangle below") || contains(caption, "triangle under") ||
                         contains(caption, "triangle beneath") || contains(caption, "triangle is below") ||
                         contains(caption, "triangle is under") || contains(caption, "triangle is beneath");
        }
        QVERIFY(sawForward);
        QVERIFY(sawInverse);

        // RelationSide::UpperFirst names the upper (left) object first, whichever way the scene stores it.
        const struct {
            Relation stored;
            const char* first; // the caption's first object and the words that may follow it
            std::vector<std::string> words;
        } kUpperFirst[] = {
            {Relation::Above, "blue square", {"above", "over"}},
            {Relation::Below, "orange triangle", {"above", "over"}},
            {Relation::LeftOf, "blue square", {"left of"}},
            {Relation::RightOf, "orange triangle", {"left of"}},
        };
        for (const auto& c : kUpperFirst) {
            related.relation = SceneRelation{0, 1, c.stored};
            for (uint64_t s = 0; s < 100; ++s) {
                SceneRng rng(s);
                const std::string caption = captionScene(related, rng, RelationSide::UpperFirst);
                const std::size_t first = caption.find(c.first);
                const std::size_t other = caption.find(std::string(c.first) == "blue square" ? "orange triangle" : "blue square");
                QVERIFY2(first != std::string::npos && other != std::string::npos && first < other, caption.c_str());
                bool worded = false;
                for (const std::string& w : c.words)
                    worded = worded || contains(caption.substr(first, other - first), w);
                QVERIFY2(worded, caption.c_str());
            }
        }
    }

    void layoutRules()
    {
        SceneSampler sampler(99);
        for (int i = 0; i < 3000; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            QVERIFY(!scene.objects.empty() && scene.objects.size() <= 4);
            for (std::size_t a = 0; a < scene.objects.size(); ++a) {
                const SceneObject& o = scene.objects[a];
                const ShapeGeometry& g = shapeGeometry(o.shape);
                QVERIFY(isColorAllowedOn(o.color, scene.background));
                QVERIFY(o.x + g.minX * o.extent >= 0.0 && o.x + g.maxX * o.extent <= 1.0);
                QVERIFY(o.y + g.minY * o.extent >= 0.0 && o.y + g.maxY * o.extent <= 1.0);
                QVERIFY(std::abs(o.extent / nominalExtent(o.size) - 1.0) <= 0.0601);
                if (o.region)
                    QVERIFY(isInRegion(*o.region, o.x, o.y));
                for (std::size_t b = a + 1; b < scene.objects.size(); ++b) {
                    const SceneObject& p = scene.objects[b];
                    const double gap = std::hypot(o.x - p.x, o.y - p.y) - g.radius * o.extent -
                                       shapeGeometry(p.shape).radius * p.extent;
                    QVERIFY(gap >= 0.069); // objects never touch, even when blurred
                }
            }
            if (scene.relation) {
                const auto& r = *scene.relation;
                const auto& s = scene.objects[r.subject];
                const auto& o = scene.objects[r.object];
                QVERIFY(satisfiesRelation(r.relation, s.x, s.y, o.x, o.y));
                QVERIFY(!(s.color == o.color && s.shape == o.shape));
            }
        }
    }

    void layoutGrid()
    {
        // Default: every bounding square covers whole cells of the 8×8 grid (centre on a grid line
        // when it covers an even number of cells, on a cell centre when odd); sizes and colours exact.
        constexpr int grid = 8;
        SceneSampler sampler(5);
        std::set<int> columns;
        for (int i = 0; i < 2000; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            QCOMPARE(int(scene.backgroundPaint.r), int(backgroundRgb(scene.background).r));
            QCOMPARE(int(scene.backgroundPaint.b), int(backgroundRgb(scene.background).b));
            for (const SceneObject& o : scene.objects) {
                const ShapeGeometry& g = shapeGeometry(o.shape);
                QCOMPARE(o.extent, nominalExtent(o.size));
                QVERIFY(o.paint.r == colorRgb(o.color).r && o.paint.g == colorRgb(o.color).g && o.paint.b == colorRgb(o.color).b);
                const int cells = int(std::ceil(o.extent * grid - 1e-9));
                const double phase = cells % 2 == 0 ? 0.0 : 0.5;
                const double cx = (o.x + 0.5 * (g.minX + g.maxX) * o.extent) * grid - phase;
                const double cy = (o.y + 0.5 * (g.minY + g.maxY) * o.extent) * grid - phase;
                QVERIFY2(std::abs(cx - std::round(cx)) < 1e-9 && std::abs(cy - std::round(cy)) < 1e-9,
                         qPrintable(QString("scene %1: centre %2, %3 off the grid").arg(i).arg(cx).arg(cy)));
                columns.insert(int(std::round(cx)));
            }
        }
        QVERIFY(columns.size() >= 6); // the grid still spreads objects over the image

        // The point of the grid: one object one cell further right is the same pixels, moved.
        const double extent = nominalExtent(SizeClass::Medium);
        const ShapeGeometry& heart = shapeGeometry(Shape::Heart);
        const double x = (2.5 / grid) - 0.5 * (heart.minX + heart.maxX) * extent;
        const double y = (3.5 / grid) - 0.5 * (heart.minY + heart.maxY) * extent;
        const Image a = renderScene(oneObjectScene(Shape::Heart, extent, x, y), 64);
        const Image b = renderScene(oneObjectScene(Shape::Heart, extent, x + 1.0 / grid, y), 64);
        const Rgb white = backgroundRgb(Background::White);
        int painted = 0;
        for (int py = 0; py < 64; ++py)
            for (int px = 0; px + 8 < 64; ++px) {
                for (int c = 0; c < 3; ++c)
                    QCOMPARE(int(a.pixel(px, py)[c]), int(b.pixel(px + 8, py)[c]));
                painted += a.pixel(px, py)[0] != white.r || a.pixel(px, py)[2] != white.b ? 1 : 0;
            }
        QVERIFY2(painted > 150 && painted < 600, qPrintable(QString::number(painted))); // a 19-px heart

        // The free layout keeps continuous positions and jittered sizes and colours.
        SceneSamplerOptions free;
        free.layoutGrid = 0;
        free.jitter = true;
        SceneSampler freeSampler(5, free);
        int offGrid = 0, jitteredExtent = 0, objects = 0;
        for (int i = 0; i < 200; ++i)
            for (const SceneObject& o : freeSampler.sceneAt(uint64_t(i)).objects) {
                ++objects;
                offGrid += std::abs(o.x * 2 * grid - std::round(o.x * 2 * grid)) > 1e-6 ? 1 : 0;
                jitteredExtent += o.extent != nominalExtent(o.size) ? 1 : 0;
            }
        QVERIFY(offGrid > objects * 9 / 10);
        QVERIFY(jitteredExtent > objects * 9 / 10);
    }

    void paintJitterKeepsTheScenes()
    {
        // The same scenes (layout, sizes, colours named, captions) with paints off their named
        // colours by at most ±8 levels (backgrounds ±6), and exact extents: the layout grid's
        // token patterns stay.
        SceneSamplerOptions jittered;
        jittered.paintJitter = true;
        const SceneSampler exact(9), painted(9, jittered);
        int objects = 0, offPaint = 0, offBackground = 0;
        for (int i = 0; i < 300; ++i) {
            const LabeledScene a = exact.exampleAt(uint64_t(i)), b = painted.exampleAt(uint64_t(i));
            QCOMPARE(b.caption, a.caption);
            QCOMPARE(int(b.scene.objects.size()), int(a.scene.objects.size()));
            const Rgb bgA = a.scene.backgroundPaint, bgB = b.scene.backgroundPaint;
            QCOMPARE(bgA.r, backgroundRgb(a.scene.background).r);
            QVERIFY(std::abs(bgB.r - bgA.r) <= 6 && std::abs(bgB.g - bgA.g) <= 6 && std::abs(bgB.b - bgA.b) <= 6);
            offBackground += bgB.r != bgA.r || bgB.g != bgA.g || bgB.b != bgA.b ? 1 : 0;
            for (std::size_t k = 0; k < a.scene.objects.size(); ++k) {
                const SceneObject &oa = a.scene.objects[k], &ob = b.scene.objects[k];
                ++objects;
                QCOMPARE(ob.x, oa.x);
                QCOMPARE(ob.y, oa.y);
                QCOMPARE(ob.extent, nominalExtent(oa.size));
                QCOMPARE(int(ob.color), int(oa.color));
                QVERIFY(std::abs(ob.paint.r - oa.paint.r) <= 8 && std::abs(ob.paint.g - oa.paint.g) <= 8 &&
                        std::abs(ob.paint.b - oa.paint.b) <= 8);
                offPaint += ob.paint.r != oa.paint.r || ob.paint.g != oa.paint.g || ob.paint.b != oa.paint.b ? 1 : 0;
            }
        }
        QVERIFY2(offPaint > objects * 9 / 10, qPrintable(QString("%1 of %2").arg(offPaint).arg(objects)));
        QVERIFY(offBackground > 270);
        // The detector still reads jittered renders as their scenes.
        // over several scenes: the detector reads jittered renders as their scenes.
        for (int i = 0; i < 20; ++i) {
            const LabeledScene c = painted.exampleAt(uint64_t(i));
            const Judgement judged = judgeImage(c.scene, renderScene(c.scene, 128));
            QVERIFY2(judged.all == Verdict::Right, (c.caption + ": " + judged.explanation).c_str());
        }
    }

    void heldOutCombinationsNeverInTraining()
    {
        // Every colour and shape of a held-out pair still occurs in training.
        for (const auto& p : heldOutPairs()) {
            QVERIFY(isHeldOutPair(p.color, p.shape));
            QVERIFY(!isHeldOutPair(p.color, p.shape == Shape::Circle ? Shape::Square : Shape::Circle));
        }
        for (const auto& t : heldOutTriples()) {
            QVERIFY(isHeldOutTriple(t.subject, t.relation, t.object));
            QVERIFY(isHeldOutTriple(t.object, inverseRelation(t.relation), t.subject)); // the other phrasing
            QVERIFY(!isHeldOutTriple(t.object, t.relation, t.subject));
        }

        const std::vector<LabeledScene> heldOut = generateEvalScenes(3000, 5);
        std::unordered_set<std::string> heldOutCaptions;
        int withTriple = 0;
        for (const auto& ex : heldOut) {
            QVERIFY(usesHeldOutCombination(ex.scene));
            heldOutCaptions.insert(ex.caption);
            if (ex.scene.relation) {
                const auto& r = *ex.scene.relation;
                withTriple += isHeldOutTriple(ex.scene.objects[r.subject].shape, r.relation, ex.scene.objects[r.object].shape) ? 1 : 0;
            }
        }
        QVERIFY(withTriple > 1200 && withTriple < 1800); // about half
        QVERIFY(generateEvalScenes(5, 5)[4].caption == heldOut[4].caption);

        SceneSampler training(5);
        int collisions = 0;
        std::set<std::pair<int, int>> trainingPairs;
        for (int i = 0; i < 100000; ++i) {
            const LabeledScene ex = training.exampleAt(uint64_t(i));
            QVERIFY(!usesHeldOutCombination(ex.scene));
            collisions += heldOutCaptions.count(ex.caption) ? 1 : 0;
            for (const auto& o : ex.scene.objects)
                trainingPairs.insert({int(o.color), int(o.shape)});
        }
        QCOMPARE(collisions, 0);
        // `muse eval --split train` judges the training distribution: with the training seed, the
        // training scenes themselves, in order.
        const std::vector<LabeledScene> seen = generateEvalScenes(50, 5, SceneSplit::Train);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(seen[i].caption, training.exampleAt(uint64_t(i)).caption);
            QCOMPARE(sceneToJson(seen[i].scene).dump(), sceneToJson(training.sceneAt(uint64_t(i))).dump());
        }
        // Training covers every other colour–shape pair (colours that a background allows).
        QCOMPARE(int(trainingPairs.size()), kColorCount * kShapeCount - int(heldOutPairs().size()));
    }

    void captionsFitTheEmbeddedTokenizer()
    {
        // A caption cut at the tokenizer's maximum length loses its last object or its background:
        // the model could neither learn nor follow it. (The fifth default model's 32 cut 14 %.)
        const std::string model = Engine::defaultModelPath();
        QVERIFY2(!model.empty(), "the embedded default model is missing (resources/models/muse-default)");
        auto tokenizer = T5Tokenizer::loadFolder(model + "/tokenizer");
        QVERIFY2(tokenizer, tokenizer.status().message().c_str());
        std::vector<LabeledScene> captions = generateEvalScenes(1000, 0);
        const SceneSampler training(0);
        for (int i = 0; i < 30000; ++i)
            captions.push_back(training.exampleAt(uint64_t(i)));
        int cut = 0;
        std::size_t longest = 0;
        std::string example;
        for (const auto& ex : captions) {
            bool truncated = false;
            longest = std::max(longest, tokenizer->encode(ex.caption, &truncated).size());
            if (truncated && cut++ == 0)
                example = ex.caption;
        }
        QVERIFY2(cut == 0, (std::to_string(cut) + " of " + std::to_string(captions.size()) + " captions cut at " +
                            std::to_string(tokenizer->maxLength()) + " tokens, e.g. \"" + example + "\"")
                               .c_str());
        QVERIFY(longest > 40); // the long templates were tokenized
    }

    void rendersAtAnySize()
    {
        const SceneSampler sampler(11);
        for (int size : {32, 48, 64, 100, 128, 256}) {
            for (int i = 0; i < 20; ++i) {
                const Scene scene = sampler.sceneAt(uint64_t(i));
                const Image image = renderScene(scene, size);
                QCOMPARE(image.width, size);
                QCOMPARE(image.height, size);
                QCOMPARE(image.channels, 3);
                const uint8_t* corner = image.pixel(0, 0);
                QCOMPARE(int(corner[0]), int(scene.backgroundPaint.r));
                QCOMPARE(int(corner[2]), int(scene.backgroundPaint.b));
            }
        }
        // A large circle: its centre has the paint, and the coverage it adds up to its exact area
        // at every size (anti-aliased edges carry partial coverage).
        for (int size : {32, 64, 128}) {
            const Scene scene = oneObjectScene(Shape::Circle, 0.4, 0.47, 0.52);
            const Image image = renderScene(scene, size);
            const uint8_t* centre = image.pixel(int(0.47 * size), int(0.52 * size));
            QCOMPARE(int(centre[2]), int(colorRgb(Color::Blue).b));
            double total = 0;
            int partial = 0;
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x) {
                    const double a = coverage(image.pixel(x, y), scene.backgroundPaint, colorRgb(Color::Blue));
                    total += a;
                    partial += (a > 0.05 && a < 0.95) ? 1 : 0;
                }
            const double expected = shapeGeometry(Shape::Circle).area * std::pow(0.4 * size, 2);
            QVERIFY2(std::abs(total / expected - 1.0) < 0.02, qPrintable(QString("size %1: %2 vs %3").arg(size).arg(total).arg(expected)));
            QVERIFY(partial > 0);
        }
        // The ring's hole shows the background.
        const Scene ring = oneObjectScene(Shape::Ring, 0.6, 0.5, 0.5);
        const Image ringImage = renderScene(ring, 64);
        QCOMPARE(int(ringImage.pixel(32, 32)[0]), int(ring.backgroundPaint.r));
        QCOMPARE(int(ringImage.pixel(32, 32 - 16)[2]), int(colorRgb(Color::Blue).b)); // on the band
    }

    void sceneJsonRoundTrip()
    {
        const SceneSampler sampler(17);
        for (int i = 0; i < 200; ++i) {
            const Scene scene = sampler.sceneAt(uint64_t(i));
            const auto json = sceneToJson(scene);
            const Result<Scene> back = sceneFromJson(nlohmann::json::parse(json.dump()));
            QVERIFY2(back.isOk(), back.status().message().c_str());
            QCOMPARE(sceneToJson(*back).dump(), json.dump());
            QCOMPARE(back->objects.size(), scene.objects.size());
            QVERIFY(std::abs(back->objects[0].x - scene.objects[0].x) < 1e-4);
            QCOMPARE(back->relation.has_value(), scene.relation.has_value());
        }
        auto json = nlohmann::json(sceneToJson(sampler.sceneAt(0)));
        json["objects"][0]["color"] = "mauve";
        const Result<Scene> bad = sceneFromJson(json);
        QVERIFY(!bad.isOk());
        QVERIFY2(contains(bad.status().message(), "objects[0].color") && contains(bad.status().message(), "mauve"),
                 bad.status().message().c_str());
        json = nlohmann::json(sceneToJson(sampler.sceneAt(0)));
        json["objects"][0]["x"] = 1.5;
        QVERIFY(contains(sceneFromJson(json).status().message(), "objects[0].x"));
        json = nlohmann::json(sceneToJson(sampler.sceneAt(0)));
        json["relation"] = {{"subject", 0}, {"relation", "above"}, {"object", 9}};
        QVERIFY(contains(sceneFromJson(json).status().message(), "relation.object"));
    }

    void vocabularyRules()
    {
        QCOMPARE(sizeClassForExtent(nominalExtent(SizeClass::Small)), SizeClass::Small);
        QCOMPARE(sizeClassForExtent(0.30), SizeClass::Medium);
        QCOMPARE(sizeClassForExtent(0.45), SizeClass::Large);
        QVERIFY(isInRegion(Region::Top, 0.1, 0.2));    // an edge region is its whole row
        QVERIFY(!isInRegion(Region::Top, 0.5, 0.4));
        QVERIFY(isInRegion(Region::BottomRight, 0.9, 0.9));
        QVERIFY(!isInRegion(Region::BottomRight, 0.5, 0.9));
        QVERIFY(satisfiesRelation(Relation::Above, 0.5, 0.2, 0.6, 0.7));
        QVERIFY(!satisfiesRelation(Relation::Above, 0.1, 0.4, 0.9, 0.5)); // mostly sideways
        QVERIFY(satisfiesRelation(Relation::RightOf, 0.8, 0.5, 0.2, 0.4));
        QVERIFY(!isColorAllowedOn(Color::White, Background::White));
        QVERIFY(!isColorAllowedOn(Color::White, Background::Beige));
        QVERIFY(!isColorAllowedOn(Color::Black, Background::Navy));
        QVERIFY(isColorAllowedOn(Color::Cyan, Background::Gray));
        for (Color c : allValues<Color, kColorCount>())
            QCOMPARE(colorFromName(colorName(c)), std::optional<Color>(c));
        for (Background b : allValues<Background, kBackgroundCount>())
            QCOMPARE(backgroundFromName(backgroundName(b)), std::optional<Background>(b));
        // Every colour appears on at least three backgrounds (white: black, gray, navy).
        for (Color c : allValues<Color, kColorCount>()) {
            int allowed = 0;
            for (Background b : allValues<Background, kBackgroundCount>())
                allowed += isColorAllowedOn(c, b) ? 1 : 0;
            QVERIFY2(allowed >= 3, colorName(c));
        }
    }
};

QTEST_APPLESS_MAIN(TestSyntheticScenes)
#include "tst_syntheticscenes.moc"
