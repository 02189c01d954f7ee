#pragma once
// Writes a Muse pipeline folder in our layout (docs/model-format.md): model_index.json, a
// SentencePiece tokenizer trained on given captions, and the T5 encoder, VQ and transformers —
// with random weights (tests, `muse bench` of named architectures) or trained ones (the trainer).

#include "muse/Status.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace muse {

struct MuseModelSpec {
    nlohmann::json textEncoder; // Hugging Face T5 config.json (vocab_size is raised to the tokenizer's size)
    nlohmann::json vq;          // diffusers VQModel config.json
    nlohmann::json transformer; // MuseTransformer config.json
    std::optional<nlohmann::json> superRes; // MuseSuperResTransformer config.json
    nlohmann::json defaults = nlohmann::json::object(); // model_index.json "_defaults"
    std::vector<std::string> tokenizerCorpus;
    int tokenizerVocabSize = 256;
    int maxTextLength = 32;
};

// config.json of a diffusers VQModel with GroupNorm ResNet blocks, no mid-block attention and
// codebook lookup (aMUSEd's kind of VQ): one block per entry of `channels`, f = 2^(levels − 1).
nlohmann::json museVqConfig(const std::vector<int64_t>& channels, int64_t latent, int64_t codes, int64_t groups,
                            int64_t layersPerBlock = 1);

// A few-thousand-parameter model whose token grids are 4×4 (base, 16 px) and 8×8 (super-res,
// 32 px): fast enough for engine and GUI tests.
MuseModelSpec tinyMuseSpec(bool withSuperRes = true);

// Trains the tokenizer, builds every component with random weights (seeded) and saves them.
Status writeRandomMuseModel(const std::string& folder, const MuseModelSpec& spec, uint64_t seed = 0);

// model_index.json of a Muse pipeline; withSuperResVq lists super_res_vqvae (the super-res
// stage's own tokenizer) when there is a super-res transformer; text_encoder_2 is listed when the
// folder has one.
Status writeMuseModelIndex(const std::string& folder, bool withSuperRes, bool withSuperResVq, const nlohmann::json& defaults);
// tokenizer/spiece.model + tokenizer_config.json trained on the corpus; returns the vocabulary size.
Result<int64_t> writeMuseTokenizer(const std::string& folder, const std::vector<std::string>& corpus, int vocabSize,
                                   int maxTextLength);

} // namespace muse
