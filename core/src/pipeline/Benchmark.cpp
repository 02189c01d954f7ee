#include "muse/Benchmark.h"

#include "pipeline/AmusedStack.h"
#include "pipeline/JobRunner.h"
#include "pipeline/ModelStack.h"
#include "pipeline/MuseStack.h"
#include "util/LoadError.h"
#include "util/TorchUtil.h"

#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

namespace muse {

namespace {

using Clock = std::chrono::steady_clock;

// Waits for queued GPU work so that a stage's time is its own.
void synchronize(torch::Device device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index() < 0 ? -1 : device.index());
}

BenchmarkRow timeStage(const std::string& stage, int runs, torch::Device device, const std::function<void()>& body)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        synchronize(device);
        const auto start = Clock::now();
        body();
        synchronize(device);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return {stage, sorted[sorted.size() / 2], sorted.front(), runs};
}

} // namespace

std::vector<std::string> benchmarkArchitectures()
{
    return {"amused-256", "amused-512", "muse-default", "muse-632m", "muse-3b", "muse-632m+superres"};
}

std::string BenchmarkReport::toTable() const
{
    std::string out;
    char line[256];
    const std::string blas = blasKernel.empty() ? std::string() : ", OpenBLAS " + blasKernel;
    std::snprintf(line, sizeof line, "model: %s (%.1f M parameters)\ndevice: %s, %s, %d threads, LibTorch %s%s\n", model.c_str(),
                  parameters / 1e6, device.c_str(), precision.c_str(), threads, torchVersion.c_str(), blas.c_str());
    out += line;
    std::snprintf(line, sizeof line, "image: %d×%d, %d steps%s\n\n", width, height, steps,
                  superResSteps ? (" + " + std::to_string(superResSteps) + " super-res steps").c_str() : "");
    out += line;
    out += "| stage | median ms | min ms | runs |\n|---|---:|---:|---:|\n";
    for (const auto& r : rows) {
        std::snprintf(line, sizeof line, "| %s | %.1f | %.1f | %d |\n", r.stage.c_str(), r.medianMs, r.minMs, r.runs);
        out += line;
    }
    return out;
}

std::string BenchmarkReport::toJson() const
{
    nlohmann::ordered_json j = {{"model", model}, {"parameters", parameters}, {"device", device}, {"precision", precision},
                                {"threads", threads}, {"torch", torchVersion}, {"blas_kernel", blasKernel},
                                {"width", width}, {"height", height},
                                {"steps", steps}, {"super_res_steps", superResSteps}};
    j["stages"] = nlohmann::ordered_json::array();
    for (const auto& r : rows)
        j["stages"].push_back({{"stage", r.stage}, {"median_ms", r.medianMs}, {"min_ms", r.minMs}, {"runs", r.runs}});
    return j.dump(2);
}

Result<BenchmarkReport> runBenchmark(const BenchmarkOptions& options)
{
    return guarded("bench", [&]() -> Result<BenchmarkReport> {
        useAllCpuCores();
        c10::InferenceMode inference;
        auto deviceName = resolveDeviceName(options.device);
        if (!deviceName)
            return deviceName.status();
        const torch::Device device(*deviceName);
        if (device.is_cpu() && options.precision == Precision::Float16)
            return Status(ErrorCode::InvalidArgument, "fp16 needs a GPU; use bf16 or fp32 on the CPU");
        const torch::ScalarType dtype = scalarTypeOf(options.precision);
        const int runs = std::max(1, options.repeats);

        BenchmarkReport report;
        std::unique_ptr<ModelStack> stack;
        const auto loadStart = Clock::now();
        if (!options.modelFolder.empty()) {
            auto loaded = loadModelStack(options.modelFolder, *deviceName, options.precision);
            if (!loaded)
                return loaded.status();
            stack = loaded.takeValue();
            report.model = options.modelFolder;
        } else {
            const std::string& arch = options.architecture;
            Result<std::unique_ptr<ModelStack>> built =
                arch == "amused-256" || arch == "amused-512" ? AmusedStack::random(arch == "amused-512", device, dtype)
                : arch.rfind("muse-", 0) == 0               ? MuseStack::random(arch, device, dtype)
                                                             : Result<std::unique_ptr<ModelStack>>(Status(
                                                                   ErrorCode::InvalidArgument, "unknown architecture \"" + arch + "\""));
            if (!built)
                return built.status();
            stack = built.takeValue();
            report.model = arch + " (random weights)";
        }
        synchronize(device);
        const double loadMs = std::chrono::duration<double, std::milli>(Clock::now() - loadStart).count();
        report.rows.push_back({options.modelFolder.empty() ? "build (random init)" : "model load", loadMs, loadMs, 1});

        if (device.is_cpu())
            chooseCpuThreads(stack->description().parameterCount);
        ModelDescription model = stack->description();
        model.device = *deviceName;
        report.device = *deviceName;
        report.precision = precisionName(options.precision);
        report.torchVersion = TORCH_VERSION;
        report.blasKernel = muse::blasKernel();
        report.threads = at::get_num_threads();
        report.parameters = model.parameterCount;
        report.width = model.nativeWidth;
        report.height = model.nativeHeight;
        auto geometry = JobRunner::geometry(*stack, model.nativeWidth, model.nativeHeight);
        if (!geometry)
            return geometry.status();
        const std::string prompt = "a red circle above a blue square";

        report.rows.push_back(timeStage("text encoding (prompt + negative)", runs, device, [&] {
            stack->setPrompts(prompt, "", true, model.nativeWidth, model.nativeHeight, 6.0f);
        }));
        const auto longs = torch::TensorOptions().dtype(torch::kInt64).device(device);
        torch::Tensor baseTokens = torch::full({1, geometry->baseGridHeight, geometry->baseGridWidth}, stack->maskTokenId(0), longs);
        report.rows.push_back(timeStage("base transformer step (cond + uncond)", runs, device,
                                        [&] { stack->logits(0, baseTokens, true); }));
        const int last = stack->stageCount() - 1;
        torch::Tensor lastTokens = torch::randint(0, stack->codebookSize(last), {1, geometry->gridHeight, geometry->gridWidth}, longs);
        if (last > 0) {
            stack->setLowResTokens(torch::randint(0, stack->codebookSize(0), baseTokens.sizes(), longs));
            torch::Tensor masked = torch::full_like(lastTokens, stack->maskTokenId(last));
            report.rows.push_back(timeStage("super-res transformer step (cond + uncond)", runs, device,
                                            [&] { stack->logits(last, masked, true); }));
        }
        report.rows.push_back(timeStage("VQ decode", runs, device, [&] { stack->decodeImage(last, lastTokens); }));

        EngineOptions engineOptions;
        engineOptions.previews = false;
        const ProgressCallback noProgress;
        GenerateRequest request;
        request.settings.prompt = prompt;
        request.settings.steps = options.steps;
        request.settings.superResSteps = options.superResSteps;
        Status failure;
        report.rows.push_back(timeStage("whole image", runs, device, [&] {
            JobRunner runner(*stack, model, engineOptions, noProgress, nullptr);
            auto result = runner.run(request);
            if (!result)
                failure = result.status();
            else {
                report.steps = requestSettings(result->request).steps;
                report.superResSteps = requestSettings(result->request).superResSteps;
            }
        }));
        if (!failure)
            return failure;
        return report;
    });
}

} // namespace muse
