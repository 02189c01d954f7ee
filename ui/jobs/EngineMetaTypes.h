#pragma once
// Core value types that travel through queued signals between the GUI and the engine's thread.

#include "muse/Engine.h"

#include <QMetaType>

Q_DECLARE_METATYPE(muse::EngineOptions)
Q_DECLARE_METATYPE(muse::ModelDescription)
Q_DECLARE_METATYPE(muse::AnyRequest)

namespace muse::ui {

// Registers the types above and those of the job headers (idempotent).
void registerEngineMetaTypes();

} // namespace muse::ui
