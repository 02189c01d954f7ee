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

// The kernel set of the OpenBLAS this process runs ("SkylakeX", "Haswell", "Prescott", ...); empty when
// the system's BLAS is not OpenBLAS.
std::string blasKernel();
// The x86-64 vector units betterBlasKernel() asks about, as the CPU and the OS offer them (both false
// elsewhere).
struct CpuVectorUnits {
    bool avx2Fma = false; // AVX2 and FMA
    bool avx512 = false;  // AVX-512 F, CD, BW, DQ and VL
};
CpuVectorUnits cpuVectorUnits();
// The kernel set to ask OpenBLAS for instead of `inUse`, or empty to keep it: a kernel older than AVX2
// ("Prescott", "Core2", "Nehalem", "Sandybridge", ...) on a CPU with AVX-512 (F, CD, BW, DQ, VL) or
// AVX2 and FMA gets "SkylakeX" or "Haswell".
std::string betterBlasKernel(const std::string& inUse, bool avx2Fma, bool avx512);
// Debian 12's OpenBLAS (0.3.21) chooses its kernels by CPU model when it loads and runs its oldest
// x86-64 set ("Prescott", SSE3) on models newer than it knows: on a Xeon with AVX-512 every
// transformer step took 2.4 times as long and a whole image 1.46 s instead of 0.60 s. It reads
// OPENBLAS_CORETYPE only when it loads, so when betterBlasKernel() names a set this restarts the
// program (execv of /proc/self/exe, the same arguments) with that variable; call it first thing in
// main(). Returns, changing nothing, when no restart is needed, when OPENBLAS_CORETYPE is already set
// (the user's choice) or when the restart fails.
void restartForBetterBlasKernel(char** argv);

} // namespace muse
