#include "io/JsonConfig.h"

#include "util/LoadError.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace muse {

Result<JsonConfig> JsonConfig::load(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Status(ErrorCode::NotFound, path + ": cannot open");
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json json = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return Status(ErrorCode::CorruptFile, path + ": not valid JSON");
    if (!json.is_object())
        return Status(ErrorCode::CorruptFile, path + ": not a JSON object");
    return fromJson(std::move(json), path);
}

JsonConfig JsonConfig::fromJson(nlohmann::json json, std::string path)
{
    JsonConfig config;
    config.m_json = std::move(json);
    config.m_path = std::move(path);
    return config;
}

bool JsonConfig::has(const std::string& key) const { return lookup(key) != nullptr; }

const nlohmann::json* JsonConfig::lookup(const std::string& key) const
{
    auto it = m_json.find(key);
    if (it == m_json.end() || it->is_null())
        return nullptr;
    return &*it;
}

void JsonConfig::require(bool condition, const std::string& key, const std::string& what) const
{
    if (!condition)
        throw LoadError(ErrorCode::ConfigMismatch, m_path + ": \"" + key + "\": " + what);
}

int64_t JsonConfig::getInt(const std::string& key) const
{
    const nlohmann::json* v = lookup(key);
    require(v != nullptr, key, "missing");
    // Some writers store integers as 64.0; accept whole floats, refuse anything else.
    if (v->is_number_float()) {
        const double d = v->get<double>();
        require(std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15, key, "is not an integer");
        return static_cast<int64_t>(d);
    }
    require(v->is_number_integer(), key, "is not an integer");
    return v->get<int64_t>();
}

int64_t JsonConfig::getInt(const std::string& key, int64_t fallback) const
{
    return has(key) ? getInt(key) : fallback;
}

double JsonConfig::getDouble(const std::string& key) const
{
    const nlohmann::json* v = lookup(key);
    require(v != nullptr, key, "missing");
    require(v->is_number(), key, "is not a number");
    return v->get<double>();
}

double JsonConfig::getDouble(const std::string& key, double fallback) const
{
    return has(key) ? getDouble(key) : fallback;
}

bool JsonConfig::getBool(const std::string& key, bool fallback) const
{
    const nlohmann::json* v = lookup(key);
    if (!v)
        return fallback;
    require(v->is_boolean(), key, "is not true/false");
    return v->get<bool>();
}

std::string JsonConfig::getString(const std::string& key) const
{
    const nlohmann::json* v = lookup(key);
    require(v != nullptr, key, "missing");
    require(v->is_string(), key, "is not a string");
    return v->get<std::string>();
}

std::string JsonConfig::getString(const std::string& key, const std::string& fallback) const
{
    return has(key) ? getString(key) : fallback;
}

std::vector<int64_t> JsonConfig::getIntList(const std::string& key) const
{
    const nlohmann::json* v = lookup(key);
    require(v != nullptr, key, "missing");
    require(v->is_array(), key, "is not a list");
    std::vector<int64_t> out;
    for (const auto& item : *v) {
        require(item.is_number_integer(), key, "holds a value that is not an integer");
        out.push_back(item.get<int64_t>());
    }
    return out;
}

std::vector<std::string> JsonConfig::getStringList(const std::string& key) const
{
    const nlohmann::json* v = lookup(key);
    require(v != nullptr, key, "missing");
    require(v->is_array(), key, "is not a list");
    std::vector<std::string> out;
    for (const auto& item : *v) {
        require(item.is_string(), key, "holds a value that is not a string");
        out.push_back(item.get<std::string>());
    }
    return out;
}

} // namespace muse
