#pragma once
// A config.json (Hugging Face / diffusers) with typed accessors whose errors name the file and key.

#include "muse/Status.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace muse {

class JsonConfig {
public:
    static Result<JsonConfig> load(const std::string& path);
    static JsonConfig fromJson(nlohmann::json json, std::string path);

    const std::string& path() const { return m_path; }
    const nlohmann::json& json() const { return m_json; }
    bool has(const std::string& key) const;

    // The typed getters throw LoadError (ConfigMismatch) naming file and key when the value is
    // missing (required form) or has the wrong type; the defaulted form accepts absence and null.
    int64_t getInt(const std::string& key) const;
    int64_t getInt(const std::string& key, int64_t fallback) const;
    double getDouble(const std::string& key) const;
    double getDouble(const std::string& key, double fallback) const;
    bool getBool(const std::string& key, bool fallback) const;
    std::string getString(const std::string& key) const;
    std::string getString(const std::string& key, const std::string& fallback) const;
    std::vector<int64_t> getIntList(const std::string& key) const;
    std::vector<std::string> getStringList(const std::string& key) const;

    // Throws LoadError when `condition` is false: "<file>: <key>: <what>".
    void require(bool condition, const std::string& key, const std::string& what) const;

private:
    const nlohmann::json* lookup(const std::string& key) const;
    nlohmann::json m_json;
    std::string m_path;
};

} // namespace muse
