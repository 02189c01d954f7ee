#pragma once
// Our Muse pipeline (model_index.json "_class_name": "MusePipeline"): T5 encoder + SentencePiece
// (and optionally a second T5 encoder the base stage reads too, text/SecondTextEncoder.h), the base
// MuseTransformer with its VQ, and optionally the super-resolution transformer with its own VQ
// (super_res_vqvae) or the base one. Images in [0, 1]. docs/model-format.md has the layout.

#include "pipeline/ModelStack.h"
#include "muse/ModelFolder.h"
#include "muse/T5Tokenizer.h"
#include "text/T5Encoder.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"
#include "vq/VqModel.h"

namespace muse {

class MuseStack : public ModelStack {
public:
    static Result<std::unique_ptr<ModelStack>> load(const ModelFolderInfo& folder, torch::Device device,
                                                    torch::ScalarType dtype);
    // Random weights in a named size (benchmarks): "muse-default", "muse-632m", "muse-3b", or
    // "muse-632m+superres". Text encoders wider than 1024 (T5-XXL) are not built: prompts then
    // become fixed pseudo-random text states of the right width.
    static Result<std::unique_ptr<ModelStack>> random(const std::string& preset, torch::Device device,
                                                      torch::ScalarType dtype);

    void setPrompts(const std::string& prompt, const std::string& negativePrompt, bool guided, int width, int height,
                    float aestheticScore) override;
    int stageCount() const override { return m_superRes ? 2 : 1; }
    int64_t maskTokenId(int stage) const override;
    int64_t codebookSize(int stage) const override;
    int pixelsPerToken(int stage) const override;
    int maxGridWidth(int stage) const override;
    int maxGridHeight(int stage) const override;
    int superResFactor() const override;
    // A patched base transformer (token_patch_size) needs base grids of whole patches.
    int gridMultiple(int stage) const override
    {
        return stage == 0 ? static_cast<int>(m_base->config().tokenPatchSize) : 1;
    }
    void setLowResTokens(const torch::Tensor& baseTokens) override;
    GuidedLogits logits(int stage, const torch::Tensor& tokens, bool withUnconditional) override;
    torch::Tensor encodeImage(int stage, const torch::Tensor& image) override;
    torch::Tensor codebook(int stage) override;
    torch::Tensor decodeImage(int stage, const torch::Tensor& tokens) override;

private:
    MuseStack(std::optional<T5Tokenizer> tokenizer, c10::optional<T5EncoderModel> textEncoder, MuseTransformer base, VqModel baseVq,
              c10::optional<MuseSuperResTransformer> superRes, c10::optional<VqModel> superResVq, torch::Device device);
    struct Embedding {
        torch::Tensor states; // (1, L, d)
    };
    Embedding embed(const std::string& text);
    VqModel& vqOf(int stage);

    void describe();
    std::optional<T5Tokenizer> m_tokenizer;
    c10::optional<T5EncoderModel> m_textEncoder;
    c10::optional<T5EncoderModel> m_secondTextEncoder; // text_encoder_2/: the base transformer reads both
    MuseTransformer m_base;
    VqModel m_baseVq;
    c10::optional<MuseSuperResTransformer> m_superRes;
    c10::optional<VqModel> m_superResVq;
    std::optional<Embedding> m_emptyPrompt;
    bool m_guided = false;
    torch::Tensor m_textStates;               // (B, L, d): [uncond, cond] or [cond]
    c10::optional<torch::Tensor> m_textMask;  // (B, L) 1 = token
    MuseTextContext m_baseContext, m_baseCondContext;
    MuseTextContext m_superResContext, m_superResCondContext;
};

} // namespace muse
