#pragma once
// One function per `muse` subcommand; each returns the process exit code.

#include <string>
#include <vector>

namespace muse::cli {

int runCheckFixtures(const std::vector<std::string>& args);
int runDataset(const std::vector<std::string>& args);
int runInfo(const std::vector<std::string>& args);
int runTokenize(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runCreateModel(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runGrow(const std::vector<std::string>& args);
// generate, inpaint, outpaint, edit
int runGenerationCommand(const std::string& mode, const std::vector<std::string>& args);

} // namespace muse::cli
