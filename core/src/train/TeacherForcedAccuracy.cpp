#include "train/TeacherForcedAccuracy.h"

#include "muse/T5Tokenizer.h"
#include "pipeline/ImageTensor.h"
#include "text/T5Encoder.h"
#include "train/CaptionBatcher.h"
#include "transformer/MuseTransformer.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>

namespace muse {

namespace {

template <typename T>
T take(Result<T> r)
{
    if (!r)
        throw LoadError(r.status());
    return r.takeValue();
}

} // namespace

Result<std::vector<MaskRateAccuracy>> teacherForcedAccuracy(const std::string& modelDir,
                                                            const std::vector<LabeledScene>& scenes,
                                                            const std::vector<double>& rates, uint64_t seed)
{
    return guarded(modelDir, [&]() -> Result<std::vector<MaskRateAccuracy>> {
        const torch::Device cpu(torch::kCPU);
        const T5Tokenizer tokenizer = take(T5Tokenizer::loadFolder(modelDir + "/tokenizer"));
        T5EncoderModel t5 = take(loadT5Encoder(modelDir + "/text_encoder", cpu, torch::kFloat32));
        MuseTransformer transformer = take(loadMuseTransformer(modelDir + "/transformer", cpu, torch::kFloat32));
        VqModel vq = take(loadVqModel(modelDir + "/vqvae", cpu, torch::kFloat32));
        t5->eval();
        transformer->eval();
        c10::InferenceMode inference;

        const int64_t grid = transformer->config().gridHeight;
        const int size = int(grid * vq->downscaleFactor());
        const int64_t n = int64_t(scenes.size());
        std::vector<torch::Tensor> grids;
        std::vector<std::string> captions;
        for (const auto& s : scenes) {
            grids.push_back(vq->encodeToIndices(imageToTensor(renderScene(s.scene, size), cpu)).reshape({grid, grid}));
            captions.push_back(s.caption);
        }
        const torch::Tensor tokens = torch::stack(grids).to(torch::kInt64).reshape({n, grid * grid});
        const CaptionBatch text = CaptionBatcher(tokenizer, 0.0).make(captions, std::vector<double>(n, 1.0), cpu);
        const MuseTextContext context = transformer->prepareText(t5->forward(text.ids, text.mask), text.mask);
        const torch::Tensor mode = std::get<0>(tokens.mode(1)).unsqueeze(1);
        const torch::Tensor background = tokens == mode;

        torch::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        std::vector<MaskRateAccuracy> out;
        for (double rate : rates) {
            const int64_t length = grid * grid;
            const int64_t count = std::clamp<int64_t>(std::llround(rate * double(length)), 1, length);
            const torch::Tensor keys = torch::rand({n, length}, generator);
            const torch::Tensor masked = keys.argsort(int64_t(1)).argsort(int64_t(1)) < count;
            const torch::Tensor input =
                torch::where(masked, torch::full_like(tokens, transformer->maskTokenId()), tokens).reshape({n, grid, grid});
            const torch::Tensor predicted = transformer->forward(input, context).argmax(1).reshape({n, length});
            const torch::Tensor right = predicted == tokens;
            auto accuracy = [&](const torch::Tensor& kind) {
                const torch::Tensor where = kind & masked;
                const double total = where.sum().item<double>();
                return total > 0 ? (right & where).sum().item<double>() / total : 0.0;
            };
            out.push_back({rate, accuracy(background), accuracy(~background)});
        }
        return out;
    });
}

} // namespace muse
