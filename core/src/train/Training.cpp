// The public training and evaluation entry points (muse/Training.h).

#include "muse/Training.h"

#include "train/EditEvaluator.h"
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
    if (options.task == EvalOptions::Task::Generate)
        return ModelEvaluator(options).run(log);
    return EditEvaluator(options).run(log);
}

const char* evalTaskName(EvalOptions::Task task)
{
    switch (task) {
    case EvalOptions::Task::Generate: return "generate";
    case EvalOptions::Task::Edit: return "edit";
    case EvalOptions::Task::Inpaint: return "inpaint";
    case EvalOptions::Task::Outpaint: return "outpaint";
    }
    return "generate";
}

std::optional<EvalOptions::Task> evalTaskFromName(const std::string& name)
{
    for (auto task : {EvalOptions::Task::Generate, EvalOptions::Task::Edit, EvalOptions::Task::Inpaint, EvalOptions::Task::Outpaint})
        if (name == evalTaskName(task))
            return task;
    return std::nullopt;
}

} // namespace muse
