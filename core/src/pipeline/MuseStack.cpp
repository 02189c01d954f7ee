#include "pipeline/MuseStack.h"

#include "io/JsonConfig.h"
#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

namespace {

const ComponentInfo* usable(const ModelFolderInfo& folder, const char* name, bool required)
{
    const ComponentInfo* c = folder.component(name);
    if (!c) {
        if (required)
            throw LoadError(ErrorCode::UnsupportedFormat, folder.path + ": the Muse pipeline has no " + std::string(name) + " component");
        return nullptr;
    }
    if (!c->problem.empty())
        throw LoadError(ErrorCode::UnsupportedFormat, c->problem);
    return c;
}

template <typename T>
T take(Result<T> result)
{
    if (!result)
        throw LoadError(result.status());
    return result.takeValue();
}

} // namespace

Result<std::unique_ptr<ModelStack>> MuseStack::load(const ModelFolderInfo& folder, torch::Device device,
                                                    torch::ScalarType dtype)
{
    return guarded(folder.path, [&]() -> Result<std::unique_ptr<ModelStack>> {
        const ComponentInfo* tokenizerDir = folder.component("tokenizer");
        const ComponentInfo* textDir = usable(folder, "text_encoder", true);
        auto tokenizer = take(T5Tokenizer::loadFolder(tokenizerDir && tokenizerDir->problem.empty() ? tokenizerDir->path : textDir->path));
        auto text = take(loadT5Encoder(textDir->path, device, dtype));
        auto base = take(loadMuseTransformer(usable(folder, "transformer", true)->path, device, dtype));
        auto baseVq = take(loadVqModel(usable(folder, "vqvae", true)->path, device, torch::kFloat32));
        c10::optional<MuseSuperResTransformer> superRes;
        c10::optional<VqModel> superResVq;
        if (const ComponentInfo* sr = usable(folder, "super_res_transformer", false)) {
            superRes = take(loadMuseSuperResTransformer(sr->path, device, dtype));
            if (const ComponentInfo* srVq = usable(folder, "super_res_vqvae", false))
                superResVq = take(loadVqModel(srVq->path, device, torch::kFloat32));
        }
        if (tokenizer.vocabSize() > text->config().vocabSize)
            throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": the tokenizer has " + std::to_string(tokenizer.vocabSize()) +
                                                           " pieces but the text encoder only " +
                                                           std::to_string(text->config().vocabSize) + " embeddings");
        if (base->config().encoderHiddenSize != text->config().dModel)
            throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": transformer/config.json encoder_hidden_size " +
                                                           std::to_string(base->config().encoderHiddenSize) +
                                                           " differs from the text encoder's d_model " +
                                                           std::to_string(text->config().dModel));
        if (base->config().codebookSize != baseVq->codebookSize())
            throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": the transformer predicts " +
                                                           std::to_string(base->config().codebookSize) + " codes but the VQ has " +
                                                           std::to_string(baseVq->codebookSize()));
        std::unique_ptr<MuseStack> stack(new MuseStack(std::move(tokenizer), std::move(text), std::move(base), std::move(baseVq),
                                                       std::move(superRes), std::move(superResVq), device));
        ModelDescription& d = stack->m_description;
        d.family = "muse";
        const int last = stack->stageCount() - 1;
        d.tokenSize = stack->pixelsPerToken(last);
        d.nativeWidth = stack->maxGridWidth(last) * d.tokenSize;
        d.nativeHeight = stack->maxGridHeight(last) * d.tokenSize;
        d.hasSuperRes = stack->m_superRes.has_value();
        d.defaultSteps = 24;
        d.defaultSuperResSteps = d.hasSuperRes ? 8 : 0;
        d.defaultGuidance = 4.0f;
        d.defaultGuidanceMode = GuidanceMode::Linear;
        // Pipeline defaults chosen by whoever trained the model.
        auto index = JsonConfig::load(folder.path + "/model_index.json");
        if (index && index->json().contains("_defaults") && index->json()["_defaults"].is_object()) {
            JsonConfig defaults = JsonConfig::fromJson(index->json()["_defaults"], index->path() + " _defaults");
            d.defaultSteps = static_cast<int>(defaults.getInt("steps", d.defaultSteps));
            d.defaultSuperResSteps = static_cast<int>(defaults.getInt("super_res_steps", d.defaultSuperResSteps));
            d.defaultGuidance = static_cast<float>(defaults.getDouble("guidance_scale", d.defaultGuidance));
            const std::string mode = defaults.getString("guidance_mode", "linear");
            d.defaultGuidanceMode = mode == "constant" ? GuidanceMode::Constant : GuidanceMode::Linear;
        }
        int64_t params = countParameters(*stack->m_textEncoder) + countParameters(*stack->m_base) + countParameters(*stack->m_baseVq);
        if (stack->m_superRes)
            params += countParameters(**stack->m_superRes);
        if (stack->m_superResVq)
            params += countParameters(**stack->m_superResVq);
        d.parameterCount = params;
        return std::unique_ptr<ModelStack>(std::move(stack));
    });
}

MuseStack::MuseStack(T5Tokenizer tokenizer, T5EncoderModel textEncoder, MuseTransformer base, VqModel baseVq,
                     c10::optional<MuseSuperResTransformer> superRes, c10::optional<VqModel> superResVq, torch::Device device)
    : ModelStack(device), m_tokenizer(std::move(tokenizer)), m_textEncoder(std::move(textEncoder)), m_base(std::move(base)),
      m_baseVq(std::move(baseVq)), m_superRes(std::move(superRes)), m_superResVq(std::move(superResVq))
{
    m_textEncoder->eval();
    m_base->eval();
    m_baseVq->eval();
    if (m_superRes)
        (*m_superRes)->eval();
    if (m_superResVq)
        (*m_superResVq)->eval();
}

VqModel& MuseStack::vqOf(int stage) { return stage == 1 && m_superResVq ? *m_superResVq : m_baseVq; }

int64_t MuseStack::maskTokenId(int stage) const { return stage == 0 ? m_base->maskTokenId() : (*m_superRes)->maskTokenId(); }
int64_t MuseStack::codebookSize(int stage) const { return stage == 0 ? m_base->codebookSize() : (*m_superRes)->codebookSize(); }

int MuseStack::pixelsPerToken(int stage) const
{
    const VqModel& vq = stage == 1 && m_superResVq ? *m_superResVq : m_baseVq;
    return static_cast<int>(vq->downscaleFactor());
}

int MuseStack::maxGridWidth(int stage) const
{
    return static_cast<int>(stage == 0 ? m_base->config().gridWidth : (*m_superRes)->config().gridWidth);
}

int MuseStack::maxGridHeight(int stage) const
{
    return static_cast<int>(stage == 0 ? m_base->config().gridHeight : (*m_superRes)->config().gridHeight);
}

int MuseStack::superResFactor() const
{
    if (!m_superRes)
        return 1;
    const auto& c = (*m_superRes)->config();
    return static_cast<int>(std::max<int64_t>(1, c.gridHeight / std::max<int64_t>(1, c.lowresGridHeight)));
}

MuseStack::Embedding MuseStack::embed(const std::string& text)
{
    if (text.empty() && m_emptyPrompt)
        return *m_emptyPrompt;
    const std::vector<int64_t> ids = m_tokenizer.encode(text);
    torch::Tensor input = torch::tensor(ids, torch::kInt64).unsqueeze(0).to(m_device);
    torch::Tensor states = m_textEncoder->forward(input, torch::ones_like(input));
    Embedding e{states};
    if (text.empty())
        m_emptyPrompt = e;
    return e;
}

void MuseStack::setPrompts(const std::string& prompt, const std::string& negativePrompt, bool guided, int, int, float)
{
    m_guided = guided;
    std::vector<torch::Tensor> states = {embed(prompt).states};
    if (guided)
        states.insert(states.begin(), embed(negativePrompt).states); // [uncond, cond]
    int64_t length = 0;
    for (const auto& s : states)
        length = std::max(length, s.size(1));
    std::vector<torch::Tensor> padded, masks;
    for (const auto& s : states) {
        const int64_t pad = length - s.size(1);
        padded.push_back(torch::constant_pad_nd(s, {0, 0, 0, pad}));
        masks.push_back(torch::cat({torch::ones({1, s.size(1)}, torch::kInt64), torch::zeros({1, pad}, torch::kInt64)}, 1));
    }
    m_textStates = torch::cat(padded);
    m_textMask = torch::cat(masks).to(m_device);
    m_baseContext = m_base->prepareText(m_textStates.to(m_base->dtype()), m_textMask);
    m_baseCondContext = guided ? m_baseContext.indexSelect(torch::tensor({int64_t(1)}, torch::kInt64).to(m_device)) : m_baseContext;
}

void MuseStack::setLowResTokens(const torch::Tensor& baseTokens)
{
    if (!m_superRes)
        return;
    torch::Tensor low = baseTokens.to(m_device);
    if (m_guided)
        low = torch::cat({low, low});
    m_superResContext = (*m_superRes)->prepareContext(m_textStates.to((*m_superRes)->dtype()), m_textMask, low);
    m_superResCondContext =
        m_guided ? m_superResContext.indexSelect(torch::tensor({int64_t(1)}, torch::kInt64).to(m_device)) : m_superResContext;
}

GuidedLogits MuseStack::logits(int stage, const torch::Tensor& tokens, bool withUnconditional)
{
    auto forward = [&](const torch::Tensor& t, const MuseTextContext& context) {
        return stage == 0 ? m_base->forward(t, context) : (*m_superRes)->forward(t, context);
    };
    GuidedLogits out;
    if (m_guided && withUnconditional) {
        torch::Tensor both = forward(torch::cat({tokens, tokens}), stage == 0 ? m_baseContext : m_superResContext);
        out.unconditional = both.slice(0, 0, 1);
        out.conditional = both.slice(0, 1, 2);
        return out;
    }
    out.conditional = forward(tokens, stage == 0 ? m_baseCondContext : m_superResCondContext);
    return out;
}

torch::Tensor MuseStack::encodeImage(int stage, const torch::Tensor& image)
{
    VqModel& vq = vqOf(stage);
    return vq->encodeToIndices(image.to(m_device, vq->encoderDtype()));
}

torch::Tensor MuseStack::decodeImage(int stage, const torch::Tensor& tokens)
{
    return vqOf(stage)->decodeIndices(tokens.to(m_device)).clamp(0.0, 1.0).to(torch::kCPU, torch::kFloat32);
}

} // namespace muse
