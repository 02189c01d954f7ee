#pragma once
// A small command-line parser for the `muse` subcommands: --name value, --name=value, --flag,
// and positional arguments. Unknown options are errors, so typos do not silently use defaults.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace muse::cli {

class Args {
public:
    // `valueOptions` take a value; `flagOptions` do not. Names without the leading dashes.
    Args(std::vector<std::string> argv, std::set<std::string> valueOptions, std::set<std::string> flagOptions);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    bool has(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    std::vector<std::string> values(const std::string& name) const; // repeated options
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::multimap<std::string, std::string> m_options;
    std::vector<std::string> m_positional;
    std::string m_error;
};

} // namespace muse::cli
