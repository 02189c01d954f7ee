#include "train/OrderNegativeTerm.h"

#include "train/CaptionNegatives.h"
#include "train/MaskedTokenObjective.h"

#include <algorithm>

namespace muse {

OrderNegativeTerm orderNegativeTerm(MuseTransformerImpl& base, const CaptionBatcher& batcher,
                                    const std::function<torch::Tensor(const CaptionBatch&)>& encode,
                                    const OrderNegativeBatch& batch, const torch::Tensor& input, const torch::Tensor& goal,
                                    const torch::Tensor& where, const torch::Tensor& logits)
{
    std::vector<int64_t> chosen;
    std::vector<std::string> negatives;
    for (std::size_t b = 0; b < batch.captions.size(); ++b) {
        if (batch.dropped[b])
            continue;
        if (auto negative = orderNegative(batch.captions[b], batch.choice[b])) {
            chosen.push_back(int64_t(b));
            negatives.push_back(*negative);
        }
    }
    OrderNegativeTerm term;
    if (chosen.empty())
        return term;
    const torch::Tensor pick = torch::tensor(chosen, torch::kInt64).to(input.device());
    CaptionBatch text = batcher.make(negatives, std::vector<double>(chosen.size(), 1.0), input.device());
    if (!batch.firstTextDropped.empty())
        for (int64_t b : chosen)
            text.firstTextDropped.push_back(batch.firstTextDropped[std::size_t(b)]);
    const torch::Tensor pickedWhere = where.index_select(0, pick);
    const torch::Tensor pickedGoal = goal.index_select(0, pick);
    const torch::Tensor negativeLogits = base.forwardSelected(input.index_select(0, pick), encode(text), text.mask, pickedWhere);
    const torch::Tensor positiveNll = MaskedTokenObjective::maskedNllPerSample(logits, goal, where).index_select(0, pick);
    const torch::Tensor negativeNll = MaskedTokenObjective::maskedNllPerSample(negativeLogits, pickedGoal, pickedWhere);
    // A mean over the examples instead would weigh each token hundreds of times what the cross-
    // entropy does (docs/training.md, "Twentieth session").
    const double tokens = std::max(1.0, where.sum().item<double>());
    term.loss = torch::softplus(positiveNll - negativeNll).sum() / tokens;
    term.margin = (negativeNll - positiveNll).mean().item<double>();
    return term;
}

} // namespace muse
