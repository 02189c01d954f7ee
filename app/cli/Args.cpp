#include "Args.h"

namespace muse::cli {

Args::Args(std::vector<std::string> argv, std::set<std::string> valueOptions, std::set<std::string> flagOptions)
{
    bool onlyPositional = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (onlyPositional || arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            if (arg == "--") {
                onlyPositional = true;
                continue;
            }
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::string value;
        bool hasValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasValue = true;
        }
        if (flagOptions.count(name)) {
            if (hasValue) {
                m_error = "option --" + name + " takes no value";
                return;
            }
            m_options.emplace(name, "1");
        } else if (valueOptions.count(name)) {
            if (!hasValue) {
                if (i + 1 >= argv.size()) {
                    m_error = "option --" + name + " needs a value";
                    return;
                }
                value = argv[++i];
            }
            m_options.emplace(name, value);
        } else {
            m_error = "unknown option --" + name;
            return;
        }
    }
}

bool Args::has(const std::string& name) const { return m_options.count(name) > 0; }

std::string Args::value(const std::string& name, const std::string& fallback) const
{
    auto range = m_options.equal_range(name);
    if (range.first == range.second)
        return fallback;
    return std::prev(range.second)->second; // the last one given wins
}

std::vector<std::string> Args::values(const std::string& name) const
{
    std::vector<std::string> out;
    auto range = m_options.equal_range(name);
    for (auto it = range.first; it != range.second; ++it)
        out.push_back(it->second);
    return out;
}

} // namespace muse::cli
