#include "train/TextTrainer.h"

#include "io/JsonConfig.h"
#include "io/ModuleSaver.h"
#include "pipeline/MuseModelWriter.h"
#include "text/T5Encoder.h"
#include "train/TrainingSetup.h"
#include "util/LoadError.h"

#include <chrono>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

TextTrainer::TextTrainer(TrainOptions options) : m_options(std::move(options)) {}

Result<TrainSummary> TextTrainer::run(const TrainLogCallback& log)
{
    return guarded("muse train text", [&]() -> Result<TrainSummary> {
        const auto started = std::chrono::steady_clock::now();
        const TrainArchitecture arch = trainArchitecture(m_options.size);
        const SceneSampler sampler = trainingSampler(m_options.seed);
        const int corpusSize = m_options.dataScenes > 0 ? m_options.dataScenes : arch.captionCorpus;
        std::vector<std::string> corpus;
        corpus.reserve(std::size_t(corpusSize));
        for (int i = 0; i < corpusSize; ++i)
            corpus.push_back(sampler.exampleAt(uint64_t(i)).caption);
        auto vocab = writeMuseTokenizer(m_options.modelDir, corpus, arch.tokenizerVocab, arch.maxTextLength);
        if (!vocab)
            return vocab.status();
        if (log)
            log("text: SentencePiece (unigram) on " + std::to_string(corpusSize) + " training captions: " +
                std::to_string(*vocab) + " pieces");

        nlohmann::json config = arch.textEncoder;
        config["vocab_size"] = *vocab;
        auto t5Config = T5Config::fromJson(JsonConfig::fromJson(config, "text_encoder/config.json"));
        if (!t5Config)
            return t5Config.status();
        torch::manual_seed(m_options.seed);
        T5EncoderModel t5(*t5Config);
        {
            // Mesh-TensorFlow T5 initialisation: N(0, 1) embeddings, N(0, fan_in^-1/2) projections.
            torch::NoGradGuard noGrad;
            for (auto& item : t5->named_parameters()) {
                torch::Tensor p = item.value();
                const std::string& name = item.key();
                if (name.find("layer_norm") != std::string::npos)
                    p.fill_(1.0);
                else if (name == "shared.weight")
                    p.normal_(0.0, 1.0);
                else if (p.dim() == 2)
                    p.normal_(0.0, 1.0 / std::sqrt(double(p.size(1))));
            }
        }
        MUSE_RETURN_IF_ERROR(saveComponent((fs::path(m_options.modelDir) / "text_encoder").string(), config, *t5,
                                           "model.safetensors"));
        if (log)
            log("text: T5 encoder (d_model " + std::to_string(t5Config->dModel) + ", " +
                std::to_string(t5Config->numLayers) + " layers) initialised; it trains jointly with the base transformer");
        TrainSummary summary;
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return summary;
    });
}

} // namespace muse
