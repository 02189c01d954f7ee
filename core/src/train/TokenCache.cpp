#include "train/TokenCache.h"

#include "io/TensorConvert.h"
#include "muse/SafeTensors.h"
#include "util/LoadError.h"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace muse {

namespace {

torch::Tensor fingerprint(VqModel& vq, int64_t scenes, int64_t superResScenes, uint64_t seed)
{
    torch::NoGradGuard noGrad;
    torch::Tensor w = vq->quantizer->embedding->weight.detach().to(torch::kCPU, torch::kFloat64);
    return torch::stack({w.sum(), w.abs().sum(), w.pow(2).sum(), torch::tensor(double(scenes), torch::kFloat64), torch::tensor(double(superResScenes), torch::kFloat64),
                         torch::tensor(double(seed % 1000003), torch::kFloat64)});
}

} // namespace

Result<TokenCache> TokenCache::loadOrBuild(const std::string& workDir, VqModel& vq, const TrainArchitecture& arch,
                                           int64_t scenes, int64_t superResScenes, uint64_t seed, torch::Device device,
                                           const TrainLogCallback& log, int rank)
{
    return guarded(workDir, [&]() -> Result<TokenCache> {
        const std::string suffix = rank > 0 ? ".rank" + std::to_string(rank) : std::string();
        const fs::path tensorsPath = fs::path(workDir) / ("token-cache" + suffix + ".safetensors");
        const fs::path captionsPath = fs::path(workDir) / ("token-cache" + suffix + "-captions.txt");
        const torch::Tensor expected = fingerprint(vq, scenes, superResScenes, seed);
        TokenCache cache;
        if (fs::exists(tensorsPath) && fs::exists(captionsPath)) {
            auto archive = TensorArchive::open(tensorsPath.string());
            if (archive && torch::allclose(readTensor(*archive, "fingerprint"), expected, 1e-9, 1e-9)) {
                cache.baseTokens = readTensor(*archive, "base_tokens").to(torch::kInt64);
                cache.superResTokens = readTensor(*archive, "superres_tokens").to(torch::kInt64);
                std::ifstream in(captionsPath);
                for (std::string line; std::getline(in, line);)
                    cache.captions.push_back(line);
                if (cache.size() == scenes && cache.baseTokens.size(0) == scenes &&
                    cache.superResTokens.size(0) == std::min(superResScenes, scenes)) {
                    if (log)
                        log("token cache: " + std::to_string(scenes) + " scenes from " + tensorsPath.string());
                    return cache;
                }
                cache = TokenCache();
            }
        }
        if (log)
            log("token cache: rendering and tokenizing " + std::to_string(scenes) + " training scenes");
        const SceneSampler sampler = trainingSampler(seed);
        std::vector<torch::Tensor> base, high;
        torch::NoGradGuard noGrad;
        vq->eval();
        const int64_t chunk = 64;
        const int64_t highScenes = std::min(superResScenes, scenes);
        for (int64_t first = 0; first < scenes; first += chunk) {
            const int64_t n = std::min(chunk, scenes - first);
            torch::Tensor images = renderScenes(sampler, first, n, arch.baseImageSize).to(torch::kFloat32).div(255.0).to(device);
            base.push_back(vq->encodeToIndices(images).cpu());
            if (first < highScenes) {
                const int64_t m = std::min(n, highScenes - first);
                torch::Tensor big = renderScenes(sampler, first, m, arch.superResImageSize).to(torch::kFloat32).div(255.0).to(device);
                high.push_back(vq->encodeToIndices(big).cpu());
            }
            for (int64_t i = 0; i < n; ++i)
                cache.captions.push_back(sampler.exampleAt(uint64_t(first + i)).caption);
            if (log && ((first / chunk) % 25 == 24 || first + n == scenes))
                log("token cache: " + std::to_string(first + n) + "/" + std::to_string(scenes));
        }
        cache.baseTokens = torch::cat(base);
        cache.superResTokens = torch::cat(high);
        MUSE_RETURN_IF_ERROR(writeTensors(tensorsPath.string(), {{"base_tokens", cache.baseTokens.to(torch::kInt32)},
                                                                 {"superres_tokens", cache.superResTokens.to(torch::kInt32)},
                                                                 {"fingerprint", expected}}));
        std::ofstream out(captionsPath);
        for (const auto& c : cache.captions)
            out << c << "\n";
        return cache;
    });
}

} // namespace muse
