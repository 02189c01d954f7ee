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
    // The transformer predicts VQ codes: the two must agree on how many there are (decoding a code
    // past the codebook, or scoring an edit against it, would otherwise fail mid-job).
    if ((*transformer)->config().codebookSize != (*vq)->codebookSize())
        return Status(ErrorCode::ConfigMismatch, folder.component("transformer")->path + ": the transformer predicts " +
                                                     std::to_string((*transformer)->config().codebookSize) +
                                                     " codes but the VQ (vqvae) has " + std::to_string((*vq)->codebookSize()));
    auto stack = std::make_unique<AmusedStack>(tokenizer.takeValue(), text.takeValue(), transformer.takeValue(),
                                               vq.takeValue(), device, dtype);
    auto config = JsonConfig::load(folder.component("transformer")->path + "/config.json");
    stack->describe(config ? config->getInt("sample_size", 16) : 16);
    return std::unique_ptr<ModelStack>(std::move(stack));
}

void AmusedStack::describe(int64_t sampleSize)
{
    ModelDescription& d = m_description;
    d.family = "amused";
    d.tokenSize = pixelsPerToken(0);
    d.nativeWidth = d.nativeHeight = static_cast<int>(sampleSize) * d.tokenSize;
    d.defaultSteps = 12;
    d.defaultGuidance = 10.0f;
    d.defaultGuidanceMode = GuidanceMode::Constant;
    d.parameterCount = countParameters(*m_textEncoder) + countParameters(*m_transformer) + countParameters(*m_vq);
}

Result<std::unique_ptr<ModelStack>> AmusedStack::random(bool amused512, torch::Device device, torch::ScalarType dtype)
{
    return guarded(amused512 ? "amused-512" : "amused-256", [&]() -> Result<std::unique_ptr<ModelStack>> {
        // The published configs (model-spec §2.2).
        const nlohmann::json text = {{"architectures", {"CLIPTextModelWithProjection"}}, {"hidden_size", 768},
                                     {"intermediate_size", 3072}, {"num_hidden_layers", 12}, {"num_attention_heads", 12},
                                     {"max_position_embeddings", 77}, {"vocab_size", 49408}, {"hidden_act", "quick_gelu"},
                                     {"layer_norm_eps", 1e-5}, {"projection_dim", 768}, {"bos_token_id", 0},
                                     {"eos_token_id", 2}, {"pad_token_id", 1}};
        const nlohmann::json transformer = {
            {"_class_name", "UVit2DModel"}, {"hidden_size", 1024}, {"use_bias", false}, {"hidden_dropout", 0.0},
            {"attention_dropout", 0.0}, {"cond_embed_dim", 768}, {"micro_cond_encode_dim", 256},
            {"micro_cond_embed_dim", 1280}, {"encoder_hidden_size", 768}, {"vocab_size", 8256}, {"codebook_size", 8192},
            {"in_channels", 768}, {"block_out_channels", 768}, {"num_res_blocks", 3}, {"downsample", amused512},
            {"upsample", amused512}, {"block_num_heads", 12}, {"num_hidden_layers", 22}, {"num_attention_heads", 16},
            {"intermediate_size", 2816}, {"layer_norm_eps", 1e-6}, {"ln_elementwise_affine", true},
            {"sample_size", amused512 ? 32 : 16}};
        const nlohmann::json vq = {
            {"_class_name", "VQModel"}, {"act_fn", "silu"}, {"block_out_channels", {128, 256, 256, 512, 768}},
            {"down_block_types", std::vector<std::string>(5, "DownEncoderBlock2D")},
            {"up_block_types", std::vector<std::string>(5, "UpDecoderBlock2D")}, {"in_channels", 3}, {"out_channels", 3},
            {"latent_channels", 64}, {"layers_per_block", 2}, {"lookup_from_codebook", true},
            {"mid_block_add_attention", false}, {"norm_num_groups", 32}, {"norm_type", "group"},
            {"num_vq_embeddings", 8192}, {"sample_size", 32}, {"force_upcast", true}};
        auto clipConfig = ClipTextConfig::fromJson(JsonConfig::fromJson(text, "amused text_encoder config"));
        if (!clipConfig)
            return clipConfig.status();
        ClipTextModel clip(*clipConfig);
        clip->to(device, dtype);
        auto uvit = buildUVit2DModel(JsonConfig::fromJson(transformer, "amused transformer config"));
        if (!uvit)
            return uvit.status();
        (*uvit)->to(device, dtype);
        auto vqModel = buildVqModel(JsonConfig::fromJson(vq, "amused vqvae config"));
        if (!vqModel)
            return vqModel.status();
        (*vqModel)->to(device, torch::kFloat32);
        auto stack = std::make_unique<AmusedStack>(std::nullopt, clip, uvit.takeValue(), vqModel.takeValue(), device, dtype);
        stack->describe(amused512 ? 32 : 16);
        return std::unique_ptr<ModelStack>(std::move(stack));
    });
}

AmusedStack::AmusedStack(std::optional<ClipTokenizer> tokenizer, ClipTextModel textEncoder, UVit2DModel transformer, VqModel vq,
                         torch::Device device, torch::ScalarType dtype)
    : ModelStack(device), m_tokenizer(std::move(tokenizer)), m_textEncoder(std::move(textEncoder)),
      m_transformer(std::move(transformer)), m_vq(std::move(vq)), m_dtype(dtype)
{
    m_textEncoder->eval();
    m_transformer->eval();
    m_vq->eval();
}

torch::Tensor AmusedStack::codebook(int) { return m_vq->quantizer->embedding->weight; }

int64_t AmusedStack::codebookSize(int) const { return m_transformer->config().codebookSize; }

AmusedStack::Embedding AmusedStack::embed(const std::string& text)
{
    if (text.empty() && m_emptyPrompt)
        return *m_emptyPrompt;
    std::vector<int64_t> ids;
    if (m_tokenizer) {
        bool cut = false;
        ids = m_tokenizer->encodePadded(text, &cut);
        m_promptTruncated = m_promptTruncated || cut;
    } else { // random-weight benchmark model: fixed pseudo ids of the same shape
        ids.assign(77, 49407);
        ids[0] = 49406;
        for (std::size_t i = 0; i < text.size() && i + 1 < 76; ++i)
            ids[i + 1] = static_cast<unsigned char>(text[i]) + 256;
    }
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
