#pragma once
// One function per `muse` subcommand; each returns the process exit code.

#include <string>
#include <vector>

namespace muse::cli {

int runCheckFixtures(const std::vector<std::string>& args);
int runDataset(const std::vector<std::string>& args);
int runInfo(const std::vector<std::string>& args);
int runTokenize(const std::vector<std::string>& args);

} // namespace muse::cli
