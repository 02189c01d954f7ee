#include "pipeline/AmusedStack.h"

#include "io/JsonConfig.h"
#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

Result<std::unique_ptr<ModelStack>> AmusedStack::load(const ModelFolderInfo& folder, torch::Device device,
                                                      torch::ScalarType dtype)
{
    for (const char* name : {"tokenizer", "text_encoder", "transformer", "vqvae"}) {
        const ComponentInfo* c = folder.component(name);
        if (!c)
            return Status(ErrorCode::UnsupportedFormat, folder.path + ": the aMUSEd pipeline has no " + name + " component");
        if (!c->problem.empty())
            return Status(ErrorCode::UnsupportedFormat, c->problem);
    }
    auto tokenizer = ClipTokenizer::loadFolder(folder.component("tokenizer")->path);
    if (!tokenizer)
        return tokenizer.status();
    auto text = loadClipTextModel(folder.component("text_encoder")->path, device, dtype);
    if (!text)
        return text.status();
    auto transformer = loadUVit2DModel(folder.component("transformer")->path, device, dtype);
    if (!transformer)
        return transformer.status();
    auto vq = loadVqModel(folder.component("vqvae")->path, device, torch::kFloat32);
    if (!vq)
        return vq.status();
    auto stack = std::make_unique<AmusedStack>(tokenizer.takeValue(), text.takeValue(), transformer.takeValue(),
                                               vq.takeValue(), device, dtype);
    ModelDescription& d = stack->m_description;
    d.family = "amused";
    auto config = JsonConfig::load(folder.component("transformer")->path + "/config.json");
    const int64_t sample = config ? config->getInt("sample_size", 16) : 16;
    d.tokenSize = stack->pixelsPerToken(0);
    d.nativeWidth = d.nativeHeight = static_cast<int>(sample) * d.tokenSize;
    d.defaultSteps = 12;
    d.defaultGuidance = 10.0f;
    d.defaultGuidanceMode = GuidanceMode::Constant;
    d.parameterCount = countParameters(*stack->m_textEncoder) + countParameters(*stack->m_transformer) +
                       countParameters(*stack->m_vq);
    return std::unique_ptr<ModelStack>(std::move(stack));
}

AmusedStack::AmusedStack(ClipTokenizer tokenizer, ClipTextModel textEncoder, UVit2DModel transformer, VqModel vq,
                         torch::Device device, torch::ScalarType dtype)
    : ModelStack(device), m_tokenizer(std::move(tokenizer)), m_textEncoder(std::move(textEncoder)),
      m_transformer(std::move(transformer)), m_vq(std::move(vq)), m_dtype(dtype)
{
    m_textEncoder->eval();
    m_transformer->eval();
    m_vq->eval();
}

int64_t AmusedStack::codebookSize(int) const { return m_transformer->config().codebookSize; }

AmusedStack::Embedding AmusedStack::embed(const std::string& text)
{
    if (text.empty() && m_emptyPrompt)
        return *m_emptyPrompt;
    const std::vector<int64_t> ids = m_tokenizer.encodePadded(text);
    torch::Tensor input = torch::tensor(ids, torch::kInt64).unsqueeze(0).to(m_device);
    // aMUSEd passes no attention mask: all 77 positions, padding included, are attended.
    ClipTextOutput out = m_textEncoder->forward(input);
    Embedding e{out.penultimateHiddenState, out.textEmbeds};
    if (text.empty())
        m_emptyPrompt = e;
    return e;
}

void AmusedStack::setPrompts(const std::string& prompt, const std::string& negativePrompt, bool guided, int width,
                             int height, float aestheticScore)
{
    m_guided = guided;
    Embedding cond = embed(prompt);
    torch::Tensor states = cond.states, pooled = cond.pooled;
    if (guided) {
        Embedding uncond = embed(negativePrompt);
        states = torch::cat({uncond.states, cond.states});
        pooled = torch::cat({uncond.pooled, cond.pooled});
    }
    // [width, height, crop_top, crop_left, aesthetic score], as aMUSEd was trained.
    torch::Tensor micro = torch::tensor({float(width), float(height), 0.0f, 0.0f, aestheticScore}, torch::kFloat32)
                              .to(m_device, states.scalar_type())
                              .unsqueeze(0)
                              .expand({states.size(0), 5});
    m_context = m_transformer->prepareText(states, pooled, micro);
    m_condContext = guided ? m_context.indexSelect(torch::tensor({int64_t(1)}, torch::kInt64).to(m_device)) : m_context;
}

GuidedLogits AmusedStack::logits(int, const torch::Tensor& tokens, bool withUnconditional)
{
    GuidedLogits out;
    if (m_guided && withUnconditional) {
        // One forward for both branches: [uncond, cond].
        torch::Tensor both = m_transformer->forward(torch::cat({tokens, tokens}), m_context);
        out.unconditional = both.slice(0, 0, 1);
        out.conditional = both.slice(0, 1, 2);
        return out;
    }
    out.conditional = m_transformer->forward(tokens, m_condContext);
    return out;
}

torch::Tensor AmusedStack::encodeImage(int, const torch::Tensor& image)
{
    return m_vq->encodeToIndices(image.to(m_device, m_vq->encoderDtype()));
}

torch::Tensor AmusedStack::decodeImage(int, const torch::Tensor& tokens)
{
    return m_vq->decodeIndices(tokens.to(m_device)).clamp(0.0, 1.0).to(torch::kCPU, torch::kFloat32);
}

} // namespace muse
