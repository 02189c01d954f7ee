#include "muse/SyntheticDataset.h"

#include "image/AtomicFile.h"
#include "muse/Image.h"
#include "train/EvalReport.h"
#include "train/ImageDegradation.h"
#include "train/SceneDetector.h"
#include "train/SyntheticScenes.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace muse {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* kCaptionsFile = "captions.jsonl";

std::string imageFileName(int index, int count)
{
    const int digits = std::max(6, int(std::to_string(std::max(count - 1, 0)).size()));
    std::string number = std::to_string(index);
    return std::string(std::size_t(std::max(0, digits - int(number.size()))), '0') + number + ".png";
}

} // namespace

Status writeSyntheticDataset(const DatasetWriteOptions& options, const std::function<void(int, int)>& progress)
{
    if (options.outDir.empty())
        return Status(ErrorCode::InvalidArgument, "--out: no output folder given");
    if (options.count < 1)
        return Status(ErrorCode::InvalidArgument, "--count: must be at least 1");
    if (options.size < 32 || options.size > 4096)
        return Status(ErrorCode::InvalidArgument, "--size: must be 32..4096 pixels");
    if (options.maxObjects < 1 || options.maxObjects > 4)
        return Status(ErrorCode::InvalidArgument, "max objects: must be 1..4");
    if (options.jpegQuality < 0 || options.jpegQuality > 100)
        return Status(ErrorCode::InvalidArgument, "--jpeg: quality must be 1..100");
    if (options.blurSigma < 0.0 || options.blurSigma > 20.0)
        return Status(ErrorCode::InvalidArgument, "--blur: sigma must be 0..20 pixels");
    if (options.noiseSigma < 0.0 || options.noiseSigma > 128.0)
        return Status(ErrorCode::InvalidArgument, "--noise: sigma must be 0..128 levels");
    std::error_code error;
    fs::create_directories(options.outDir, error);
    if (error)
        return Status(ErrorCode::IoError, options.outDir + ": cannot create the folder: " + error.message());

    SceneSamplerOptions samplerOptions;
    samplerOptions.split = options.heldOut ? SceneSplit::HeldOut : SceneSplit::Train;
    samplerOptions.maxObjects = options.maxObjects;
    if (options.freeLayout) {
        samplerOptions.layoutGrid = 0;
        samplerOptions.jitter = true;
    }
    const SceneSampler sampler(options.seed, samplerOptions);
    const std::string scratch = (fs::path(options.outDir) / ".jpeg-round-trip.jpg").string();

    std::string lines;
    for (int i = 0; i < options.count; ++i) {
        const LabeledScene example = sampler.exampleAt(uint64_t(i));
        Image image = gaussianBlur(renderScene(example.scene, options.size), options.blurSigma);
        image = addPixelNoise(image, options.noiseSigma, options.seed * 1000003u + uint64_t(i));
        if (options.jpegQuality > 0) {
            auto compressed = jpegRoundTrip(image, options.jpegQuality, scratch);
            if (!compressed)
                return compressed.status();
            image = compressed.takeValue();
        }
        const std::string file = imageFileName(i, options.count);
        MUSE_RETURN_IF_ERROR(writePng((fs::path(options.outDir) / file).string(), image, {{"Description", example.caption}}));
        Json line;
        line["file"] = file;
        line["caption"] = example.caption;
        line["scene"] = sceneToJson(example.scene);
        lines += line.dump() + "\n";
        if (progress && ((i + 1) % 100 == 0 || i + 1 == options.count))
            progress(i + 1, options.count);
    }
    MUSE_RETURN_IF_ERROR(writeTextFileAtomically((fs::path(options.outDir) / kCaptionsFile).string(), lines));

    Json info;
    info["generator"] = "muse dataset";
    info["count"] = options.count;
    info["size"] = options.size;
    info["seed"] = options.seed;
    info["split"] = options.heldOut ? "held-out" : "train";
    info["max_objects"] = options.maxObjects;
    info["free_layout"] = options.freeLayout;
    info["blur_sigma"] = options.blurSigma;
    info["noise_sigma"] = options.noiseSigma;
    info["jpeg_quality"] = options.jpegQuality;
    Json pairs = Json::array();
    for (const auto& p : heldOutPairs())
        pairs.push_back(std::string(colorName(p.color)) + " " + shapeName(p.shape));
    Json triples = Json::array();
    for (const auto& t : heldOutTriples())
        triples.push_back(std::string(shapeName(t.subject)) + " " + relationName(t.relation) + " " + shapeName(t.object));
    info["held_out_pairs"] = std::move(pairs);
    info["held_out_relations"] = std::move(triples);
    return writeTextFileAtomically((fs::path(options.outDir) / "dataset.json").string(), info.dump(2) + "\n");
}

Result<DatasetJudgeSummary> judgeSyntheticDataset(const DatasetJudgeOptions& options, const std::string& reportBase,
                                                  const std::string& title)
{
    const fs::path captionsPath = fs::path(options.captionsDir) / kCaptionsFile;
    std::ifstream in(captionsPath);
    if (!in)
        return Status(ErrorCode::NotFound, captionsPath.string() + ": cannot open (is this a folder written by `muse dataset`?)");
    const fs::path imagesDir = options.imagesDir.empty() ? fs::path(options.captionsDir) : fs::path(options.imagesDir);

    const SceneDetector detector;
    EvalReport report;
    DatasetJudgeSummary summary;
    std::string text;
    int lineNumber = 0;
    while (std::getline(in, text)) {
        ++lineNumber;
        if (text.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (options.limit > 0 && summary.images + summary.missingImages >= options.limit)
            break;
        const std::string where = captionsPath.string() + ":" + std::to_string(lineNumber);
        nlohmann::json line;
        try {
            line = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            return Status(ErrorCode::CorruptFile, where + ": not JSON: " + e.what());
        }
        if (!line.is_object() || !line.contains("file") || !line["file"].is_string() || !line.contains("scene"))
            return Status(ErrorCode::CorruptFile, where + ": needs \"file\" and \"scene\"");
        auto scene = sceneFromJson(line["scene"]);
        if (!scene)
            return scene.status().withContext(where);
        const std::string file = line["file"].get<std::string>();
        auto image = readImage((imagesDir / file).string());
        if (!image) {
            ++summary.missingImages;
            continue;
        }
        report.add(judgeDetection(*scene, detector.detect(*image)), scene->kind, file);
        ++summary.images;
    }
    std::vector<EvalExtra> extras = {{"captions", captionsPath.string()}, {"images", imagesDir.string()}};
    if (summary.missingImages > 0)
        extras.emplace_back("missing_images", double(summary.missingImages));
    summary.allRightRate = report.allRightRate();
    summary.markdown = report.toMarkdown(title, extras);
    summary.json = report.toJson(extras);
    if (!reportBase.empty())
        MUSE_RETURN_IF_ERROR(report.write(reportBase, title, extras));
    return summary;
}

} // namespace muse
