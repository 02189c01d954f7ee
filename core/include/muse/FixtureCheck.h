#pragma once
// Checks this implementation against reference outputs (../shared/fixtures layout): every case
// folder holds case.json {kind, atol, rtol, ...}, the module's config and weights, and
// io.safetensors with inputs and expected outputs. Used by `muse check-fixtures` and the tests.

#include "muse/Device.h"
#include "muse/Status.h"

#include <string>
#include <vector>

namespace muse {

struct FixtureCheckOptions {
    std::string device = "cpu";
    Precision precision = Precision::Float32;
    // Multiplies each case's atol/rtol (e.g. for bf16 runs, which cannot meet fp32 tolerances).
    double toleranceScale = 1.0;
    // Where to look for tokenizer vocabularies a case folder does not carry itself
    // (the CLIP BPE files are not copied into the project).
    std::vector<std::string> vocabularyDirs;
};

struct FixtureCaseResult {
    enum class Outcome { Passed, Failed, Skipped };
    std::string folder;
    std::string kind;
    Outcome outcome = Outcome::Failed;
    double maxAbsError = 0.0;   // largest |actual − expected| over all compared tensors
    double tolerance = 0.0;     // atol of the case (after scaling)
    std::string detail;         // which tensor was worst, or why the case failed / was skipped
};

// Folders under the roots (recursively, roots included) that contain a case.json, sorted.
Result<std::vector<std::string>> findFixtureCases(const std::vector<std::string>& roots);
FixtureCaseResult runFixtureCase(const std::string& folder, const FixtureCheckOptions& options);
std::vector<std::string> knownFixtureKinds();

} // namespace muse
