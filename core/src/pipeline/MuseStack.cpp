#include "pipeline/MuseStack.h"

#include "io/JsonConfig.h"
#include "pipeline/MuseModelWriter.h"
#include "text/SecondTextEncoder.h"
#include "transformer/MusePresets.h"

#include <ATen/CPUGeneratorImpl.h>
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

} // namespace

Result<std::unique_ptr<ModelStack>> MuseStack::load(const ModelFolderInfo& folder, torch::Device device,
                                                    torch::ScalarType dtype)
{
    return guarded(folder.path, [&]() -> Result<std::unique_ptr<ModelStack>> {
        const ComponentInfo* tokenizerDir = folder.component("tokenizer");
        const ComponentInfo* textDir = usable(folder, "text_encoder", true);
        auto tokenizer = take(T5Tokenizer::loadFolder(tokenizerDir && tokenizerDir->problem.empty() ? tokenizerDir->path : textDir->path));
        auto text = take(loadT5Encoder(textDir->path, device, dtype));
        c10::optional<T5EncoderModel> secondText = take(loadSecondTextEncoder(folder.path, device, dtype));
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
        if (secondText && tokenizer.vocabSize() > (*secondText)->config().vocabSize)
            throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": the tokenizer has " + std::to_string(tokenizer.vocabSize()) +
                                                           " pieces but text_encoder_2 only " +
                                                           std::to_string((*secondText)->config().vocabSize) + " embeddings");
        if (Status widths = checkBaseTextWidth(folder.path, base->config().encoderHiddenSize, text, secondText); !widths)
            throw LoadError(widths);
        if (base->config().codebookSize != baseVq->codebookSize())
            throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": the transformer predicts " +
                                                           std::to_string(base->config().codebookSize) + " codes but the VQ has " +
                                                           std::to_string(baseVq->codebookSize()));
        if (superRes) {
            // The super-res transformer reads the base stage's codes and writes codes of its own VQ
            // (super_res_vqvae/, else the base one): a mismatch would index past an embedding table.
            const auto& c = (*superRes)->config();
            const int64_t highCodes = superResVq ? (*superResVq)->codebookSize() : baseVq->codebookSize();
            const std::string vqName = superResVq ? "super_res_vqvae" : "vqvae";
            if (c.codebookSize != highCodes)
                throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": super_res_transformer/config.json codebook_size " +
                                                               std::to_string(c.codebookSize) + " differs from the " + vqName +
                                                               " codebook's " + std::to_string(highCodes) + " codes");
            if (c.encoderHiddenSize != text->config().dModel)
                throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": super_res_transformer/config.json encoder_hidden_size " +
                                                               std::to_string(c.encoderHiddenSize) + " differs from the text encoder's d_model " +
                                                               std::to_string(text->config().dModel));
            if (c.lowresCodebookSize != baseVq->codebookSize())
                throw LoadError(ErrorCode::ConfigMismatch, folder.path + ": super_res_transformer/config.json lowres_codebook_size " +
                                                               std::to_string(c.lowresCodebookSize) + " differs from the base VQ's " +
                                                               std::to_string(baseVq->codebookSize()) + " codes");
        }
        std::unique_ptr<MuseStack> stack(new MuseStack(std::move(tokenizer), std::move(text), std::move(base), std::move(baseVq),
                                                       std::move(superRes), std::move(superResVq), device));
        stack->m_secondTextEncoder = secondText;
        stack->describe();
        // Pipeline defaults chosen by whoever trained the model.
        ModelDescription& d = stack->m_description;
        auto index = JsonConfig::load(folder.path + "/model_index.json");
        if (index && index->json().contains("_defaults") && index->json()["_defaults"].is_object()) {
            JsonConfig defaults = JsonConfig::fromJson(index->json()["_defaults"], index->path() + " _defaults");
            d.defaultSteps = static_cast<int>(defaults.getInt("steps", d.defaultSteps));
            d.defaultSuperResSteps = static_cast<int>(defaults.getInt("super_res_steps", d.defaultSuperResSteps));
            d.defaultGuidance = static_cast<float>(defaults.getDouble("guidance_scale", d.defaultGuidance));
            const std::string mode = defaults.getString("guidance_mode", "linear");
            d.defaultGuidanceMode = mode == "constant" ? GuidanceMode::Constant : GuidanceMode::Linear;
            const char* names[2] = {"token_temperature", "super_res_token_temperature"};
            for (int stage = 0; stage < 2; ++stage) {
                const double t = defaults.getDouble(names[stage], 1.0);
                if (!(t > 0.0 && t <= 10.0))
                    throw LoadError(ErrorCode::ConfigMismatch, index->path() + ": _defaults." + names[stage] + " is " +
                                                                   std::to_string(t) + ", must be in (0, 10]");
                d.tokenTemperature[stage] = static_cast<float>(t);
            }
        }
        return std::unique_ptr<ModelStack>(std::move(stack));
    });
}

Result<std::unique_ptr<ModelStack>> MuseStack::random(const std::string& preset, torch::Device device, torch::ScalarType dtype)
{
    return guarded(preset, [&]() -> Result<std::unique_ptr<ModelStack>> {
        const bool withSuperRes = preset == "muse-632m+superres";
        const std::string baseName = withSuperRes ? "muse-632m" : preset;
        if (baseName == "muse-superres")
            return Status(ErrorCode::InvalidArgument, "benchmark the super-res model with its base: muse-632m+superres");
        nlohmann::json baseJson = take(musePresetConfig(baseName));
        MuseTransformer base = take(buildMuseTransformer(JsonConfig::fromJson(baseJson, baseName)));
        base->to(device, dtype);
        const int64_t codebook = base->config().codebookSize;
        auto vqJson = [](std::vector<int64_t> channels, int64_t codes) {
            return museVqConfig(channels, /*latent=*/64, codes, /*groups=*/32, /*layersPerBlock=*/2);
        };
        // The paper's tokenizers: f16 for the base model, f8 for the super-res model.
        VqModel baseVq = take(buildVqModel(JsonConfig::fromJson(vqJson({128, 256, 256, 512, 768}, codebook), "base VQ")));
        baseVq->to(device, torch::kFloat32);
        c10::optional<MuseSuperResTransformer> superRes;
        c10::optional<VqModel> superResVq;
        if (withSuperRes) {
            nlohmann::json srJson = take(musePresetConfig("muse-superres"));
            superRes = take(buildMuseSuperResTransformer(JsonConfig::fromJson(srJson, "muse-superres")));
            (*superRes)->to(device, dtype);
            superResVq = take(buildVqModel(JsonConfig::fromJson(vqJson({128, 256, 512, 768}, 8192), "super-res VQ")));
            (*superResVq)->to(device, torch::kFloat32);
        }
        // A T5 encoder of the transformer's text width when that is small (T5-small: 512); the
        // 4.7B-parameter T5-XXL of the paper sizes is not built.
        c10::optional<T5EncoderModel> text;
        const int64_t width = base->config().encoderHiddenSize;
        if (width <= 1024) {
            const nlohmann::json t5 = {{"d_model", width}, {"d_kv", 64}, {"num_heads", width / 64}, {"d_ff", width * 2},
                                       {"num_layers", 6}, {"vocab_size", 32128}, {"feed_forward_proj", "gated-gelu"}};
            auto built = buildT5Encoder(JsonConfig::fromJson(t5, "T5 for " + preset));
            text = T5EncoderModel(std::dynamic_pointer_cast<T5EncoderModelImpl>(built));
            (*text)->to(device, dtype);
        }
        std::unique_ptr<MuseStack> stack(new MuseStack(std::nullopt, text, std::move(base), std::move(baseVq), std::move(superRes),
                                                       std::move(superResVq), device));
        stack->describe();
        stack->m_description.name = preset + " (random weights)";
        return std::unique_ptr<ModelStack>(std::move(stack));
    });
}

void MuseStack::describe()
{
    ModelDescription& d = m_description;
    d.family = "muse";
    const int last = stageCount() - 1;
    d.tokenSize = pixelsPerToken(last);
    d.nativeWidth = maxGridWidth(last) * d.tokenSize;
    d.nativeHeight = maxGridHeight(last) * d.tokenSize;
    d.hasSuperRes = m_superRes.has_value();
    d.defaultSteps = 24;
    d.defaultSuperResSteps = d.hasSuperRes ? 8 : 0;
    d.defaultGuidance = 4.0f;
    d.defaultGuidanceMode = GuidanceMode::Linear;
    int64_t params = countParameters(*m_base) + countParameters(*m_baseVq);
    if (m_textEncoder)
        params += countParameters(**m_textEncoder);
    if (m_secondTextEncoder)
        params += countParameters(**m_secondTextEncoder);
    if (m_superRes)
        params += countParameters(**m_superRes);
    if (m_superResVq)
        params += countParameters(**m_superResVq);
    d.parameterCount = params;
}

MuseStack::MuseStack(std::optional<T5Tokenizer> tokenizer, c10::optional<T5EncoderModel> textEncoder, MuseTransformer base, VqModel baseVq,
                     c10::optional<MuseSuperResTransformer> superRes, c10::optional<VqModel> superResVq, torch::Device device)
    : ModelStack(device), m_tokenizer(std::move(tokenizer)), m_textEncoder(std::move(textEncoder)), m_base(std::move(base)),
      m_baseVq(std::move(baseVq)), m_superRes(std::move(superRes)), m_superResVq(std::move(superResVq))
{
    if (m_textEncoder)
        (*m_textEncoder)->eval();
    m_base->eval();
    m_baseVq->eval();
    if (m_superRes)
        (*m_superRes)->eval();
    if (m_superResVq)
        (*m_superResVq)->eval();
}

torch::Tensor MuseStack::codebook(int stage) { return vqOf(stage)->quantizer->embedding->weight; }

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
    torch::Tensor states;
    if (m_textEncoder) {
        std::vector<int64_t> ids;
        if (m_tokenizer) {
            bool cut = false;
            ids = m_tokenizer->encode(text, &cut);
            m_promptTruncated = m_promptTruncated || cut;
        } else { // random-weight benchmark model: pseudo ids, one per byte, then EOS
            for (std::size_t i = 0; i < text.size() && i < 63; ++i)
                ids.push_back(3 + static_cast<unsigned char>(text[i]));
            ids.push_back(1);
        }
        torch::Tensor input = torch::tensor(ids, torch::kInt64).unsqueeze(0).to(m_device);
        const torch::Tensor mask = torch::ones_like(input);
        states = baseTextStates((*m_textEncoder)->forward(input, mask), m_secondTextEncoder, input, mask);
    } else { // random-weight benchmark model without a text encoder
        const int64_t length = std::max<int64_t>(2, std::min<int64_t>(32, static_cast<int64_t>(text.size()) + 1));
        states = torch::randn({1, length, m_base->config().encoderHiddenSize},
                              at::make_generator<at::CPUGeneratorImpl>(std::hash<std::string>()(text)))
                     .to(m_device, m_base->dtype());
    }
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
    // The super-res transformer reads the first text encoder's states alone (SecondTextEncoder.h).
    const torch::Tensor states = m_secondTextEncoder ? m_textStates.narrow(2, 0, (*m_textEncoder)->config().dModel) : m_textStates;
    m_superResContext = (*m_superRes)->prepareContext(states.to((*m_superRes)->dtype()), m_textMask, low);
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
