// The public training and evaluation entry points (muse/Training.h).

#include "muse/Training.h"

#include "train/GradientSync.h"
#include "train/ModelEvaluator.h"
#include "train/TextTrainer.h"
#include "train/TransformerTrainer.h"
#include "train/VqTrainer.h"

namespace muse {

Result<TrainSummary> trainText(const TrainOptions& options, const TrainLogCallback& log)
{
    return TextTrainer(options).run(log);
}

Result<TrainSummary> trainVq(const TrainOptions& options, const TrainLogCallback& log)
{
    return VqTrainer(VqRole::Base, options).run(log);
}

Result<TrainSummary> trainSuperResVq(const TrainOptions& options, const TrainLogCallback& log)
{
    return VqTrainer(VqRole::SuperRes, options).run(log);
}

Result<TrainSummary> trainBase(const TrainOptions& options, const TrainLogCallback& log)
{
    return TransformerTrainer(TransformerStage::Base, options).run(log);
}

Result<TrainSummary> trainSuperRes(const TrainOptions& options, const TrainLogCallback& log)
{
    return TransformerTrainer(TransformerStage::SuperRes, options).run(log);
}

bool distributedTrainingAvailable()
{
    return GradientSync::available();
}

Result<EvalSummary> evaluateModel(const EvalOptions& options, const TrainLogCallback& log)
{
    return ModelEvaluator(options).run(log);
}

} // namespace muse
