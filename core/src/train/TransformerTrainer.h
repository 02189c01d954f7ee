#pragma once
// Trains the Muse base transformer (jointly with the T5 encoder) or the super-resolution
// transformer (T5 frozen, conditioned on the base-size tokens of the same scene) with the paper's
// objective (MaskedTokenObjective), CFG text dropout (CaptionBatcher), AdamW, linear warm-up +
// cosine decay, gradient clipping, resumable checkpoints, loss CSV and progress lines. Images come
// pre-tokenized from the TokenCache, so steps never run the VQ.

#include "muse/Training.h"

namespace muse {

enum class TransformerStage { Base, SuperRes };

class TransformerTrainer {
public:
    TransformerTrainer(TransformerStage stage, TrainOptions options);
    Result<TrainSummary> run(const TrainLogCallback& log);

private:
    TransformerStage m_stage;
    TrainOptions m_options;
};

} // namespace muse
