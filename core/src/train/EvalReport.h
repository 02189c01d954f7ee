#pragma once
// Accumulates judgements of many images (judgeImage) into accuracy per attribute, overall and per
// scene kind, and writes the result as Markdown (for people) and JSON (for scripts and plots).
// Callers add their own numbers (VQ PSNR, guidance scale, step count...) as extras.
//
//   EvalReport report;
//   for (...) report.add(judgeImage(scene, image), scene.kind, fileName);
//   report.write("eval/base-64", "Base model, held-out captions", {{"vq_psnr", 27.4}, {"steps", 12.0}});

#include "muse/Status.h"
#include "muse/Training.h"
#include "train/Scene.h"
#include "train/SceneDetector.h"

#include <array>
#include <string>
#include <variant>
#include <vector>

namespace muse {

enum class Attribute : uint8_t { Count, Color, Shape, Binding, Size, Position, Background, All };
constexpr int kAttributeCount = 8;
const char* attributeName(Attribute attribute); // "count", ..., "all"
Verdict verdictFor(const Judgement& judgement, Attribute attribute);

struct AttributeTally {
    int right = 0;
    int judged = 0; // images where the attribute was applicable
    // right / judged; 0 when nothing was judged.
    double accuracy() const { return judged > 0 ? double(right) / judged : 0.0; }
};

struct EvalExtra {
    std::string key;
    std::variant<double, std::string> value;
    EvalExtra(std::string k, double v) : key(std::move(k)), value(v) {}
    EvalExtra(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
    EvalExtra(std::string k, const char* v) : key(std::move(k)), value(std::string(v)) {}
};

class EvalReport {
public:
    // `item` names the image in the failure list (a file name, an index).
    void add(const Judgement& judgement, SceneKind kind, const std::string& item = {});
    void merge(const EvalReport& other);

    int imageCount() const { return m_images; }
    int imageCount(SceneKind kind) const { return m_kindImages[int(kind)]; }
    const AttributeTally& tally(Attribute attribute) const { return m_tallies[int(attribute)]; }
    const AttributeTally& tally(SceneKind kind, Attribute attribute) const
    {
        return m_kindTallies[int(kind)][int(attribute)];
    }
    // The share of images where every stated attribute is right.
    double allRightRate() const { return tally(Attribute::All).accuracy(); }

    struct Failure {
        std::string item;
        std::string explanation;
    };
    // The first kMaxFailures wrong images, in the order added.
    std::vector<Failure> failures() const;
    static constexpr int kMaxFailures = 25;
    // Every image's verdicts, in the order added: the JSON's "per_image" (splitting a run by
    // something the tallies do not, such as a caption's wording) and "wrong" (comparing two runs of
    // the same captions image by image, e.g. two samplers).
    struct ImageVerdicts {
        std::string item;
        SceneKind kind;
        std::array<Verdict, kAttributeCount> verdicts;
        std::string explanation;
    };
    const std::vector<ImageVerdicts>& imageVerdicts() const { return m_imageVerdicts; }

    std::string toMarkdown(const std::string& title, const std::vector<EvalExtra>& extras = {}) const;
    std::string toJson(const std::vector<EvalExtra>& extras = {}) const;
    // Writes basePath + ".md" and basePath + ".json".
    Status write(const std::string& basePath, const std::string& title, const std::vector<EvalExtra>& extras = {}) const;
    // The headline numbers `muse eval` hands back (no markdown).
    EvalSummary summary(double secondsPerImage) const;
    // `prefix`_all_pct, _count_pct, _color_pct, _shape_pct, _position_pct (those judged at all) for a
    // subset of the images reported beside the whole; nothing when the subset is empty.
    void addAttributeRows(std::vector<EvalExtra>& extras, const std::string& prefix) const;

private:
    int m_images = 0;
    std::array<AttributeTally, kAttributeCount> m_tallies{};
    std::array<int, kSceneKindCount> m_kindImages{};
    std::array<std::array<AttributeTally, kAttributeCount>, kSceneKindCount> m_kindTallies{};
    std::vector<ImageVerdicts> m_imageVerdicts;
};

} // namespace muse
