#pragma once

#include "muse/Engine.h"

#include <QMetaType>

namespace muse::ui {

// One Progress report of the engine, copied so it can cross threads (without the images).
struct JobProgress {
    Stage stage = Stage::LoadingModel;
    int step = 0;
    int totalSteps = 0;
    qint64 tokensMasked = 0;
    qint64 totalTokens = 0;
    double meanConfidence = 0;
    double elapsedSeconds = 0;
    double stepSeconds = 0;

    static JobProgress from(const Progress& progress);
    bool isDecodingStep() const { return stage == Stage::Base || stage == Stage::SuperRes; }
};

} // namespace muse::ui

Q_DECLARE_METATYPE(muse::ui::JobProgress)
