#pragma once
// Loss curve (CSV, one row per step, appended so a resumed run continues the file) and progress
// lines with throughput and ETA.

#include "muse/Training.h"

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace muse {

class TrainingProgress {
public:
    // `columns`: the loss terms of this stage, written after "step,lr".
    TrainingProgress(std::string stage, const std::string& csvPath, std::vector<std::string> columns, int firstStep,
                     int totalSteps, int logEvery, TrainLogCallback log, bool append);

    // Records one step (0-based); prints a line every logEvery steps and at the last step.
    void record(int step, double learningRate, const std::vector<double>& values);
    // Mean of the first column over the first / latest log interval of this run.
    double firstMean() const { return m_firstMean; }
    double lastMean() const { return m_lastMean; }
    double elapsedSeconds() const;
    // What the stage reports when it ends after `lastStep` (this run began at the constructor's firstStep).
    TrainSummary summary(int lastStep, const std::string& csvPath) const;

private:
    std::string m_stage;
    std::ofstream m_csv;
    std::vector<std::string> m_columns;
    int m_firstStep;
    int m_totalSteps;
    int m_logEvery;
    TrainLogCallback m_log;
    std::chrono::steady_clock::time_point m_start;
    std::vector<double> m_sums;
    int m_count = 0;
    double m_firstMean = 0.0;
    double m_lastMean = 0.0;
    bool m_haveFirst = false;
};

std::string formatDuration(double seconds);

} // namespace muse
