#include "train/BaseStageModels.h"

#include "text/SecondTextEncoder.h"
#include "util/LoadError.h"

namespace muse {

BaseStageModels loadBaseStageModels(const std::string& modelDir, torch::Device device)
{
    BaseStageModels m{take(T5Tokenizer::loadFolder(modelDir + "/tokenizer")),
                      take(loadT5Encoder(modelDir + "/text_encoder", device, torch::kFloat32)),
                      take(loadSecondTextEncoder(modelDir, device, torch::kFloat32)),
                      take(loadMuseTransformer(modelDir + "/transformer", device, torch::kFloat32)),
                      take(loadVqModel(modelDir + "/vqvae", device, torch::kFloat32))};
    m.t5->eval();
    m.transformer->eval();
    m.vq->eval();
    return m;
}

} // namespace muse
