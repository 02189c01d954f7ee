#include "muse/Device.h"

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>

namespace muse {

std::string blasKernel()
{
    // Looked up at run time: the BLAS behind libblas.so.3 is the system's choice.
    using CoreName = char* (*)();
    if (auto name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename")))
        if (const char* text = name())
            return text;
    return {};
}

CpuVectorUnits cpuVectorUnits()
{
    CpuVectorUnits units;
#if defined(__x86_64__)
    __builtin_cpu_init();
    units.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    units.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                   __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                   __builtin_cpu_supports("avx512vl");
#endif
    return units;
}

std::string betterBlasKernel(const std::string& inUse, bool avx2Fma, bool avx512)
{
    // OpenBLAS's x86-64 kernel sets without AVX2 (the names its openblas_get_corename() returns).
    static const char* const kBeforeAvx2[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
                                              "Opteron", "Opteron(SSE3)", "Barcelona", "Bobcat", "Sandybridge",
                                              "Bulldozer", "Piledriver", "Steamroller", "Excavator"};
    bool old = false;
    for (const char* name : kBeforeAvx2)
        old = old || strcasecmp(inUse.c_str(), name) == 0;
    if (!old)
        return {};
    if (avx512)
        return "SkylakeX";
    return avx2Fma ? "Haswell" : std::string();
}

void restartForBetterBlasKernel(char** argv)
{
#if defined(__linux__) && defined(__x86_64__) // /proc/self/exe; OpenBLAS names its x86-64 kernels
    constexpr const char* kRestarted = "MUSE_BLAS_RESTARTED"; // never a second time, whatever happens
    auto isSet = [](const char* name) {
        const char* value = std::getenv(name);
        return value && *value;
    };
    if (isSet("OPENBLAS_CORETYPE") || isSet(kRestarted) || !argv || !argv[0])
        return;
    const CpuVectorUnits units = cpuVectorUnits();
    const std::string better = betterBlasKernel(blasKernel(), units.avx2Fma, units.avx512);
    if (better.empty())
        return;
    if (setenv("OPENBLAS_CORETYPE", better.c_str(), 1) != 0 || setenv(kRestarted, "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Still here: the restart failed. Run on with the kernels already loaded.
    unsetenv("OPENBLAS_CORETYPE");
#else
    (void)argv;
#endif
}

} // namespace muse
