#include "muse/Device.h"

#include "util/TorchUtil.h"

#include <torch/torch.h>

#include <dlfcn.h>
#include <thread>

namespace muse {

const char* precisionName(Precision precision)
{
    switch (precision) {
    case Precision::Float32: return "fp32";
    case Precision::Float16: return "fp16";
    case Precision::BFloat16: return "bf16";
    }
    return "fp32";
}

Result<Precision> parsePrecision(const std::string& text)
{
    if (text == "fp32" || text == "float32" || text == "f32")
        return Precision::Float32;
    if (text == "fp16" || text == "float16" || text == "half" || text == "f16")
        return Precision::Float16;
    if (text == "bf16" || text == "bfloat16")
        return Precision::BFloat16;
    return Status(ErrorCode::InvalidArgument, "unknown precision \"" + text + "\" (use fp32, fp16 or bf16)");
}

DeviceInfo queryDevices()
{
    DeviceInfo info;
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.cpuThreads = at::get_num_threads();
    info.torchVersion = TORCH_VERSION;
    return info;
}

Result<std::string> resolveDeviceName(const std::string& requested)
{
    if (requested.empty() || requested == "auto")
        return std::string(torch::cuda::is_available() ? "cuda" : "cpu");
    try {
        torch::Device device(requested);
        if (device.is_cuda()) {
            if (!torch::cuda::is_available())
                return Status(ErrorCode::InvalidArgument,
                              "device \"" + requested + "\": this LibTorch build has no CUDA or no GPU is visible");
            if (device.has_index() && device.index() >= static_cast<int>(torch::cuda::device_count()))
                return Status(ErrorCode::InvalidArgument, "device \"" + requested + "\": no such GPU");
        } else if (!device.is_cpu()) {
            return Status(ErrorCode::InvalidArgument, "device \"" + requested + "\": only cpu and cuda are supported");
        }
    } catch (const c10::Error&) {
        return Status(ErrorCode::InvalidArgument, "unknown device \"" + requested + "\" (use auto, cpu, cuda or cuda:N)");
    }
    return requested;
}

void setCpuThreads(int threads)
{
    threads = std::max(threads, 1);
    at::set_num_threads(threads);
    // Debian's LibTorch calls into OpenBLAS, which keeps its own pool of spinning worker threads,
    // one per core, beside OpenMP's. With LibTorch at one thread that second pool still held the
    // other core (a VQ training step's process ran at 140 % CPU), so two processes, or two OpenMP
    // threads, oversubscribed two cores: measured here, a transformer training step took 0.70 s
    // beside another job instead of 0.40 s with OpenBLAS at one thread. The symbol is looked up
    // at run time because the BLAS behind libblas.so.3 is the system's choice.
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(threads);
}

void useAllCpuCores()
{
    // An explicit thread count from the user (MUSE_THREADS, or OpenMP's own variable) wins.
    for (const char* name : {"MUSE_THREADS", "OMP_NUM_THREADS"}) {
        if (const char* value = std::getenv(name); value && std::atoi(value) > 0) {
            setCpuThreads(std::atoi(value));
            return;
        }
    }
    const unsigned cores = std::thread::hardware_concurrency();
    if (cores > 0 && at::get_num_threads() < static_cast<int>(cores))
        setCpuThreads(static_cast<int>(cores));
}

void chooseCpuThreads(int64_t modelParameters)
{
    for (const char* name : {"MUSE_THREADS", "OMP_NUM_THREADS"})
        if (const char* value = std::getenv(name); value && std::atoi(value) > 0)
            return; // the user's count, already applied by useAllCpuCores()
    // Small models do too little work per operation for a second OpenMP thread to pay off, and
    // when any other process (the GUI, a compiler) holds a core, every parallel region waits for
    // the descheduled thread: measured here, a 0.3M-parameter model took 1.3 s per image on two
    // busy threads and 10 ms on one.
    constexpr int64_t kSmallModel = 50'000'000;
    if (modelParameters < kSmallModel)
        setCpuThreads(1);
    else
        useAllCpuCores();
}

torch::ScalarType scalarTypeOf(Precision precision)
{
    switch (precision) {
    case Precision::Float32: return torch::kFloat32;
    case Precision::Float16: return torch::kFloat16;
    case Precision::BFloat16: return torch::kBFloat16;
    }
    return torch::kFloat32;
}

} // namespace muse
