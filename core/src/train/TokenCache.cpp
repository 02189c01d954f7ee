#include "train/TokenCache.h"

#include "io/TensorConvert.h"
#include "pipeline/ImageTensor.h"
#include "train/SceneRng.h"
#include "muse/SafeTensors.h"
#include "util/LoadError.h"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace muse {

namespace {

torch::Tensor fingerprint(VqModel& vq, VqModel* superResVq, int64_t scenes, int64_t superResScenes, uint64_t seed,
                          bool paintJitter, double roundTripFraction)
{
    torch::NoGradGuard noGrad;
    auto codebook = [](VqModel& model) {
        torch::Tensor w = model->quantizer->embedding->weight.detach().to(torch::kCPU, torch::kFloat64);
        return std::vector<torch::Tensor>{w.sum(), w.abs().sum(), w.pow(2).sum()};
    };
    std::vector<torch::Tensor> values = codebook(vq);
    for (double v : {double(scenes), double(superResScenes), double(seed % 1000003)})
        values.push_back(torch::tensor(v, torch::kFloat64));
    if (superResVq)
        for (const torch::Tensor& v : codebook(*superResVq))
            values.push_back(v);
    // Entries only when on: a cache from before these options existed still matches its exact renders.
    if (paintJitter)
        values.push_back(torch::tensor(1.0, torch::kFloat64));
    if (roundTripFraction > 0)
        values.push_back(torch::tensor(2.0 + roundTripFraction, torch::kFloat64));
    return torch::stack(values);
}

// Scene `index` is round-tripped: a draw of its own, so the choice does not depend on the chunking.
bool roundTripped(uint64_t seed, int64_t index, double fraction)
{
    return fraction > 0 && SceneRng(seed ^ 0x52545249505ull, uint64_t(index)).uniform() < fraction;
}

// The generated-image view of rendered scenes (see the header): (n, h, w) base tokens and (n, H, W)
// super-res tokens of the super-res VQ's 8-bit reconstruction of their super-res-size renders.
std::pair<torch::Tensor, torch::Tensor> roundTripTokens(VqModel& vq, VqModel& highVq, const torch::Tensor& renders,
                                                        int baseSize, torch::Device device)
{
    const torch::Tensor decoded =
        highVq->decodeIndices(highVq->encodeToIndices(renders)).clamp(0.0, 1.0).to(torch::kCPU, torch::kFloat32);
    std::vector<torch::Tensor> big, small;
    for (int64_t i = 0; i < decoded.size(0); ++i) {
        const Image generated = tensorToImage(decoded[i]);
        big.push_back(imageToTensor(generated, torch::kCPU));
        small.push_back(imageToTensor(resizeImage(generated, baseSize, baseSize), torch::kCPU));
    }
    // One copy to the device per batch, not two per image.
    return {vq->encodeToIndices(torch::cat(small).to(device)).cpu(), highVq->encodeToIndices(torch::cat(big).to(device)).cpu()};
}

} // namespace

Result<TokenCache> TokenCache::loadOrBuild(const std::string& workDir, VqModel& vq, VqModel* superResVq,
                                           const TrainArchitecture& arch,
                                           int64_t scenes, int64_t superResScenes, uint64_t seed, bool paintJitter,
                                           double roundTripFraction, torch::Device device,
                                           const TrainLogCallback& log, GradientSync& sync)
{
    return guarded(workDir, [&]() -> Result<TokenCache> {
        const int rank = sync.rank();
        const std::string suffix = rank > 0 ? ".rank" + std::to_string(rank) : std::string();
        const fs::path tensorsPath = fs::path(workDir) / ("token-cache" + suffix + ".safetensors");
        const fs::path captionsPath = fs::path(workDir) / ("token-cache" + suffix + "-captions.txt");
        const torch::Tensor expected = fingerprint(vq, superResVq, scenes, superResScenes, seed, paintJitter, roundTripFraction);
        VqModel& highVq = superResVq ? *superResVq : vq;
        const SceneSampler sampler = trainingSampler(seed, paintJitter);
        // Scenes per batch of renders and VQ calls: a GPU spends most of a small batch's time on
        // launches (200,000 scenes took ~2 minutes in chunks of 64 on an H200).
        const int64_t chunk = device.is_cuda() ? 1024 : 64;
        auto unit = [&](const torch::Tensor& pixels) { return pixels.to(torch::kFloat32).div(255.0).to(device); };
        // The exact renders' base tokens of the chunk at `first` (n scenes) into cache.baseExact.
        auto encodeExact = [&](TokenCache& c, int64_t first, int64_t n) {
            c.baseExact.slice(0, first, first + n)
                .copy_(vq->encodeToIndices(unit(renderScenes(sampler, first, n, arch.baseImageSize))).cpu().to(torch::kInt64));
        };
        auto write = [&](const TokenCache& c) {
            std::vector<std::pair<std::string, torch::Tensor>> tensors = {
                {"base_tokens", c.baseTokens.to(torch::kInt32)},
                {"superres_tokens", c.superResTokens.to(torch::kInt32)},
                {"fingerprint", expected}};
            if (roundTripFraction > 0)
                tensors.emplace_back("base_exact_tokens", c.baseExact.to(torch::kInt32));
            return writeTensors(tensorsPath.string(), tensors);
        };
        TokenCache cache;
        bool loaded = false, exactMissing = false;
        if (fs::exists(tensorsPath) && fs::exists(captionsPath)) {
            auto archive = TensorArchive::open(tensorsPath.string());
            const torch::Tensor stored = archive ? readTensor(*archive, "fingerprint") : torch::Tensor();
            if (archive && stored.sizes() == expected.sizes() && torch::allclose(stored, expected, 1e-9, 1e-9)) {
                cache.baseTokens = readTensor(*archive, "base_tokens").to(torch::kInt64);
                cache.superResTokens = readTensor(*archive, "superres_tokens").to(torch::kInt64);
                cache.baseExact = cache.baseTokens;
                if (roundTripFraction > 0) {
                    // A cache written before the exact tokens were kept gets them added below.
                    exactMissing = !archive->find("base_exact_tokens");
                    cache.baseExact = exactMissing ? torch::zeros_like(cache.baseTokens)
                                                   : readTensor(*archive, "base_exact_tokens").to(torch::kInt64);
                }
                std::ifstream in(captionsPath);
                for (std::string line; std::getline(in, line);)
                    cache.captions.push_back(line);
                loaded = cache.size() == scenes && cache.baseTokens.size(0) == scenes &&
                         cache.superResTokens.size(0) == std::min(superResScenes, scenes) &&
                         cache.baseExact.sizes() == cache.baseTokens.sizes();
            }
        }
        // Every rank builds when any one must: a rank building alone would wait forever in the sum.
        if (sync.averageScalar(loaded ? 1.0 : 0.0) > 0.999) {
            if (log)
                log("token cache: " + std::to_string(scenes) + " scenes from " + tensorsPath.string());
            if (sync.averageScalar(exactMissing ? 1.0 : 0.0) > 0.0) {
                if (log)
                    log("token cache: adding the exact renders' base tokens");
                torch::NoGradGuard noGrad;
                vq->eval();
                cache.baseExact.zero_();
                for (int64_t first = 0, index = 0; first < scenes; first += chunk, ++index)
                    if (index % sync.worldSize() == rank)
                        encodeExact(cache, first, std::min(chunk, scenes - first));
                sync.sumInPlace(cache.baseExact);
                MUSE_RETURN_IF_ERROR(write(cache));
            }
            return cache;
        }
        cache = TokenCache();
        if (log)
            log("token cache: rendering and tokenizing " + std::to_string(scenes) + " training scenes" +
                (paintJitter ? std::string(" (paints jittered)") : std::string()) +
                (roundTripFraction > 0 ? " (" + std::to_string(int(std::lround(roundTripFraction * 100))) + " % round-tripped)"
                                       : std::string()) +
                (sync.worldSize() > 1 ? " in " + std::to_string(sync.worldSize()) + " processes" : std::string()));
        torch::NoGradGuard noGrad;
        vq->eval();
        highVq->eval();
        const int64_t highScenes = std::min(superResScenes, scenes);
        const int64_t grid = arch.baseImageSize / vq->downscaleFactor();
        const int64_t highGrid = arch.superResImageSize / highVq->downscaleFactor();
        // Zeros where another rank tokenizes: the sum over ranks fills them in.
        cache.baseTokens = torch::zeros({scenes, grid, grid}, torch::kInt64);
        cache.superResTokens = torch::zeros({highScenes, highGrid, highGrid}, torch::kInt64);
        cache.baseExact = roundTripFraction > 0 ? torch::zeros_like(cache.baseTokens) : cache.baseTokens;
        for (int64_t first = 0, index = 0; first < scenes; first += chunk, ++index) {
            const int64_t n = std::min(chunk, scenes - first);
            for (int64_t i = 0; i < n; ++i)
                cache.captions.push_back(sampler.exampleAt(uint64_t(first + i)).caption);
            if (index % sync.worldSize() != rank)
                continue;
            // Rows of the chunk tokenized from their render (exact) or from its round trip; each row once.
            // Only the rows with super-res tokens or a round trip are rendered at the super-res size
            // (`bigRows`; exactHigh and trips index into that render).
            std::vector<int64_t> exact, trips, exactHigh, bigRows, highRows, tripRows;
            const int64_t m = first < highScenes ? std::min(n, highScenes - first) : 0; // rows with super-res tokens
            for (int64_t i = 0; i < n; ++i) {
                const bool trip = roundTripped(seed, first + i, roundTripFraction);
                (trip ? trips : exact).push_back(i);
                if (!trip && i < m) {
                    exactHigh.push_back(int64_t(bigRows.size()));
                    highRows.push_back(i);
                }
                if (trip)
                    tripRows.push_back(int64_t(bigRows.size()));
                if (trip || i < m)
                    bigRows.push_back(i);
            }
            auto rows = [](const std::vector<int64_t>& v) { return torch::tensor(v, torch::kInt64); };
            torch::Tensor base = cache.baseTokens.slice(0, first, first + n);
            torch::Tensor high = cache.superResTokens.slice(0, first, first + m);
            // Every row's exact tokens (into baseTokens itself when nothing is round-tripped).
            encodeExact(cache, first, n);
            if (roundTripFraction > 0 && !exact.empty())
                base.index_copy_(0, rows(exact), cache.baseExact.slice(0, first, first + n).index_select(0, rows(exact)));
            // The super-res-size renders: for the super-res tokens and for every round trip.
            const torch::Tensor big = bigRows.empty() ? torch::Tensor() : renderScenes(sampler, first, bigRows, arch.superResImageSize);
            if (!exactHigh.empty())
                high.index_copy_(0, rows(highRows),
                                 highVq->encodeToIndices(unit(big.index_select(0, rows(exactHigh)))).cpu().to(torch::kInt64));
            if (!trips.empty()) {
                const auto [low, again] = roundTripTokens(vq, highVq, unit(big.index_select(0, rows(tripRows))), arch.baseImageSize, device);
                base.index_copy_(0, rows(trips), low.to(torch::kInt64));
                for (std::size_t k = 0; k < trips.size() && trips[k] < m; ++k)
                    high[trips[k]].copy_(again[int64_t(k)]);
            }
            if (log && (index / sync.worldSize()) % 25 == 24)
                log("token cache: " + std::to_string(first + n) + "/" + std::to_string(scenes));
        }
        sync.sumInPlace(cache.baseTokens);
        sync.sumInPlace(cache.superResTokens);
        if (roundTripFraction > 0)
            sync.sumInPlace(cache.baseExact);
        if (log)
            log("token cache: " + std::to_string(scenes) + "/" + std::to_string(scenes));
        MUSE_RETURN_IF_ERROR(write(cache));
        std::ofstream out(captionsPath);
        for (const auto& c : cache.captions)
            out << c << "\n";
        return cache;
    });
}

} // namespace muse
