#pragma once
// Where and in which precision the models run. Torch-free so the GUI can offer the choices.

#include "muse/Status.h"

#include <string>
#include <vector>

namespace muse {

enum class Precision { Float32, Float16, BFloat16 };

const char* precisionName(Precision precision); // "fp32", "fp16", "bf16"
Result<Precision> parsePrecision(const std::string& text); // accepts fp32/float32, fp16/float16/half, bf16/bfloat16

struct DeviceInfo {
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
    int cpuThreads = 1;
    std::string torchVersion;
};

DeviceInfo queryDevices();
// "auto" picks CUDA when LibTorch has it, else the CPU; "cpu", "cuda", "cuda:N" are checked.
Result<std::string> resolveDeviceName(const std::string& requested);
// Uses every core for intra-op parallelism (LibTorch starts at 1 thread on some VMs), unless
// MUSE_THREADS or OMP_NUM_THREADS names a count.
void useAllCpuCores();
// Sets LibTorch's intra-op thread count and, when the BLAS in use is OpenBLAS, OpenBLAS's own
// thread pool to the same count (see Device.cpp).
void setCpuThreads(int threads);

} // namespace muse
