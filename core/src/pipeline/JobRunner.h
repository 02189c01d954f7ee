#pragma once
// One engine job: resolves the request's defaults against the model, plans the token grids,
// runs the decoding stages with progress, previews and cancellation, decodes, composites and
// attaches metadata. Generation and the three editing modes differ only in how the initial
// tokens are set up and how the result is composited.

#include "muse/Engine.h"
#include "pipeline/ModelStack.h"

#include <chrono>

namespace muse {

// Token grids of one job. The final image is width × height pixels; the base stage works on a
// grid superResFactor times smaller (Muse) or the same grid (single-stage models).
struct JobGeometry {
    int width = 0, height = 0;         // final image in pixels
    int gridWidth = 0, gridHeight = 0; // tokens of the last stage
    int baseGridWidth = 0, baseGridHeight = 0;
    int basePixelWidth = 0, basePixelHeight = 0; // the base stage's own image size
    int unit = 16;            // width and height must be multiples of this
    int finalTokenPixels = 16; // final-image pixels per last-stage token
    int basePixelsInFinal = 16; // final-image pixels per base token
};

class JobRunner {
public:
    JobRunner(ModelStack& stack, const ModelDescription& model, const EngineOptions& options,
              const ProgressCallback& progress, const CancelToken* cancel);

    Result<GenerationResult> run(const AnyRequest& request);
    // The later stages alone on top of the base tokens of `baseImage` (exactly the base stage's
    // image size for some output size): what super-res makes of a given low-resolution image, for
    // judging that stage on its own. A single-stage model returns the image's VQ round trip.
    Result<Image> superResolve(const PromptSettings& settings, const Image& baseImage);

    // Smallest multiple every image side must be for this model (for padding inputs).
    static int sizeUnit(const ModelStack& stack);
    static Result<JobGeometry> geometry(const ModelStack& stack, int width, int height);

private:
    using Clock = std::chrono::steady_clock;
    PromptSettings resolve(const PromptSettings& settings) const;
    DecodeSettings decodeSettings(const PromptSettings& resolved, int stage) const;

    // Inpaint, outpaint and edit of one image with the settings `one` (its own seed).
    Result<Image> runEditing(const AnyRequest& request, const PromptSettings& one, int unit);
    Result<Image> generateOne(const GenerateRequest& request, const JobGeometry& g, uint64_t seed);
    Result<Image> inpaintOne(const PromptSettings& s, const Image& image, const Image& mask, int growTokens,
                             int featherPixels, bool featherInward, const JobGeometry& g, uint64_t seed);
    // Inpainting an image larger than the model's: a context box around the mask is regenerated
    // at the model's size and pasted back.
    Result<Image> inpaintInContext(const PromptSettings& s, const Image& image, const Image& mask, int growTokens,
                                   int featherPixels, int unit);
    // The largest size in whole tokens with the image's aspect ratio that the model can make.
    std::pair<int, int> fitInModel(int width, int height, int unit) const;
    Result<Image> editOne(const EditRequest& request, const Image& image, const JobGeometry& g, uint64_t seed);
    // An input image's tokens of one stage as the model would write them (our own models; see
    // JobEditing.cpp). Super-res (stage 1) needs its low-res tokens set first.
    torch::Tensor snapInputTokens(int stage, const torch::Tensor& tokens, at::Generator& generator);

    // Runs one decoding stage; nullopt when cancelled.
    std::optional<torch::Tensor> decodeStage(int stage, torch::Tensor tokens, const DecodeSettings& settings,
                                             at::Generator& generator, float startingMaskRatio, int stepOffset = 0,
                                             int totalSteps = 0, torch::Tensor* lastConfidence = nullptr);
    // The super-res stage (if any) on top of finished base tokens: `initial` are the last-stage
    // tokens to start from (masked where they must be regenerated).
    std::optional<torch::Tensor> finishStages(const PromptSettings& s, const torch::Tensor& baseTokens,
                                              torch::Tensor initial, at::Generator& generator);
    // The super-res stage's decoding once its low-res tokens are set (finishStages sets them).
    std::optional<torch::Tensor> decodeSuperRes(const PromptSettings& s, torch::Tensor initial, at::Generator& generator);
    // Editing with a super-res stage: the image's last-stage tokens, `regenerate` (bool, grid of
    // the last stage) masked, decoded on top of the new base tokens. Single-stage: the base tokens.
    std::optional<torch::Tensor> finishFromImage(const PromptSettings& s, const torch::Tensor& baseTokens, const Image& image,
                                                 const torch::Tensor& regenerate, at::Generator& generator);
    Image decodeFinal(const torch::Tensor& tokens); // last-stage tokens → image, with progress
    void setPrompts(const PromptSettings& s, const JobGeometry& g);
    bool cancelled() const { return m_cancel && m_cancel->isCancelled(); }
    void report(Progress p);
    double elapsed() const;

    ModelStack& m_stack;
    const ModelDescription& m_model;
    const EngineOptions& m_options;
    const ProgressCallback& m_progress;
    const CancelToken* m_cancel;
    Clock::time_point m_start;
    Clock::time_point m_lastStep;
    double m_lastPreviewEnd = -1e9;
    double m_lastPreviewCost = 0;
    std::vector<StepRecord> m_records;
};

at::Generator makeGenerator(torch::Device device, uint64_t seed);

} // namespace muse
