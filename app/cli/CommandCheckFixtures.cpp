#include "Args.h"
#include "Commands.h"

#include "muse/FixtureCheck.h"

#include <cstdio>
#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse check-fixtures [options] DIR...\n"
    "Runs every case folder (a folder with case.json) found under the given roots against this\n"
    "implementation and prints, per case, its kind, its largest error and pass/fail.\n"
    "Exits non-zero when a case fails or has a kind this build does not know.\n\n"
    "  --device D             auto, cpu (default), cuda, cuda:N\n"
    "  --precision P          fp32 (default), bf16, fp16: weights and activations of the module\n"
    "  --tolerance-scale X    multiply every case's atol/rtol (e.g. 50 for bf16)\n"
    "  --vocab-dir DIR        where to find tokenizer files a case folder lacks (repeatable)\n";

const char* outcomeName(FixtureCaseResult::Outcome outcome)
{
    switch (outcome) {
    case FixtureCaseResult::Outcome::Passed: return "PASS";
    case FixtureCaseResult::Outcome::Failed: return "FAIL";
    case FixtureCaseResult::Outcome::Skipped: return "SKIP";
    }
    return "?";
}

} // namespace

int runCheckFixtures(const std::vector<std::string>& argv)
{
    Args args(argv, {"device", "precision", "tolerance-scale", "vocab-dir"}, {"help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || args.positional().empty()) {
        std::cerr << "muse check-fixtures: " << (args.ok() ? "no fixture folder given" : args.error()) << "\n\n" << kUsage;
        return 2;
    }
    FixtureCheckOptions options;
    options.device = args.value("device", "cpu");
    auto precision = parsePrecision(args.value("precision", "fp32"));
    if (!precision) {
        std::cerr << "muse check-fixtures: " << precision.status().message() << "\n";
        return 2;
    }
    options.precision = *precision;
    try {
        options.toleranceScale = std::stod(args.value("tolerance-scale", "1"));
    } catch (...) {
        std::cerr << "muse check-fixtures: --tolerance-scale needs a number\n";
        return 2;
    }
    options.vocabularyDirs = args.values("vocab-dir");

    auto cases = findFixtureCases(args.positional());
    if (!cases) {
        std::cerr << "muse check-fixtures: " << cases.status().message() << "\n";
        return 2;
    }
    if (cases->empty()) {
        std::cerr << "muse check-fixtures: no case folders (with case.json) under the given roots\n";
        return 1;
    }
    int passed = 0, failed = 0, skipped = 0;
    for (const auto& folder : *cases) {
        const FixtureCaseResult r = runFixtureCase(folder, options);
        char error[64];
        std::snprintf(error, sizeof error, "%.3g", r.maxAbsError);
        std::printf("%s  %-16s max|err| %-10s atol %-8.3g %s%s%s\n", outcomeName(r.outcome),
                    r.kind.empty() ? "?" : r.kind.c_str(), error, r.tolerance, folder.c_str(),
                    r.detail.empty() ? "" : "  -- ", r.detail.c_str());
        std::fflush(stdout);
        switch (r.outcome) {
        case FixtureCaseResult::Outcome::Passed: ++passed; break;
        case FixtureCaseResult::Outcome::Failed: ++failed; break;
        case FixtureCaseResult::Outcome::Skipped: ++skipped; break;
        }
    }
    if (skipped)
        std::printf("%d skipped (inputs not available here)\n", skipped);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

} // namespace muse::cli
