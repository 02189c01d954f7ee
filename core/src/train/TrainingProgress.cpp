#include "train/TrainingProgress.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace muse {

std::string formatDuration(double seconds)
{
    const long s = long(seconds + 0.5);
    char buffer[32];
    if (s >= 3600)
        std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60)
        std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%lds", s);
    return buffer;
}

TrainingProgress::TrainingProgress(std::string stage, const std::string& csvPath, std::vector<std::string> columns,
                                   int firstStep, int totalSteps, int logEvery, TrainLogCallback log, bool append)
    : m_stage(std::move(stage)), m_columns(std::move(columns)), m_firstStep(firstStep), m_totalSteps(totalSteps),
      m_logEvery(std::max(1, logEvery)), m_log(std::move(log)), m_start(std::chrono::steady_clock::now()),
      m_sums(m_columns.size(), 0.0)
{
    if (!csvPath.empty()) {
        const bool exists = std::filesystem::exists(csvPath);
        m_csv.open(csvPath, append ? std::ios::app : std::ios::trunc);
        if (!append || !exists) {
            m_csv << "step,lr";
            for (const auto& c : m_columns)
                m_csv << "," << c;
            m_csv << "\n";
        }
    }
}

double TrainingProgress::elapsedSeconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

TrainSummary TrainingProgress::summary(int lastStep, const std::string& csvPath) const
{
    TrainSummary s;
    s.steps = lastStep - m_firstStep;
    s.finalStep = lastStep;
    // Steps since the last logged window count too: a run stopped (--stop-at) or shorter than one
    // window logged none and would report a loss of 0.
    const double pending = m_count > 0 && !m_sums.empty() ? m_sums[0] / m_count : 0.0;
    s.firstLoss = m_haveFirst ? m_firstMean : pending;
    s.lastLoss = m_count > 0 ? pending : m_lastMean;
    s.seconds = elapsedSeconds();
    s.lossCsv = csvPath;
    return s;
}

void TrainingProgress::record(int step, double learningRate, const std::vector<double>& values)
{
    if (m_csv) {
        m_csv << step + 1 << "," << learningRate;
        for (double v : values)
            m_csv << "," << v;
        m_csv << "\n";
        m_csv.flush();
    }
    for (std::size_t i = 0; i < values.size() && i < m_sums.size(); ++i)
        m_sums[i] += values[i];
    ++m_count;
    const bool last = step + 1 == m_totalSteps;
    if (m_count < m_logEvery && !last)
        return;
    const double mean = m_sums.empty() ? 0.0 : m_sums[0] / m_count;
    if (!m_haveFirst) {
        m_firstMean = mean;
        m_haveFirst = true;
    }
    m_lastMean = mean;
    const double elapsed = elapsedSeconds();
    const int done = step + 1 - m_firstStep;
    const double perStep = done > 0 ? elapsed / done : 0.0;
    std::ostringstream line;
    line.precision(4);
    line << m_stage << " " << step + 1 << "/" << m_totalSteps;
    for (std::size_t i = 0; i < m_sums.size(); ++i)
        line << " " << m_columns[i] << " " << m_sums[i] / m_count;
    line.precision(3);
    line << " lr " << learningRate << " " << perStep << " s/step elapsed " << formatDuration(elapsed) << " eta "
         << formatDuration(perStep * (m_totalSteps - step - 1));
    if (m_log)
        m_log(line.str());
    std::fill(m_sums.begin(), m_sums.end(), 0.0);
    m_count = 0;
}

} // namespace muse
