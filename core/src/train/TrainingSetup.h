#pragma once
// What every training stage shares: the architecture presets ("default" = the shipped model,
// "two-vq" = an f4 base tokenizer beside the f8 super-res one, "tiny" and "tiny-two-vq" = tests),
// device resolution, the deterministic data order, and the rendered data.

#include "muse/Training.h"
#include "train/SyntheticScenes.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace muse {

struct StageDefaults {
    int steps = 0;
    int batchSize = 0;
    double learningRate = 0.0;
};

struct TrainArchitecture {
    int baseImageSize;     // pixels of the base model's images (VQ input)
    int superResImageSize; // pixels of the final images
    int tokenizerVocab;
    int maxTextLength;
    int captionCorpus;     // training captions the tokenizer learns from
    int dataScenes;        // token cache: scenes tokenized at the base size
    int superResScenes;    // the first of them also tokenized at the super-res size
    int vqPoolScenes;      // rendered images the VQ trains on
    nlohmann::json textEncoder, vq, base, superRes, defaults;
    // The super-res stage's own tokenizer (super_res_vqvae/), as in the paper; null = it tokenizes
    // with `vq` like the base stage.
    nlohmann::json superResVq;
    StageDefaults vqStage, baseStage, superResStage, superResVqStage;

    bool separateSuperResVq() const { return !superResVq.is_null(); }
};

// "default", "two-vq", "tiny" or "tiny-two-vq"; throws LoadError for other names.
TrainArchitecture trainArchitecture(const std::string& name);

Result<torch::Device> resolveTrainDevice(const std::string& requested);

// The training scenes: SceneSplit::Train (never a held-out combination), deterministic by seed;
// paintJitter: the same scenes with their paints jittered (SceneSamplerOptions::paintJitter).
SceneSampler trainingSampler(uint64_t seed, bool paintJitter = false);

// Renders scenes [first, first + count) at `size` px into (count, 3, size, size) uint8, in parallel.
torch::Tensor renderScenes(const SceneSampler& sampler, int64_t first, int64_t count, int size);
// The same for the scenes first + rows[k], in that order.
torch::Tensor renderScenes(const SceneSampler& sampler, int64_t first, const std::vector<int64_t>& rows, int size);
// The same for scenes given whole (an edited scene is no sampler's).
torch::Tensor renderScenes(const std::vector<Scene>& scenes, int size);

// Index of the example used at global position `position` (step · batch · world + rank · batch + i):
// a fresh permutation of [0, n) per epoch, seeded by (seed, epoch).
class DataOrder {
public:
    DataOrder(int64_t n, uint64_t seed) : m_n(n), m_seed(seed) {}
    int64_t indexAt(int64_t position);

private:
    int64_t m_n;
    uint64_t m_seed;
    int64_t m_epoch = -1;
    std::vector<int64_t> m_permutation;
};

// A CPU generator whose state depends only on (seed, stream, step): resuming reproduces the run.
torch::Generator stepGenerator(uint64_t seed, uint64_t stream, int64_t step);

// The options with the stage's defaults filled in.
TrainOptions withStageDefaults(TrainOptions options, const StageDefaults& defaults);

// The dtype a finished component is stored in: float16 unless --fp32.
c10::optional<torch::ScalarType> exportDtype(const TrainOptions& options);

// All parameters of the modules, in order.
std::vector<torch::Tensor> parametersOf(const std::vector<torch::nn::Module*>& modules);

void setLearningRate(torch::optim::AdamW& optimizer, double rate);

// workDir/<stage>-checkpoint.safetensors (rank 0) or <stage>-checkpoint.rankR.safetensors.
std::string checkpointPath(const TrainOptions& options, const std::string& stage);

} // namespace muse
