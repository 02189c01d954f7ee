#pragma once
// The synthetic shapes data set on disk, for people to look at and for judging generated images:
// a folder of PNGs plus captions.jsonl, one line per image:
//   {"file": "000012.png", "caption": "a blue square above a yellow triangle", "scene": {...}}
// where "scene" is the structured description the caption was made from (objects with shape,
// colour, size, centroid; background; relation; which attributes the caption states).
//
// To evaluate a model, generate one image per caption of a folder written here (same file names,
// into another folder or over the PNGs), then judge that folder: the detector reads each image
// back and compares it with its scene.

#include "muse/Status.h"

#include <cstdint>
#include <functional>
#include <string>

namespace muse {

struct DatasetWriteOptions {
    std::string outDir;
    int count = 100;
    int size = 64;        // pixels, square; ≥ 32
    uint64_t seed = 0;
    bool heldOut = false; // the evaluation scenes with held-out combinations instead of training scenes
    int maxObjects = 4;   // 1..4
    // Objects anywhere, with size and colour jitter, instead of on the layout grid with exact
    // sizes and colours (the training data's default; SceneSamplerOptions::layoutGrid).
    bool freeLayout = false;
    // Degradations for checking the judge on blurry or compressed images (0 = none).
    double blurSigma = 0.0;
    double noiseSigma = 0.0; // Gaussian pixel noise, in 0..255 levels (after the blur)
    int jpegQuality = 0;  // 1..100: the image goes through JPEG at this quality last (still stored as PNG)
};

// Writes outDir/NNNNNN.png, outDir/captions.jsonl and outDir/dataset.json (the options).
// `progress(done, total)` is called now and then.
Status writeSyntheticDataset(const DatasetWriteOptions& options,
                             const std::function<void(int, int)>& progress = {});

struct DatasetJudgeOptions {
    std::string captionsDir; // holds captions.jsonl
    std::string imagesDir;   // the images to judge, by the "file" names; empty = captionsDir
    int limit = 0;           // judge only the first `limit` lines (0 = all)
};

struct DatasetJudgeSummary {
    int images = 0;        // judged
    int missingImages = 0; // named in captions.jsonl but not readable (not judged)
    double allRightRate = 0.0;
    std::string markdown;  // the full report
    std::string json;
};

// Judges every image against its scene. `reportBase`, when not empty, also receives the report
// as reportBase.md and reportBase.json.
Result<DatasetJudgeSummary> judgeSyntheticDataset(const DatasetJudgeOptions& options,
                                                  const std::string& reportBase = {},
                                                  const std::string& title = "Synthetic scenes: judge report");

} // namespace muse
