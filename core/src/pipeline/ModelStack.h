#pragma once
// The models of one pipeline behind the engine: text encoder, token models per stage (the base
// transformer, and for Muse the super-resolution transformer) and the VQ tokenizer of each stage.
// The engine drives decoding; a stack only answers "logits for these tokens" and converts
// between images and tokens.

#include "muse/Engine.h"
#include "sampling/ParallelDecoder.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace muse {

class ModelStack {
public:
    virtual ~ModelStack() = default;

    // Family, native size, defaults, device, precision, parameters.
    const ModelDescription& description() const { return m_description; }

    // Encodes the prompt and the unconditional/negative prompt for the next job (batch 1), with
    // the final image size (aMUSEd's micro-conditioning uses it). The empty prompt is cached.
    virtual void setPrompts(const std::string& prompt, const std::string& negativePrompt, bool guided, int width,
                            int height, float aestheticScore) = 0;

    // Stage 0 is the base model; stage 1, when present, the super-resolution model.
    virtual int stageCount() const = 0;
    virtual int64_t maskTokenId(int stage) const = 0;
    virtual int64_t codebookSize(int stage) const = 0;
    virtual int pixelsPerToken(int stage) const = 0; // VQ downscale factor of the stage
    // Largest token grid a stage supports (position embeddings); 0 = any.
    virtual int maxGridWidth(int stage) const { return 0; }
    virtual int maxGridHeight(int stage) const { return 0; }
    // Token grids of the stage must be a multiple of this (aMUSEd's 2×2 down/up-sampling: 2).
    virtual int gridMultiple(int stage) const { return 1; }
    // The super-res grid is this many times the base grid on each side.
    virtual int superResFactor() const { return 1; }
    // Conditions the super-res stage on the finished base tokens (1, h, w).
    virtual void setLowResTokens(const torch::Tensor& baseTokens) {}

    virtual GuidedLogits logits(int stage, const torch::Tensor& tokens, bool withUnconditional) = 0;
    // (1, 3, H, W) in [0, 1] at the stage's resolution → tokens (1, H/f, W/f).
    virtual torch::Tensor encodeImage(int stage, const torch::Tensor& image) = 0;
    // tokens (1, h, w) → (1, 3, h·f, w·f) float32 in [0, 1].
    virtual torch::Tensor decodeImage(int stage, const torch::Tensor& tokens) = 0;
    // The stage's VQ codebook, (codebookSize, dim) on the device: what each token looks like.
    virtual torch::Tensor codebook(int stage) = 0;

    torch::Device device() const { return m_device; }
    // Whether a prompt given to setPrompts() since the last call here was longer than the
    // tokenizer's limit and got cut (the flag is cleared by reading it).
    bool takePromptTruncated()
    {
        const bool cut = m_promptTruncated;
        m_promptTruncated = false;
        return cut;
    }

protected:
    bool m_promptTruncated = false;
    explicit ModelStack(torch::Device device) : m_device(device) {}
    ModelDescription m_description;
    torch::Device m_device;
};

// Loads the pipeline in `folder` (aMUSEd's Hugging Face layout, or our Muse layout).
Result<std::unique_ptr<ModelStack>> loadModelStack(const std::string& folder, const std::string& device,
                                                   Precision precision);

} // namespace muse
