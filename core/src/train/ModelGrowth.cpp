// muse::growModel (muse/Training.h): deeper base transformer and T5 encoder, starting as identities,
// and a second text encoder the base transformer reads through zero weights at first.
#include "muse/Training.h"

#include "io/ModuleSaver.h"
#include "io/TensorConvert.h"
#include "util/LoadError.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace muse {

namespace {

// How one component stacks its layers: the config key of the count, the tensor-name prefix of a
// layer, the tensors of a layer that write into the residual stream (zeroed in a new layer: those
// marked required must exist, or the identity could not be guaranteed), and tensors that only the
// first layer has (T5's relative attention bias).
struct LayerStack {
    const char* countKey;
    std::string prefix;
    std::vector<std::pair<std::string, bool>> residualOutputs; // suffix, required
    std::vector<std::string> firstLayerOnly;
};

const LayerStack kBaseTransformer{"num_hidden_layers",
                                  "layers.",
                                  {{"self_attn.to_out.0.weight", true},
                                   {"self_attn.to_out.0.bias", false},
                                   {"cross_attn.to_out.0.weight", true},
                                   {"cross_attn.to_out.0.bias", false},
                                   {"local_conv.weight", false},
                                   {"local_conv.bias", false},
                                   {"mlp.fc2.weight", true},
                                   {"mlp.fc2.bias", false}},
                                  {}};
const LayerStack kT5Encoder{"num_layers",
                            "encoder.block.",
                            {{"layer.0.SelfAttention.o.weight", true}, {"layer.1.DenseReluDense.wo.weight", true}},
                            {"layer.0.SelfAttention.relative_attention_bias.weight"}};

nlohmann::json readJson(const fs::path& path)
{
    std::ifstream in(path);
    if (!in)
        throw LoadError(ErrorCode::NotFound, path.string() + ": not found");
    nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object())
        throw LoadError(ErrorCode::CorruptFile, path.string() + ": not a JSON object");
    return json;
}

void writeJson(const fs::path& path, const nlohmann::json& json)
{
    if (Status written = writeJsonFile(path.string(), json); !written)
        throw LoadError(written);
}

// Appends layers to the component in `folder` (config.json + one safetensors file) up to `target`.
void growComponent(const fs::path& folder, const LayerStack& stack, int target)
{
    const fs::path configPath = folder / "config.json";
    nlohmann::json config = readJson(configPath);
    if (!config.contains(stack.countKey) || !config[stack.countKey].is_number_integer())
        throw LoadError(ErrorCode::ConfigMismatch, configPath.string() + ": no \"" + stack.countKey + "\"");
    const int current = config[stack.countKey].get<int>();
    if (target == 0 || target == current)
        return;
    if (target < current)
        throw LoadError(ErrorCode::InvalidArgument, configPath.string() + ": has " + std::to_string(current) +
                                                        " layers; growing cannot make it " + std::to_string(target));
    const std::vector<std::string> files = take(TensorArchive::findWeightFiles(folder.string()));
    if (files.size() != 1)
        throw LoadError(ErrorCode::UnsupportedFormat, folder.string() + ": growing needs the weights in one safetensors file");
    const TensorArchive archive = take(TensorArchive::open(files.front()));

    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const std::string& name : archive.names())
        tensors.emplace_back(name, readTensor(archive, name));
    const std::string last = stack.prefix + std::to_string(current - 1) + ".";
    for (const auto& [suffix, required] : stack.residualOutputs)
        if (required && !archive.find(last + suffix))
            throw LoadError(ErrorCode::ConfigMismatch, files.front() + ": no " + last + suffix +
                                                           " (an unknown layer layout cannot be grown as an identity)");
    for (int layer = current; layer < target; ++layer) {
        for (const std::string& name : archive.names()) {
            if (name.rfind(last, 0) != 0)
                continue;
            const std::string suffix = name.substr(last.size());
            if (std::find(stack.firstLayerOnly.begin(), stack.firstLayerOnly.end(), suffix) != stack.firstLayerOnly.end())
                continue;
            torch::Tensor copy = readTensor(archive, name).clone();
            const bool residual = std::any_of(stack.residualOutputs.begin(), stack.residualOutputs.end(),
                                              [&](const auto& r) { return r.first == suffix; });
            if (residual)
                copy.zero_();
            tensors.emplace_back(stack.prefix + std::to_string(layer) + "." + suffix, copy);
        }
    }
    if (Status written = writeTensors(files.front(), tensors); !written)
        throw LoadError(written);
    config[stack.countKey] = target;
    writeJson(configPath, config);
}

// Every tensor of the component in `folder` whose name ends in one of `suffixes` times `scale`
// (GrowOptions::textQueryScale, baseCrossQueryScale: query projections, weight and bias alike).
void scaleQueries(const fs::path& folder, const std::vector<std::string>& suffixes, double scale, const char* what)
{
    const std::vector<std::string> files = take(TensorArchive::findWeightFiles(folder.string()));
    if (files.size() != 1)
        throw LoadError(ErrorCode::UnsupportedFormat, folder.string() + ": scaling needs the weights in one safetensors file");
    const TensorArchive archive = take(TensorArchive::open(files.front()));
    const auto endsWithOne = [&](const std::string& name) {
        return std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& suffix) {
            return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        });
    };
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    int scaled = 0;
    for (const std::string& name : archive.names()) {
        torch::Tensor t = readTensor(archive, name);
        if (endsWithOne(name)) {
            t = (t.to(torch::kFloat32) * scale).to(t.scalar_type());
            ++scaled;
        }
        tensors.emplace_back(name, t);
    }
    if (scaled == 0)
        throw LoadError(ErrorCode::ConfigMismatch, files.front() + ": no " + what + " (*" + suffixes.front() + ")");
    if (Status written = writeTensors(files.front(), tensors); !written)
        throw LoadError(written);
}

std::string fileBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw LoadError(ErrorCode::NotFound, path.string() + ": not found");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}


// GrowOptions::secondTextEncoder: `source`'s text encoder becomes `model`'s text_encoder_2/, and the
// base transformer's text_projection gains zero input columns for its states.
void addSecondTextEncoder(const fs::path& model, const fs::path& source)
{
    if (fs::exists(model / "text_encoder_2"))
        throw LoadError(ErrorCode::InvalidArgument, (model / "text_encoder_2").string() + ": the model has a second text encoder already");
    const fs::path theirConfig = source / "text_encoder" / "config.json";
    if (!fs::exists(theirConfig))
        throw LoadError(ErrorCode::NotFound, theirConfig.string() + ": not found (the second text encoder comes from a model folder of our layout)");
    // The encoders read the same ids: another tokenizer's pieces would mean other words to it.
    if (fileBytes(source / "tokenizer" / "spiece.model") != fileBytes(model / "tokenizer" / "spiece.model"))
        throw LoadError(ErrorCode::ConfigMismatch, (source / "tokenizer" / "spiece.model").string() +
                                                       ": another tokenizer than the model's; the second text encoder must read the same pieces");
    const nlohmann::json t5 = readJson(theirConfig);
    if (!t5.contains("d_model") || !t5["d_model"].is_number_integer() || t5["d_model"].get<int64_t>() <= 0)
        throw LoadError(ErrorCode::ConfigMismatch, theirConfig.string() + ": no positive \"d_model\"");
    const int64_t added = t5["d_model"].get<int64_t>();

    const fs::path configPath = model / "transformer" / "config.json";
    nlohmann::json config = readJson(configPath);
    if (!config.contains("encoder_hidden_size") || !config["encoder_hidden_size"].is_number_integer())
        throw LoadError(ErrorCode::ConfigMismatch, configPath.string() + ": no \"encoder_hidden_size\"");
    const int64_t width = config["encoder_hidden_size"].get<int64_t>();
    const std::vector<std::string> files = take(TensorArchive::findWeightFiles((model / "transformer").string()));
    if (files.size() != 1)
        throw LoadError(ErrorCode::UnsupportedFormat, (model / "transformer").string() + ": growing needs the weights in one safetensors file");
    const TensorArchive archive = take(TensorArchive::open(files.front()));
    if (!archive.find("text_projection.weight"))
        throw LoadError(ErrorCode::ConfigMismatch, files.front() + ": no text_projection.weight");
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const std::string& name : archive.names()) {
        torch::Tensor t = readTensor(archive, name);
        if (name == "text_projection.weight") {
            if (t.dim() != 2 || t.size(1) != width)
                throw LoadError(ErrorCode::ConfigMismatch, files.front() + ": text_projection.weight is not (hidden, " +
                                                               std::to_string(width) + ") as encoder_hidden_size says");
            t = torch::cat({t, torch::zeros({t.size(0), added}, t.options())}, 1);
        }
        tensors.emplace_back(name, t);
    }
    if (Status written = writeTensors(files.front(), tensors); !written)
        throw LoadError(written);
    config["encoder_hidden_size"] = width + added;
    writeJson(configPath, config);
    fs::copy(source / "text_encoder", model / "text_encoder_2", fs::copy_options::recursive);
    const fs::path indexPath = model / "model_index.json";
    nlohmann::json index = readJson(indexPath);
    index["text_encoder_2"] = {"transformers", "T5EncoderModel"};
    writeJson(indexPath, index);
}

} // namespace

Status growModel(const GrowOptions& o)
{
    return guarded(o.outDir, [&]() -> Status {
        for (auto [scale, name] : {std::pair<double, const char*>{o.textQueryScale, "text query scale"},
                                   {o.baseCrossQueryScale, "base cross-attention query scale"}})
            if (!(scale > 0.0 && scale <= 1.0))
                return Status(ErrorCode::InvalidArgument, std::string("the ") + name + " must be in (0, 1], got " + std::to_string(scale));
        const fs::path from(o.modelDir), to(o.outDir);
        for (const char* component : {"transformer", "text_encoder"})
            if (!fs::exists(from / component / "config.json"))
                return Status(ErrorCode::NotFound, (from / component / "config.json").string() +
                                                       ": not found (growing needs a model folder of our layout)");
        if (fs::exists(to) && !fs::is_empty(to))
            return Status(ErrorCode::InvalidArgument, o.outDir + ": exists and is not empty");
        // A copy into the model folder itself would copy itself.
        const fs::path source = fs::weakly_canonical(from), target = fs::weakly_canonical(to);
        if (std::mismatch(source.begin(), source.end(), target.begin(), target.end()).first == source.end())
            return Status(ErrorCode::InvalidArgument, o.outDir + ": lies inside the model folder " + o.modelDir);
        fs::create_directories(to);
        // The folder was new or empty: a failed growth leaves nothing half-written behind.
        Status grown = guarded(o.outDir, [&]() -> Status {
            fs::copy(from, to, fs::copy_options::recursive);
            growComponent(to / "transformer", kBaseTransformer, o.baseLayers);
            growComponent(to / "text_encoder", kT5Encoder, o.textLayers);
            if (o.textQueryScale != 1.0)
                scaleQueries(to / "text_encoder", {".SelfAttention.q.weight"}, o.textQueryScale, "T5 query projections");
            if (!o.secondTextEncoder.empty())
                addSecondTextEncoder(to, o.secondTextEncoder);
            if (o.baseCrossQueryScale != 1.0)
                scaleQueries(to / "transformer", {".cross_attn.to_q.weight", ".cross_attn.to_q.bias"}, o.baseCrossQueryScale,
                             "cross-attention query projections");
            return Status();
        });
        if (!grown) {
            std::error_code ignored;
            for (const auto& entry : fs::directory_iterator(to, ignored))
                fs::remove_all(entry.path(), ignored);
        }
        return grown;
    });
}

} // namespace muse
