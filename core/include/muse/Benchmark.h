#pragma once
// `muse bench`: times each stage of the pipeline — model load, text encoding, one transformer
// step (conditional + unconditional batched), the super-res step, VQ decode, a whole image — for
// a model folder or for a named architecture with random weights (amused-256, amused-512,
// muse-default, muse-632m, muse-3b, muse-632m+superres).

#include "muse/Device.h"
#include "muse/Status.h"

#include <string>
#include <vector>

namespace muse {

struct BenchmarkOptions {
    std::string modelFolder;  // a model folder, or
    std::string architecture; // a named architecture with random weights
    std::string device = "auto";
    Precision precision = Precision::Float32;
    int steps = 0;         // 0 = the model's default
    int superResSteps = 0;
    int repeats = 3;       // runs per timed stage (the median is reported)
};

struct BenchmarkRow {
    std::string stage;
    double medianMs = 0;
    double minMs = 0;
    int runs = 0;
};

struct BenchmarkReport {
    std::string model;
    std::string device;
    std::string precision;
    std::string torchVersion;
    std::string blasKernel; // OpenBLAS's kernel set (blasKernel()); empty for another BLAS
    int threads = 1;
    int width = 0, height = 0;
    int steps = 0, superResSteps = 0;
    int64_t parameters = 0;
    std::vector<BenchmarkRow> rows;

    std::string toTable() const;
    std::string toJson() const;
};

std::vector<std::string> benchmarkArchitectures();
Result<BenchmarkReport> runBenchmark(const BenchmarkOptions& options);

} // namespace muse
