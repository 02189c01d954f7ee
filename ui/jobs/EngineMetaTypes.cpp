#include "jobs/EngineMetaTypes.h"

#include "jobs/JobOutcome.h"
#include "jobs/JobProgress.h"

namespace muse::ui {

void registerEngineMetaTypes()
{
    qRegisterMetaType<muse::EngineOptions>();
    qRegisterMetaType<muse::ModelDescription>();
    qRegisterMetaType<muse::AnyRequest>();
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<JobOutcome>();
}

} // namespace muse::ui
