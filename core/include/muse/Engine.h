#pragma once
// The engine: one facade for everything a user does with a Muse model.
//
//   muse::Engine engine;                                    // CUDA when available, else all CPU cores
//   if (auto s = engine.loadModel(""); !s) return s;        // "" = the embedded default model
//   muse::GenerateRequest request;
//   request.settings.prompt = "a red circle above a blue square";
//   request.settings.seed = 42;
//   auto result = engine.generate(request, [](const muse::Progress& p) { show(p); });
//   if (result) muse::writePng("out.png", result->images[0], result->pngText[0]);
//
// Synchronous, cancellable and single-owner: call it from one thread (the GUI's worker thread
// owns it); a CancelToken may be set from any thread and is checked every decoding step and
// between stages. Errors come back as values; no exception escapes.

#include "muse/Device.h"
#include "muse/Image.h"
#include "muse/Requests.h"
#include "muse/Status.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace muse {

struct EngineOptions {
    std::string device = "auto";  // auto, cpu, cuda, cuda:N
    Precision precision = Precision::Float32; // text encoder and transformers; the VQ decoder stays fp32
    bool previews = true;         // decode a preview image of the current prediction (throttled)
    double previewIntervalSeconds = 0.25;
};

enum class Stage { LoadingModel, EncodingText, Base, SuperRes, Decoding, Compositing, Done };
const char* stageName(Stage stage);

struct Progress {
    Stage stage = Stage::LoadingModel;
    int step = 0;              // 1-based within the stage
    int totalSteps = 0;
    int64_t tokensMasked = 0;  // still masked after this step
    int64_t totalTokens = 0;
    double meanConfidence = 0; // of the tokens sampled at masked positions this step
    double elapsedSeconds = 0; // since the job started
    double stepSeconds = 0;
    const Image* preview = nullptr;       // the current prediction decoded (null when throttled)
    const Image* confidenceMap = nullptr; // per-token probability as a gray image (token grid size)
};
using ProgressCallback = std::function<void(const Progress&)>;

class CancelToken {
public:
    void requestCancel() { m_cancelled.store(true); }
    void reset() { m_cancelled.store(false); }
    bool isCancelled() const { return m_cancelled.load(); }

private:
    std::atomic<bool> m_cancelled{false};
};

struct StepRecord {
    Stage stage = Stage::Base;
    int step = 0;
    int64_t tokensMasked = 0;
    double meanConfidence = 0;
    double seconds = 0;
};

struct GenerationResult {
    std::vector<Image> images;   // numImages RGB images
    std::vector<uint64_t> seeds; // the seed of each image (seed, seed + 1, ...)
    AnyRequest request;          // the request with every default filled in
    // Per image: PNG text chunks "parameters" (A1111 style) and "muse" (the request JSON that
    // re-creates exactly this image: its own seed, num_images 1).
    std::vector<std::map<std::string, std::string>> pngText;
    std::vector<StepRecord> steps;
    double seconds = 0;
    std::vector<std::string> warnings; // e.g. a prompt cut at the tokenizer's limit
};

struct ModelDescription {
    std::string path;
    std::string family;        // "amused" or "muse"
    std::string name;
    int nativeWidth = 0, nativeHeight = 0;
    int tokenSize = 16;        // pixels per token of the final image
    int sizeUnit = 16;         // image sides must be multiples of this (whole tokens of every stage)
    bool hasSuperRes = false;
    int defaultSteps = 12, defaultSuperResSteps = 0;
    float defaultGuidance = 10.0f;
    GuidanceMode defaultGuidanceMode = GuidanceMode::Constant;
    // Softmax temperature of token sampling per stage (base, super-res), from the model's
    // model_index.json `_defaults` (token_temperature, super_res_token_temperature); 1 = the
    // paper's plain sampling.
    float tokenTemperature[2] = {1.0f, 1.0f};
    std::string device;
    Precision precision = Precision::Float32;
    int64_t parameterCount = 0;
};

class Engine {
public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Loads a model folder (aMUSEd's Hugging Face layout or our Muse layout); "" loads the
    // embedded default model. Replaces the current model only on success.
    Status loadModel(const std::string& folder, const ProgressCallback& progress = {});
    bool hasModel() const;
    const ModelDescription& model() const;
    const EngineOptions& options() const;

    Result<GenerationResult> generate(const GenerateRequest& request, const ProgressCallback& progress = {},
                                      const CancelToken* cancel = nullptr);
    Result<GenerationResult> inpaint(const InpaintRequest& request, const ProgressCallback& progress = {},
                                     const CancelToken* cancel = nullptr);
    Result<GenerationResult> outpaint(const OutpaintRequest& request, const ProgressCallback& progress = {},
                                      const CancelToken* cancel = nullptr);
    Result<GenerationResult> edit(const EditRequest& request, const ProgressCallback& progress = {},
                                  const CancelToken* cancel = nullptr);
    Result<GenerationResult> run(const AnyRequest& request, const ProgressCallback& progress = {},
                                 const CancelToken* cancel = nullptr);

    // Where the embedded default model is installed (next to the executable or the source tree).
    static std::string defaultModelPath();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace muse
