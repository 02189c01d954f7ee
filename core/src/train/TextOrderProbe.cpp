#include "train/TextOrderProbe.h"

#include "muse/T5Tokenizer.h"
#include "pipeline/ImageTensor.h"
#include "text/SecondTextEncoder.h"
#include "text/T5Encoder.h"
#include "train/BaseStageModels.h"
#include "train/CaptionNegatives.h"
#include "train/CaptionBatcher.h"
#include "transformer/MuseTransformer.h"
#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <c10/core/InferenceMode.h>

namespace muse {

Result<TextOrderSensitivity> textOrderSensitivity(const std::string& modelDir, const std::vector<std::string>& captions)
{
    return guarded(modelDir, [&]() -> Result<TextOrderSensitivity> {
        const T5Tokenizer tokenizer = take(T5Tokenizer::loadFolder(modelDir + "/tokenizer"));
        T5EncoderModel t5 = take(loadT5Encoder(modelDir + "/text_encoder", torch::kCPU, torch::kFloat32));
        t5->eval();
        // What the base stage reads: with a second text encoder, both encoders' states.
        const c10::optional<T5EncoderModel> secondEncoder = take(loadSecondTextEncoder(modelDir, torch::kCPU, torch::kFloat32));
        c10::InferenceMode inference;
        TextOrderSensitivity result;
        double sum = 0.0;
        for (const std::string& caption : captions) {
            std::vector<std::string> w = captionWords(caption);
            const auto [first, second] = swappedColourWords(w);
            if (second < 0)
                continue;
            // Pieces never cross a space, so a caption's pieces are its words' pieces in turn; where
            // that holds, piece k of word i in the caption is piece k of the same word, moved, in the swap.
            auto piecesOf = [&](const std::string& text) {
                std::vector<int64_t> p = tokenizer.encode(text);
                if (!p.empty() && p.back() == tokenizer.eosId())
                    p.pop_back();
                return p;
            };
            std::vector<std::vector<int64_t>> wordPieces;
            std::vector<int64_t> concatenated;
            for (const auto& x : w) {
                wordPieces.push_back(piecesOf(x));
                concatenated.insert(concatenated.end(), wordPieces.back().begin(), wordPieces.back().end());
            }
            std::vector<int64_t> ids = piecesOf(caption);
            if (ids != concatenated || ids.size() + 1 > std::size_t(tokenizer.maxLength()))
                continue;
            std::vector<int64_t> swappedIds = piecesOf(*withColoursSwapped(caption));
            // Word i of the caption is word moved(i) of the swap; where each swapped word's pieces start.
            auto moved = [&](std::size_t i) {
                return i == std::size_t(first) ? std::size_t(second) : i == std::size_t(second) ? std::size_t(first) : i;
            };
            std::vector<std::size_t> swappedStart(w.size());
            std::size_t at = 0;
            for (std::size_t i = 0; i < w.size(); ++i) {
                swappedStart[i] = at;
                at += wordPieces[moved(i)].size();
            }
            if (at != swappedIds.size())
                continue;
            std::vector<int64_t> order; // piece j of the caption is piece order[j] of the swap
            for (std::size_t i = 0; i < w.size(); ++i) {
                const std::size_t target = moved(i);
                for (std::size_t k = 0; k < wordPieces[i].size(); ++k)
                    order.push_back(int64_t(swappedStart[target] + k));
            }
            ids.push_back(tokenizer.eosId());
            swappedIds.push_back(tokenizer.eosId());
            order.push_back(int64_t(ids.size() - 1));
            auto encode = [&](const std::vector<int64_t>& pieces) {
                const torch::Tensor input = torch::tensor(pieces, torch::kInt64).unsqueeze(0);
                const torch::Tensor mask = torch::ones_like(input);
                return baseTextStates(t5->forward(input, mask), secondEncoder, input, mask).squeeze(0);
            };
            const torch::Tensor states = encode(ids);
            const torch::Tensor matched = encode(swappedIds).index_select(0, torch::tensor(order, torch::kInt64));
            sum += ((states - matched).norm(2, 1) / states.norm(2, 1).clamp_min(1e-12)).mean().item<double>();
            ++result.captions;
        }
        result.meanRelativeChange = result.captions ? sum / result.captions : 0.0;
        return result;
    });
}

namespace {

// The scene without object `index`: rendered and compared with the whole scene, its tokens that
// change are that object's.
Scene without(const Scene& scene, int index)
{
    Scene rest = scene;
    rest.objects.erase(rest.objects.begin() + index);
    rest.relation.reset();
    return rest;
}

} // namespace

Result<SwappedCaptionMargin> swappedCaptionMargin(const std::string& modelDir, const std::vector<LabeledScene>& scenes,
                                                  torch::Device device, const CaptionNegation& negate, bool showRelationObject)
{
    return guarded(modelDir, [&]() -> Result<SwappedCaptionMargin> {
        BaseStageModels m = loadBaseStageModels(modelDir, device);
        c10::InferenceMode inference;
        const int64_t grid = m.transformer->config().gridHeight;
        const int size = int(grid * m.vq->downscaleFactor());
        std::vector<const LabeledScene*> usable;
        std::vector<std::string> swapped;
        for (const auto& s : scenes)
            if (auto other = negate(s.caption); other && (!showRelationObject || s.scene.relation)) {
                usable.push_back(&s);
                swapped.push_back(*other);
            }
        SwappedCaptionMargin result;
        const CaptionBatcher batcher(m.tokenizer, 0.0);
        double sum = 0.0;
        constexpr std::size_t kChunk = 32;
        for (std::size_t first = 0; first < usable.size(); first += kChunk) {
            const std::size_t rows = std::min(kChunk, usable.size() - first);
            auto tokens = [&](const Scene& scene) {
                return m.vq->encodeToIndices(imageToTensor(renderScene(scene, size), device)).reshape({grid * grid}).to(torch::kInt64);
            };
            std::vector<torch::Tensor> grids, subjects, shown;
            std::vector<std::string> captions, others;
            for (std::size_t i = first; i < first + rows; ++i) {
                const Scene& scene = usable[i]->scene;
                grids.push_back(tokens(scene));
                if (showRelationObject) {
                    subjects.push_back(grids.back() != tokens(without(scene, scene.relation->subject)));
                    shown.push_back(grids.back() != tokens(without(scene, scene.relation->object)));
                }
                captions.push_back(usable[i]->caption);
                others.push_back(swapped[i]);
            }
            const torch::Tensor target = torch::stack(grids);
            const torch::Tensor object = showRelationObject ? torch::stack(subjects) : target != std::get<0>(target.mode(1)).unsqueeze(1);
            // Every token masked, or all but the relation's object's.
            torch::Tensor input = torch::full({int64_t(rows), grid * grid}, m.transformer->maskTokenId(),
                                              torch::TensorOptions().dtype(torch::kInt64).device(device));
            if (showRelationObject)
                input = torch::where(torch::stack(shown), target, input);
            input = input.reshape({int64_t(rows), grid, grid});
            auto meanLogProb = [&](const std::vector<std::string>& text) { // (rows) over the object tokens
                const CaptionBatch batch = batcher.make(text, std::vector<double>(rows, 1.0), device);
                const MuseTextContext context = m.transformer->prepareText(baseTextStates(m.t5->forward(batch.ids, batch.mask), m.t5Second, batch.ids, batch.mask),
                                                                             batch.mask);
                const torch::Tensor logp = torch::log_softmax(m.transformer->forward(input, context).reshape({int64_t(rows), -1, grid * grid}), 1)
                                               .gather(1, target.unsqueeze(1))
                                               .squeeze(1);
                return (logp * object).sum(1) / object.sum(1).clamp_min(1);
            };
            sum += (meanLogProb(captions) - meanLogProb(others)).sum().item<double>();
            result.scenes += int(rows);
        }
        result.natsPerObjectToken = result.scenes ? sum / result.scenes : 0.0;
        return result;
    });
}

} // namespace muse
