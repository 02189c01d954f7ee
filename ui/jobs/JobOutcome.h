#pragma once

#include "muse/Engine.h"

#include <QImage>
#include <QMetaType>
#include <QVector>

#include <memory>

namespace muse::ui {

// What a finished job hands to the GUI thread: the engine's result (shared, read-only) and its
// images already converted, so the GUI thread does no pixel work.
struct JobOutcome {
    std::shared_ptr<const GenerationResult> result;
    QVector<QImage> images;
};

} // namespace muse::ui

Q_DECLARE_METATYPE(muse::ui::JobOutcome)
