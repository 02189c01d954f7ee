#include "pipeline/MuseModelWriter.h"

#include "io/JsonConfig.h"
#include "muse/ModelFactory.h"
#include "io/ModuleSaver.h"
#include "muse/T5Tokenizer.h"
#include "text/T5Encoder.h"
#include "transformer/MuseSuperResTransformer.h"
#include "transformer/MuseTransformer.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

namespace {

std::vector<std::string> defaultCorpus()
{
    std::vector<std::string> corpus;
    const char* colours[] = {"red", "green", "blue", "yellow", "purple", "orange", "white", "black"};
    const char* shapes[] = {"circle", "square", "triangle", "star", "hexagon"};
    const char* places[] = {"in the top left", "in the center", "on the right", "above a square", "below a circle"};
    for (const char* c : colours)
        for (const char* s : shapes)
            for (const char* p : places)
                corpus.push_back(std::string("a ") + c + " " + s + " " + p);
    return corpus;
}

} // namespace

nlohmann::json museVqConfig(const std::vector<int64_t>& channels, int64_t latent, int64_t codes, int64_t groups,
                            int64_t layersPerBlock)
{
    return {{"_class_name", "VQModel"},
            {"in_channels", 3},
            {"out_channels", 3},
            {"block_out_channels", channels},
            {"down_block_types", std::vector<std::string>(channels.size(), "DownEncoderBlock2D")},
            {"up_block_types", std::vector<std::string>(channels.size(), "UpDecoderBlock2D")},
            {"layers_per_block", layersPerBlock},
            {"act_fn", "silu"},
            {"latent_channels", latent},
            {"vq_embed_dim", latent},
            {"num_vq_embeddings", codes},
            {"norm_num_groups", groups},
            {"norm_type", "group"},
            {"mid_block_add_attention", false},
            {"lookup_from_codebook", true},
            {"force_upcast", true}};
}

MuseModelSpec tinyMuseSpec(bool withSuperRes)
{
    MuseModelSpec spec;
    spec.textEncoder = {{"architectures", {"T5EncoderModel"}}, {"model_type", "t5"}, {"d_model", 32}, {"d_kv", 8},
                        {"num_heads", 4}, {"d_ff", 64}, {"num_layers", 2}, {"vocab_size", 64},
                        {"feed_forward_proj", "gated-gelu"}, {"relative_attention_num_buckets", 32},
                        {"relative_attention_max_distance", 128}, {"layer_norm_epsilon", 1e-6},
                        {"pad_token_id", 0}, {"eos_token_id", 1}};
    spec.vq = museVqConfig({16, 16, 32}, 8, 64, 8); // f4
    spec.transformer = {{"_class_name", "MuseTransformer"}, {"codebook_size", 64}, {"vocab_size", 65},
                        {"mask_token_id", 64}, {"grid_height", 4}, {"grid_width", 4}, {"hidden_size", 32},
                        {"num_hidden_layers", 2}, {"num_attention_heads", 4}, {"intermediate_size", 64},
                        {"encoder_hidden_size", 32}, {"layer_norm_eps", 1e-6}, {"dropout", 0.0}};
    if (withSuperRes) {
        nlohmann::json sr = spec.transformer;
        sr["_class_name"] = "MuseSuperResTransformer";
        sr["grid_height"] = sr["grid_width"] = 8;
        sr["lowres_codebook_size"] = 64;
        sr["lowres_grid_height"] = sr["lowres_grid_width"] = 4;
        sr["num_lowres_layers"] = 1;
        spec.superRes = sr;
    }
    spec.defaults = {{"steps", 6}, {"super_res_steps", 4}, {"guidance_scale", 3.0}, {"guidance_mode", "linear"}};
    spec.tokenizerCorpus = defaultCorpus();
    spec.tokenizerVocabSize = 48;
    spec.maxTextLength = 16;
    return spec;
}

Status writeMuseModelIndex(const std::string& folder, bool withSuperRes, bool withSuperResVq, const nlohmann::json& defaults)
{
    nlohmann::ordered_json index = {{"_class_name", "MusePipeline"},
                                    {"_muse_studio_version", "0.1"},
                                    {"_defaults", defaults},
                                    {"tokenizer", {"transformers", "T5Tokenizer"}},
                                    {"text_encoder", {"transformers", "T5EncoderModel"}},
                                    {"vqvae", {"diffusers", "VQModel"}},
                                    {"transformer", {"muse", "MuseTransformer"}}};
    // A second text encoder (text/SecondTextEncoder.h) is added by `muse grow`, never by a stage:
    // the index a stage rewrites keeps it.
    if (fs::exists(fs::path(folder) / "text_encoder_2" / "config.json"))
        index["text_encoder_2"] = {"transformers", "T5EncoderModel"};
    if (withSuperRes)
        index["super_res_transformer"] = {"muse", "MuseSuperResTransformer"};
    if (withSuperRes && withSuperResVq)
        index["super_res_vqvae"] = {"diffusers", "VQModel"};
    std::error_code ec;
    fs::create_directories(folder, ec);
    return writeJsonFile((fs::path(folder) / "model_index.json").string(), nlohmann::json(index));
}

Result<int64_t> writeMuseTokenizer(const std::string& folder, const std::vector<std::string>& corpus, int vocabSize,
                                   int maxTextLength)
{
    const fs::path dir = fs::path(folder) / "tokenizer";
    std::error_code ec;
    fs::create_directories(dir, ec);
    MUSE_RETURN_IF_ERROR(trainSentencePiece(corpus, vocabSize, (dir / "spiece").string()));
    fs::remove(dir / "spiece.vocab", ec); // the .model file holds everything
    MUSE_RETURN_IF_ERROR(writeJsonFile((dir / "tokenizer_config.json").string(),
                                       {{"tokenizer_class", "T5Tokenizer"}, {"model_max_length", maxTextLength},
                                        {"extra_ids", 0}, {"eos_token", "</s>"}, {"pad_token", "<pad>"}, {"unk_token", "<unk>"}}));
    auto tokenizer = T5Tokenizer::loadFolder(dir.string());
    if (!tokenizer)
        return tokenizer.status();
    return tokenizer->vocabSize();
}

Status writeRandomMuseModel(const std::string& folder, const MuseModelSpec& spec, uint64_t seed)
{
    return guarded(folder, [&]() -> Status {
        torch::manual_seed(seed);
        const auto corpus = spec.tokenizerCorpus.empty() ? defaultCorpus() : spec.tokenizerCorpus;
        auto vocab = writeMuseTokenizer(folder, corpus, spec.tokenizerVocabSize, spec.maxTextLength);
        if (!vocab)
            return vocab.status();
        nlohmann::json text = spec.textEncoder;
        text["vocab_size"] = std::max<int64_t>(text.value("vocab_size", int64_t(0)), *vocab);
        const fs::path root(folder);
        {
            auto t5 = buildT5Encoder(JsonConfig::fromJson(text, "text_encoder/config.json"));
            MUSE_RETURN_IF_ERROR(saveComponent((root / "text_encoder").string(), text, *t5, "model.safetensors"));
        }
        {
            VqModel vq = take(buildVqModel(JsonConfig::fromJson(spec.vq, "vqvae/config.json")));
            MUSE_RETURN_IF_ERROR(saveComponent((root / "vqvae").string(), spec.vq, *vq, "diffusion_pytorch_model.safetensors"));
        }
        {
            MuseTransformer base = take(buildMuseTransformer(JsonConfig::fromJson(spec.transformer, "transformer/config.json")));
            base->initializeWeights();
            MUSE_RETURN_IF_ERROR(saveMuseTransformer(*base, (root / "transformer").string()));
        }
        if (spec.superRes) {
            MuseSuperResTransformer sr =
                take(buildMuseSuperResTransformer(JsonConfig::fromJson(*spec.superRes, "super_res_transformer/config.json")));
            sr->initializeWeights();
            MUSE_RETURN_IF_ERROR(saveMuseTransformer(*sr, (root / "super_res_transformer").string()));
        }
        return writeMuseModelIndex(folder, spec.superRes.has_value(), false, spec.defaults);
    });
}

} // namespace muse

namespace muse {

Status createRandomTinyModel(const std::string& folder, bool withSuperRes, uint64_t seed)
{
    return writeRandomMuseModel(folder, tinyMuseSpec(withSuperRes), seed);
}

} // namespace muse
