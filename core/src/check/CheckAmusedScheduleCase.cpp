#include "check/FixtureCase.h"

#include "sampling/MaskSchedule.h"
#include "util/LoadError.h"

#include <fstream>

namespace muse {

// cases.json: [{tokens, steps, masked_after_step[], temperatures[]}] from AmusedScheduler
// (cosine schedule, temperature (2, 0)), starting from a fully masked grid.
void runAmusedScheduleCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    std::ifstream in(fixture.file("cases.json"));
    const nlohmann::json list = nlohmann::json::parse(in, nullptr, false);
    if (list.is_discarded() || !list.is_array())
        throw LoadError(ErrorCode::CorruptFile, fixture.file("cases.json") + ": not a JSON list");
    int wrong = 0;
    std::string firstWrong;
    for (const auto& c : list) {
        const int64_t tokens = c.at("tokens").get<int64_t>();
        const int steps = c.at("steps").get<int>();
        const auto expected = c.at("masked_after_step").get<std::vector<int64_t>>();
        const auto counts = maskedCountsPerStep(MaskScheduleKind::Cosine, steps, tokens, tokens);
        const auto temperatures = linspaceFloat(2.0f, 0.0f, steps);
        const auto expectedTemperatures = c.at("temperatures").get<std::vector<double>>();
        for (std::size_t i = 0; i < temperatures.size() && i < expectedTemperatures.size(); ++i)
            result.maxAbsError = std::max(result.maxAbsError, std::fabs(temperatures[i] - expectedTemperatures[i]));
        if (counts != expected || temperatures.size() != expectedTemperatures.size()) {
            ++wrong;
            if (firstWrong.empty())
                firstWrong = std::to_string(tokens) + " tokens, " + std::to_string(steps) + " steps";
        }
    }
    if (result.maxAbsError > fixture.atol) {
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail = "temperatures differ";
    }
    if (wrong) {
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail = std::to_string(wrong) + " of " + std::to_string(list.size()) +
                        " schedules differ (first: " + firstWrong + ")";
    } else if (result.outcome == FixtureCaseResult::Outcome::Passed) {
        result.detail = std::to_string(list.size()) + " schedules, masked counts exact";
    }
}

} // namespace muse
