#pragma once
// aMUSEd (diffusers AmusedPipeline): CLIP text encoder (penultimate states + projected pooled
// embedding), UVit2DModel with micro-conditioning, one f16 VQ. Images in [0, 1].

#include "pipeline/ModelStack.h"
#include "muse/ClipTokenizer.h"
#include "muse/ModelFolder.h"
#include "text/ClipTextModel.h"
#include "transformer/UVit2DModel.h"
#include "vq/VqModel.h"

namespace muse {

class AmusedStack : public ModelStack {
public:
    static Result<std::unique_ptr<ModelStack>> load(const ModelFolderInfo& folder, torch::Device device,
                                                    torch::ScalarType dtype);
    // Random weights in the published amused-256 / amused-512 architecture (benchmarks); without
    // a vocabulary, prompts become fixed pseudo token ids.
    static Result<std::unique_ptr<ModelStack>> random(bool amused512, torch::Device device, torch::ScalarType dtype);
    AmusedStack(std::optional<ClipTokenizer> tokenizer, ClipTextModel textEncoder, UVit2DModel transformer, VqModel vq,
                torch::Device device, torch::ScalarType dtype);

    void setPrompts(const std::string& prompt, const std::string& negativePrompt, bool guided, int width, int height,
                    float aestheticScore) override;
    int stageCount() const override { return 1; }
    int64_t maskTokenId(int) const override { return (*m_transformer).maskTokenId(); }
    int64_t codebookSize(int) const override;
    int pixelsPerToken(int) const override { return static_cast<int>(m_vq->downscaleFactor()); }
    int gridMultiple(int) const override { return m_transformer->config().downsample ? 2 : 1; }
    GuidedLogits logits(int stage, const torch::Tensor& tokens, bool withUnconditional) override;
    torch::Tensor encodeImage(int stage, const torch::Tensor& image) override;
    torch::Tensor codebook(int stage) override;
    torch::Tensor decodeImage(int stage, const torch::Tensor& tokens) override;

private:
    struct Embedding {
        torch::Tensor states; // (1, 77, 768) penultimate
        torch::Tensor pooled; // (1, 768) text_embeds
    };
    Embedding embed(const std::string& text);
    void describe(int64_t sampleSize);

    std::optional<ClipTokenizer> m_tokenizer;
    ClipTextModel m_textEncoder;
    UVit2DModel m_transformer;
    VqModel m_vq;
    torch::ScalarType m_dtype;
    std::optional<Embedding> m_emptyPrompt;
    UVit2DTextContext m_context;     // batch [uncond, cond] or [cond]
    UVit2DTextContext m_condContext; // [cond] alone, for steps without guidance
    bool m_guided = false;
};

} // namespace muse
