#include "panels/StepStatsPlot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace muse::ui {

StepStatsPlot::StepStatsPlot(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(160);
    layout->addWidget(m_plot);

    QCPAxisRect* rect = m_plot->axisRect();
    m_secondsAxis = rect->addAxis(QCPAxis::atRight);
    m_plot->yAxis2->setVisible(true);
    m_plot->xAxis->setLabel(tr("Step"));
    m_plot->yAxis->setLabel(tr("Tokens masked"));
    m_plot->yAxis2->setLabel(tr("Mean confidence"));
    m_secondsAxis->setLabel(tr("Seconds per step"));
    m_plot->yAxis2->setRange(0, 1);

    m_masked = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    m_masked->setName(tr("Tokens masked"));
    m_masked->setPen(QPen(QColor(220, 60, 80), 2));
    m_masked->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    m_confidence = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_confidence->setName(tr("Mean confidence"));
    m_confidence->setPen(QPen(QColor(40, 130, 220), 2));
    m_confidence->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 4));
    m_seconds = m_plot->addGraph(m_plot->xAxis, m_secondsAxis);
    m_seconds->setName(tr("Seconds per step"));
    m_seconds->setPen(QPen(QColor(90, 170, 80), 1.5, Qt::DashLine));

    // Whole steps on x, however few.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);

    // The legend in a row of its own above the axes, so it never hides a curve.
    m_plot->legend->setVisible(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_plot->legend->setFont(small);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    replot();
}

void StepStatsPlot::startJob()
{
    m_masked->data()->clear();
    m_confidence->data()->clear();
    m_seconds->data()->clear();
    m_index = 0;
    replot();
}

void StepStatsPlot::addPoint(Stage, int, double masked, double confidence, double seconds)
{
    ++m_index;
    m_masked->addData(m_index, masked);
    m_confidence->addData(m_index, confidence);
    m_seconds->addData(m_index, seconds);
}

void StepStatsPlot::addProgress(const JobProgress& p)
{
    if (!p.isDecodingStep() || p.step <= 0)
        return;
    addPoint(p.stage, p.step, static_cast<double>(p.tokensMasked), p.meanConfidence, p.stepSeconds);
    replot();
}

void StepStatsPlot::setSteps(const std::vector<StepRecord>& steps)
{
    if (steps.empty())
        return; // keep what was drawn live
    m_masked->data()->clear();
    m_confidence->data()->clear();
    m_seconds->data()->clear();
    m_index = 0;
    for (const StepRecord& s : steps)
        addPoint(s.stage, s.step, static_cast<double>(s.tokensMasked), s.meanConfidence, s.seconds);
    replot();
}

int StepStatsPlot::pointCount() const { return m_masked->dataCount(); }

void StepStatsPlot::replot()
{
    bool found = false;
    const QCPRange masked = m_masked->data()->valueRange(found);
    m_plot->yAxis->setRange(0, found ? std::max(1.0, masked.upper * 1.05) : 1.0);
    const QCPRange seconds = m_seconds->data()->valueRange(found);
    m_secondsAxis->setRange(0, found ? std::max(0.01, seconds.upper * 1.1) : 1.0);
    m_plot->xAxis->setRange(0.5, std::max(2, m_index) + 0.5);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace muse::ui
