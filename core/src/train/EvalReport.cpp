#include "train/EvalReport.h"

#include "image/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace muse {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kAttributeNames[kAttributeCount] = {"count", "color", "shape", "binding",
                                                          "size", "position", "background", "all"};

std::string percent(const AttributeTally& tally)
{
    if (tally.judged == 0)
        return "–";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f %%", 100.0 * tally.accuracy());
    return buffer;
}

std::string extraText(const EvalExtra& extra)
{
    if (const auto* number = std::get_if<double>(&extra.value)) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.6g", *number);
        return buffer;
    }
    return std::get<std::string>(extra.value);
}

// Markdown table cells must not contain pipes or line breaks.
std::string cell(std::string text)
{
    for (char& c : text)
        if (c == '|' || c == '\n')
            c = c == '|' ? '/' : ' ';
    return text;
}

Json tallyJson(const AttributeTally& tally)
{
    Json j;
    j["right"] = tally.right;
    j["judged"] = tally.judged;
    if (tally.judged > 0)
        j["accuracy"] = tally.accuracy();
    else
        j["accuracy"] = nullptr;
    return j;
}

} // namespace

const char* attributeName(Attribute attribute) { return kAttributeNames[int(attribute)]; }

Verdict verdictFor(const Judgement& j, Attribute attribute)
{
    switch (attribute) {
    case Attribute::Count: return j.count;
    case Attribute::Color: return j.color;
    case Attribute::Shape: return j.shape;
    case Attribute::Binding: return j.binding;
    case Attribute::Size: return j.size;
    case Attribute::Position: return j.position;
    case Attribute::Background: return j.background;
    case Attribute::All: return j.all;
    }
    return Verdict::NotApplicable;
}

void EvalReport::add(const Judgement& judgement, SceneKind kind, const std::string& item)
{
    ++m_images;
    ++m_kindImages[int(kind)];
    const std::string name = item.empty() ? "#" + std::to_string(m_images - 1) : item;
    ImageVerdicts record{name, kind, {}, judgement.explanation};
    for (Attribute attribute : allValues<Attribute, kAttributeCount>()) {
        const Verdict verdict = verdictFor(judgement, attribute);
        record.verdicts[int(attribute)] = verdict;
        if (verdict == Verdict::NotApplicable)
            continue;
        for (AttributeTally* tally : {&m_tallies[int(attribute)], &m_kindTallies[int(kind)][int(attribute)]}) {
            ++tally->judged;
            tally->right += verdict == Verdict::Right ? 1 : 0;
        }
    }
    m_imageVerdicts.push_back(std::move(record));
}

std::vector<EvalReport::Failure> EvalReport::failures() const
{
    std::vector<Failure> out;
    for (const ImageVerdicts& image : m_imageVerdicts)
        if (image.verdicts[int(Attribute::All)] == Verdict::Wrong && int(out.size()) < kMaxFailures)
            out.push_back({image.item, image.explanation});
    return out;
}

void EvalReport::merge(const EvalReport& other)
{
    m_images += other.m_images;
    for (int a = 0; a < kAttributeCount; ++a) {
        m_tallies[a].right += other.m_tallies[a].right;
        m_tallies[a].judged += other.m_tallies[a].judged;
    }
    for (int k = 0; k < kSceneKindCount; ++k) {
        m_kindImages[k] += other.m_kindImages[k];
        for (int a = 0; a < kAttributeCount; ++a) {
            m_kindTallies[k][a].right += other.m_kindTallies[k][a].right;
            m_kindTallies[k][a].judged += other.m_kindTallies[k][a].judged;
        }
    }
    m_imageVerdicts.insert(m_imageVerdicts.end(), other.m_imageVerdicts.begin(), other.m_imageVerdicts.end());
}

std::string EvalReport::toMarkdown(const std::string& title, const std::vector<EvalExtra>& extras) const
{
    std::ostringstream md;
    md << "# " << title << "\n\n";
    char line[160];
    std::snprintf(line, sizeof line, "%d images; everything right in **%s** of them.\n\n", m_images,
                  percent(tally(Attribute::All)).c_str());
    md << line;

    md << "| attribute | accuracy | right / judged |\n| --- | ---: | ---: |\n";
    for (Attribute attribute : allValues<Attribute, kAttributeCount>()) {
        const AttributeTally& t = tally(attribute);
        md << "| " << attributeName(attribute) << " | " << percent(t) << " | " << t.right << " / " << t.judged << " |\n";
    }

    md << "\n## By scene kind\n\n| kind | images |";
    for (Attribute attribute : allValues<Attribute, kAttributeCount>())
        md << " " << attributeName(attribute) << " |";
    md << "\n| --- | ---: |";
    for (int a = 0; a < kAttributeCount; ++a)
        md << " ---: |";
    md << "\n";
    for (SceneKind kind : allValues<SceneKind, kSceneKindCount>()) {
        if (imageCount(kind) == 0)
            continue;
        md << "| " << sceneKindName(kind) << " | " << imageCount(kind) << " |";
        for (Attribute attribute : allValues<Attribute, kAttributeCount>())
            md << " " << percent(tally(kind, attribute)) << " |";
        md << "\n";
    }

    if (!extras.empty()) {
        md << "\n## Settings and other measurements\n\n| key | value |\n| --- | --- |\n";
        for (const auto& extra : extras)
            md << "| " << cell(extra.key) << " | " << cell(extraText(extra)) << " |\n";
    }
    if (const std::vector<Failure> first = failures(); !first.empty()) {
        md << "\n## First wrong images\n\n";
        for (const auto& failure : first)
            md << "- `" << failure.item << "`: " << failure.explanation << "\n";
    }
    md << "\nAttributes are judged only where the caption states them (size, position, background);"
          " count, color, shape and binding always. Position covers named regions and relations.\n";
    return md.str();
}

std::string EvalReport::toJson(const std::vector<EvalExtra>& extras) const
{
    Json json;
    json["images"] = m_images;
    json["all_right_rate"] = m_images > 0 ? Json(allRightRate()) : Json(nullptr);
    Json attributes = Json::object();
    for (Attribute attribute : allValues<Attribute, kAttributeCount>())
        attributes[attributeName(attribute)] = tallyJson(tally(attribute));
    json["attributes"] = std::move(attributes);
    Json kinds = Json::object();
    for (SceneKind kind : allValues<SceneKind, kSceneKindCount>()) {
        if (imageCount(kind) == 0)
            continue;
        Json k;
        k["images"] = imageCount(kind);
        Json perAttribute = Json::object();
        for (Attribute attribute : allValues<Attribute, kAttributeCount>())
            perAttribute[attributeName(attribute)] = tallyJson(tally(kind, attribute));
        k["attributes"] = std::move(perAttribute);
        kinds[sceneKindName(kind)] = std::move(k);
    }
    json["by_kind"] = std::move(kinds);
    Json extraJson = Json::object();
    for (const auto& extra : extras) {
        if (const auto* number = std::get_if<double>(&extra.value))
            extraJson[extra.key] = std::isfinite(*number) ? Json(*number) : Json(nullptr);
        else
            extraJson[extra.key] = std::get<std::string>(extra.value);
    }
    json["extras"] = std::move(extraJson);
    Json first = Json::array();
    for (const auto& failure : failures())
        first.push_back(Json{{"item", failure.item}, {"explanation", failure.explanation}});
    json["failures"] = std::move(first);
    Json wrong = Json::array(), perImage = Json::array();
    for (const ImageVerdicts& image : m_imageVerdicts) {
        Json verdicts = Json::object();
        for (Attribute attribute : allValues<Attribute, kAttributeCount>())
            if (image.verdicts[int(attribute)] != Verdict::NotApplicable)
                verdicts[attributeName(attribute)] = verdictName(image.verdicts[int(attribute)]);
        perImage.push_back(Json{{"item", image.item}, {"kind", sceneKindName(image.kind)}, {"verdicts", std::move(verdicts)},
                                {"explanation", image.explanation}});
        if (image.verdicts[int(Attribute::All)] == Verdict::Wrong)
            wrong.push_back(image.item);
    }
    json["wrong"] = std::move(wrong);
    json["per_image"] = std::move(perImage);
    return json.dump(2) + "\n";
}

Status EvalReport::write(const std::string& basePath, const std::string& title, const std::vector<EvalExtra>& extras) const
{
    MUSE_RETURN_IF_ERROR(writeTextFileAtomically(basePath + ".md", toMarkdown(title, extras)));
    return writeTextFileAtomically(basePath + ".json", toJson(extras));
}

EvalSummary EvalReport::summary(double secondsPerImage) const
{
    EvalSummary s;
    s.images = imageCount();
    s.allRightRate = allRightRate();
    s.countAccuracy = tally(Attribute::Count).accuracy();
    s.colorAccuracy = tally(Attribute::Color).accuracy();
    s.shapeAccuracy = tally(Attribute::Shape).accuracy();
    s.positionAccuracy = tally(Attribute::Position).accuracy();
    s.bindingAccuracy = tally(Attribute::Binding).accuracy();
    s.secondsPerImage = secondsPerImage;
    return s;
}

void EvalReport::addAttributeRows(std::vector<EvalExtra>& extras, const std::string& prefix) const
{
    if (imageCount() == 0)
        return;
    for (Attribute a : {Attribute::All, Attribute::Count, Attribute::Color, Attribute::Shape, Attribute::Position})
        if (tally(a).judged > 0)
            extras.emplace_back(prefix + "_" + attributeName(a) + "_pct", 100.0 * tally(a).accuracy());
}

} // namespace muse
