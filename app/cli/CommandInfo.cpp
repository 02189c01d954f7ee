#include "Args.h"
#include "Commands.h"

#include "muse/ModelFolder.h"

#include <cstdio>
#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse info --model DIR\n"
    "Describes a model folder (a pipeline with model_index.json, or one component folder):\n"
    "its components, their classes, parameter counts, dtypes and file sizes.\n";

std::string humanCount(int64_t n)
{
    char text[32];
    if (n >= 1000000000)
        std::snprintf(text, sizeof text, "%.2f B", n / 1e9);
    else if (n >= 1000000)
        std::snprintf(text, sizeof text, "%.1f M", n / 1e6);
    else if (n >= 1000)
        std::snprintf(text, sizeof text, "%.1f k", n / 1e3);
    else
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(n));
    return text;
}

std::string humanBytes(uint64_t n)
{
    char text[32];
    if (n >= (1ull << 30))
        std::snprintf(text, sizeof text, "%.2f GiB", n / double(1ull << 30));
    else if (n >= (1ull << 20))
        std::snprintf(text, sizeof text, "%.1f MiB", n / double(1ull << 20));
    else
        std::snprintf(text, sizeof text, "%.1f KiB", n / 1024.0);
    return text;
}

} // namespace

int runInfo(const std::vector<std::string>& argv)
{
    Args args(argv, {"model"}, {"help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    std::string model = args.value("model");
    if (model.empty() && args.positional().size() == 1)
        model = args.positional().front();
    if (!args.ok() || model.empty()) {
        std::cerr << "muse info: " << (args.ok() ? "--model DIR is required" : args.error()) << "\n\n" << kUsage;
        return 2;
    }
    auto info = inspectModelFolder(model);
    if (!info) {
        std::cerr << "muse info: " << info.status().message() << "\n";
        return 1;
    }
    std::cout << model << ": "
              << (info->layout == ModelFolderInfo::Layout::Pipeline ? "pipeline " + info->pipelineClass : std::string("single component"))
              << "\n";
    int problems = 0;
    for (const auto& c : info->components) {
        std::cout << "  " << c.name << ": " << (c.className.empty() ? "?" : c.className);
        if (!c.library.empty())
            std::cout << " (" << c.library << ")";
        std::cout << "\n";
        if (!c.problem.empty()) {
            std::cout << "    problem: " << c.problem << "\n";
            ++problems;
            continue;
        }
        auto fromConfig = countConfigParameters(c);
        if (fromConfig)
            std::cout << "    parameters (from config.json): " << humanCount(*fromConfig) << " (" << *fromConfig << ")\n";
        if (c.weightFiles.empty()) {
            std::cout << "    no weights" << "\n";
            continue;
        }
        auto summary = summarizeWeights(c);
        if (!summary) {
            std::cout << "    problem: " << summary.status().message() << "\n";
            ++problems;
            continue;
        }
        std::cout << "    parameters (in the weights): " << humanCount(summary->parameterCount) << " (" << summary->parameterCount
                  << ") in " << summary->tensorCount << " tensors\n    dtypes:";
        for (const auto& [dtype, count] : summary->dtypeCounts)
            std::cout << " " << dtype << " " << humanCount(count);
        std::cout << "\n";
        for (const auto& [path, size] : summary->files)
            std::cout << "    file: " << path << " (" << humanBytes(size) << ")\n";
    }
    return problems ? 1 : 0;
}

} // namespace muse::cli
