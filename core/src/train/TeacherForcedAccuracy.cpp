#include "train/TeacherForcedAccuracy.h"

#include "muse/T5Tokenizer.h"
#include "pipeline/ImageTensor.h"
#include "text/SecondTextEncoder.h"
#include "text/T5Encoder.h"
#include "train/BaseStageModels.h"
#include "train/CaptionBatcher.h"
#include "transformer/MuseTransformer.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>

#include <array>

namespace muse {

Result<std::vector<MaskRateAccuracy>> teacherForcedAccuracy(const std::string& modelDir,
                                                            const std::vector<LabeledScene>& scenes,
                                                            const std::vector<double>& rates, uint64_t seed,
                                                            torch::Device device)
{
    return guarded(modelDir, [&]() -> Result<std::vector<MaskRateAccuracy>> {
        BaseStageModels models = loadBaseStageModels(modelDir, device);
        const T5Tokenizer& tokenizer = models.tokenizer;
        T5EncoderModel& t5 = models.t5;
        MuseTransformer& transformer = models.transformer;
        VqModel& vq = models.vq;
        c10::InferenceMode inference;

        const int64_t grid = transformer->config().gridHeight;
        const int64_t length = grid * grid;
        const int size = int(grid * vq->downscaleFactor());
        const int64_t n = int64_t(scenes.size());
        std::vector<torch::Tensor> grids;
        for (const auto& s : scenes)
            grids.push_back(vq->encodeToIndices(imageToTensor(renderScene(s.scene, size), device)).reshape({grid, grid}).cpu());
        const torch::Tensor tokens = torch::stack(grids).to(torch::kInt64).reshape({n, length});
        const torch::Tensor background = tokens == std::get<0>(tokens.mode(1)).unsqueeze(1);

        // The masks come from one CPU generator for all scenes, so the result does not depend on
        // the chunking (or the device).
        torch::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        std::vector<torch::Tensor> masks;
        for (double rate : rates) {
            const int64_t count = std::clamp<int64_t>(std::llround(rate * double(length)), 1, length);
            const torch::Tensor keys = torch::rand({n, length}, generator);
            masks.push_back(keys.argsort(int64_t(1)).argsort(int64_t(1)) < count);
        }

        // right / masked counts per rate: background, object.
        std::vector<std::array<double, 4>> tally(rates.size(), {0.0, 0.0, 0.0, 0.0});
        constexpr int64_t kChunk = 32; // bounds memory for large transformers
        const CaptionBatcher batcher(tokenizer, 0.0);
        for (int64_t first = 0; first < n; first += kChunk) {
            const int64_t rows = std::min(kChunk, n - first);
            std::vector<std::string> captions;
            for (int64_t i = first; i < first + rows; ++i)
                captions.push_back(scenes[std::size_t(i)].caption);
            const CaptionBatch text = batcher.make(captions, std::vector<double>(std::size_t(rows), 1.0), device);
            const MuseTextContext context = transformer->prepareText(baseTextStates(t5->forward(text.ids, text.mask), models.t5Second, text.ids, text.mask),
                                                                           text.mask);
            const torch::Tensor target = tokens.narrow(0, first, rows);
            const torch::Tensor isBackground = background.narrow(0, first, rows);
            for (std::size_t r = 0; r < rates.size(); ++r) {
                const torch::Tensor masked = masks[r].narrow(0, first, rows);
                const torch::Tensor input = torch::where(masked, torch::full_like(target, transformer->maskTokenId()), target);
                const torch::Tensor predicted =
                    transformer->forward(input.reshape({rows, grid, grid}).to(device), context).argmax(1).cpu().reshape({rows, length});
                const torch::Tensor right = predicted == target;
                const torch::Tensor inBackground = masked & isBackground, inObject = masked & ~isBackground;
                tally[r][0] += (right & inBackground).sum().item<double>();
                tally[r][1] += inBackground.sum().item<double>();
                tally[r][2] += (right & inObject).sum().item<double>();
                tally[r][3] += inObject.sum().item<double>();
            }
        }
        std::vector<MaskRateAccuracy> out;
        for (std::size_t r = 0; r < rates.size(); ++r)
            out.push_back({rates[r], tally[r][1] > 0 ? tally[r][0] / tally[r][1] : 0.0,
                           tally[r][3] > 0 ? tally[r][2] / tally[r][3] : 0.0});
        return out;
    });
}

} // namespace muse
