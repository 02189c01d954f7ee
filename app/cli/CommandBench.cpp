#include "Args.h"
#include "Commands.h"

#include "muse/Benchmark.h"

#include <fstream>
#include <iostream>

namespace muse::cli {

int runBench(const std::vector<std::string>& argv)
{
    std::string archs;
    for (const auto& a : benchmarkArchitectures())
        archs += (archs.empty() ? "" : ", ") + a;
    const std::string usage =
        "usage: muse bench (--model DIR | --arch NAME) [options]\n"
        "Times each stage: model load, text encoding, one transformer step (cond + uncond batched),\n"
        "the super-res step, VQ decode and a whole image; prints a table and JSON.\n"
        "  --arch NAME        random weights in a named architecture: " + archs + "\n"
        "  --device D         auto (default), cpu, cuda, cuda:N\n"
        "  --precision P      fp32 (default), bf16, fp16 (GPU)\n"
        "  --steps N          base steps of the whole-image run (default: the model's)\n"
        "  --super-res-steps N\n"
        "  --repeats N        runs per stage, the median is reported (default 3)\n"
        "  --json FILE        also write the JSON report to FILE\n"
        "The report names OpenBLAS's kernel set. On a CPU newer than the system's OpenBLAS knows, muse\n"
        "restarts itself with OPENBLAS_CORETYPE set to one the CPU runs (SkylakeX, Haswell); a value you set\n"
        "is kept: `env -u OPENBLAS_CORETYPE muse bench ...` when yours pins a slower kernel.\n";
    Args args(argv, {"model", "arch", "device", "precision", "steps", "super-res-steps", "repeats", "json"}, {"help"});
    if (args.has("help")) {
        std::cout << usage;
        return 0;
    }
    if (!args.ok() || args.has("model") == args.has("arch")) {
        std::cerr << "muse bench: " << (args.ok() ? "give --model DIR or --arch NAME" : args.error()) << "\n\n" << usage;
        return 2;
    }
    BenchmarkOptions options;
    options.modelFolder = args.value("model");
    options.architecture = args.value("arch");
    options.device = args.value("device", "auto");
    auto precision = parsePrecision(args.value("precision", "fp32"));
    if (!precision) {
        std::cerr << "muse bench: " << precision.status().message() << "\n";
        return 2;
    }
    options.precision = *precision;
    try {
        options.steps = std::stoi(args.value("steps", "0"));
        options.superResSteps = std::stoi(args.value("super-res-steps", "0"));
        options.repeats = std::stoi(args.value("repeats", "3"));
    } catch (...) {
        std::cerr << "muse bench: --steps, --super-res-steps and --repeats need numbers\n";
        return 2;
    }
    auto report = runBenchmark(options);
    if (!report) {
        std::cerr << "muse bench: " << report.status().message() << "\n";
        return 1;
    }
    std::cout << report->toTable() << "\n" << report->toJson() << "\n";
    if (args.has("json")) {
        std::ofstream out(args.value("json"));
        out << report->toJson() << "\n";
        if (!out) {
            std::cerr << "muse bench: cannot write " << args.value("json") << "\n";
            return 1;
        }
    }
    return 0;
}

} // namespace muse::cli
