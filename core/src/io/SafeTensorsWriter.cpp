#include "muse/SafeTensors.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace muse {

Status writeSafeTensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                        const std::map<std::string, std::string>& metadata)
{
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    uint64_t offset = 0;
    std::set<std::string> names;
    for (const auto& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__" || !names.insert(t.name).second)
            return Status(ErrorCode::InvalidArgument, path + ": invalid or duplicate tensor name \"" + t.name + "\"");
        uint64_t expected = dtypeSize(t.dtype);
        for (int64_t d : t.shape) {
            if (d < 0)
                return Status(ErrorCode::InvalidArgument, path + ": tensor \"" + t.name + "\" has a negative dimension");
            expected *= static_cast<uint64_t>(d);
        }
        if (expected != t.byteSize)
            return Status(ErrorCode::InvalidArgument, path + ": tensor \"" + t.name + "\" has " +
                                                          std::to_string(t.byteSize) + " bytes, its shape needs " +
                                                          std::to_string(expected));
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.byteSize}}};
        offset += t.byteSize;
    }
    std::string text = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
    while ((8 + text.size()) % 8 != 0)
        text.push_back(' ');

    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return Status(ErrorCode::IoError, tmp + ": cannot create: " + std::strerror(errno));
        uint64_t n = text.size();
        unsigned char len[8];
        for (int i = 0; i < 8; ++i)
            len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
        out.write(reinterpret_cast<const char*>(len), 8);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        for (const auto& t : tensors)
            if (t.byteSize)
                out.write(static_cast<const char*>(t.data), static_cast<std::streamsize>(t.byteSize));
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return Status(ErrorCode::IoError, path + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        return Status(ErrorCode::IoError, path + ": cannot replace: " + ec.message());
    }
    return Status::ok();
}

} // namespace muse
