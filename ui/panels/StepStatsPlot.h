#pragma once

#include "jobs/JobProgress.h"
#include "muse/Engine.h"

#include <QWidget>

#include <vector>

class QCPAxis;
class QCPGraph;
class QCustomPlot;

namespace muse::ui {

// The last job's decoding steps: tokens still masked (left axis), mean confidence of the tokens
// sampled (right axis, 0..1) and seconds per step (a third axis). Fills live while a job runs and
// is replaced by the engine's step records when it finishes.
class StepStatsPlot : public QWidget {
    Q_OBJECT

public:
    explicit StepStatsPlot(QWidget* parent = nullptr);

    void startJob();
    void addProgress(const JobProgress& progress);
    void setSteps(const std::vector<StepRecord>& steps);
    int pointCount() const;

private:
    void addPoint(Stage stage, int step, double masked, double confidence, double seconds);
    void replot();

    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_masked = nullptr;
    QCPGraph* m_confidence = nullptr;
    QCPGraph* m_seconds = nullptr;
    QCPAxis* m_secondsAxis = nullptr;
    int m_index = 0; // x: steps over all stages
};

} // namespace muse::ui
