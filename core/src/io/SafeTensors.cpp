#include "muse/SafeTensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace muse {

namespace {

struct DTypeRow {
    DType dtype;
    const char* name;
    std::size_t size;
};
constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2}, {DType::I8, "I8", 1}, {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
};

Status corrupt(const std::string& path, const std::string& what)
{
    return Status(ErrorCode::CorruptFile, path + ": " + what);
}

// Multiplies non-negative sizes, failing instead of overflowing.
bool checkedMultiply(uint64_t a, uint64_t b, uint64_t& out)
{
    if (a != 0 && b > UINT64_MAX / a)
        return false;
    out = a * b;
    return true;
}

} // namespace

const char* dtypeName(DType dtype)
{
    for (const auto& row : kDTypes)
        if (row.dtype == dtype)
            return row.name;
    return "?";
}

std::optional<DType> parseDType(const std::string& name)
{
    for (const auto& row : kDTypes)
        if (name == row.name)
            return row.dtype;
    return std::nullopt;
}

std::size_t dtypeSize(DType dtype)
{
    for (const auto& row : kDTypes)
        if (row.dtype == dtype)
            return row.size;
    return 0;
}

int64_t TensorInfo::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

struct SafeTensorsFile::Mapping {
    void* address = nullptr;
    uint64_t size = 0;
    uint64_t dataStart = 0; // 8 + header length
    ~Mapping()
    {
        if (address && address != MAP_FAILED)
            munmap(address, size);
    }
};

uint64_t SafeTensorsFile::fileSize() const { return m_mapping ? m_mapping->size : 0; }

const TensorInfo* SafeTensorsFile::find(const std::string& name) const
{
    auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const uint8_t* SafeTensorsFile::data(const TensorInfo& info) const
{
    return static_cast<const uint8_t*>(m_mapping->address) + m_mapping->dataStart + info.begin;
}

std::shared_ptr<const void> SafeTensorsFile::mappingHandle() const { return m_mapping; }

namespace {

const char kConvertHint[] =
    "pickled PyTorch checkpoints are refused (loading one can run arbitrary code). "
    "Convert it to safetensors first, e.g. in Python: "
    "safetensors.torch.save_file(torch.load(f, weights_only=True), 'model.safetensors')";

// A pickle (protocol 2-5) or the zip archive torch.save writes, whatever the file is called.
bool looksPickled(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[4] = {0, 0, 0, 0};
    if (!in.read(reinterpret_cast<char*>(magic), 4))
        return false;
    return (magic[0] == 0x80 && magic[1] >= 2 && magic[1] <= 5) ||
           (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4);
}

} // namespace

Result<SafeTensorsFile> SafeTensorsFile::open(const std::string& path)
{
    MUSE_RETURN_IF_ERROR(refusePickledCheckpoint(path));
    Result<SafeTensorsFile> file = parse(path);
    // Only a file that fails to parse is sniffed: a valid header length can start with any bytes.
    if (!file && file.status().code() == ErrorCode::CorruptFile && looksPickled(path))
        return Status(ErrorCode::UnsupportedFormat, path + ": " + kConvertHint);
    return file;
}

Result<SafeTensorsFile> SafeTensorsFile::parse(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        return Status(err == ENOENT ? ErrorCode::NotFound : ErrorCode::IoError,
                      path + ": cannot open: " + std::strerror(err));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status(ErrorCode::IoError, path + ": not a regular file");
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size < 8) {
        ::close(fd);
        return corrupt(path, "file is " + std::to_string(size) +
                                 " bytes, too short for a safetensors header (truncated?)");
    }
    auto mapping = std::make_shared<Mapping>();
    mapping->size = size;
    mapping->address = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping->address == MAP_FAILED) {
        mapping->address = nullptr;
        return Status(ErrorCode::IoError, path + ": mmap failed: " + std::strerror(errno));
    }
    const auto* bytes = static_cast<const uint8_t*>(mapping->address);

    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | bytes[i];
    if (headerLength > size - 8)
        return corrupt(path, "header length " + std::to_string(headerLength) +
                                 " exceeds the file size " + std::to_string(size) +
                                 " (truncated or not a safetensors file)");
    if (headerLength > kMaxHeaderBytes)
        return corrupt(path, "header length " + std::to_string(headerLength) + " exceeds the " +
                                 std::to_string(kMaxHeaderBytes) + "-byte limit");
    mapping->dataStart = 8 + headerLength;
    const uint64_t dataSize = size - mapping->dataStart;

    const char* headerBegin = reinterpret_cast<const char*>(bytes + 8);
    nlohmann::json header = nlohmann::json::parse(headerBegin, headerBegin + headerLength, nullptr,
                                                  /*allow_exceptions=*/false);
    if (header.is_discarded())
        return corrupt(path, "header is not valid JSON");
    if (!header.is_object())
        return corrupt(path, "header is not a JSON object");

    SafeTensorsFile file;
    file.m_path = path;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object())
                return corrupt(path, "__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    return corrupt(path, "__metadata__ value of \"" + m.key() + "\" is not a string");
                file.m_metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor \"" + name + "\": ";
        if (!entry.is_object())
            return corrupt(path, where + "entry is not an object");
        auto dtypeIt = entry.find("dtype");
        auto shapeIt = entry.find("shape");
        auto offsetsIt = entry.find("data_offsets");
        if (dtypeIt == entry.end() || !dtypeIt->is_string())
            return corrupt(path, where + "missing or non-string \"dtype\"");
        if (shapeIt == entry.end() || !shapeIt->is_array())
            return corrupt(path, where + "missing or non-array \"shape\"");
        if (offsetsIt == entry.end() || !offsetsIt->is_array() || offsetsIt->size() != 2)
            return corrupt(path, where + "\"data_offsets\" must be an array [begin, end]");

        TensorInfo info;
        info.name = name;
        const auto dtype = parseDType(dtypeIt->get<std::string>());
        if (!dtype)
            return Status(ErrorCode::UnsupportedFormat,
                          path + ": " + where + "unsupported dtype \"" + dtypeIt->get<std::string>() + "\"");
        info.dtype = *dtype;

        uint64_t elements = 1;
        for (const auto& d : *shapeIt) {
            if (!d.is_number_unsigned())
                return corrupt(path, where + "shape has a negative or non-integer dimension");
            const uint64_t dim = d.get<uint64_t>();
            if (!checkedMultiply(elements, dim, elements) || elements > (1ull << 48))
                return corrupt(path, where + "shape has an impossible number of elements");
            info.shape.push_back(static_cast<int64_t>(dim));
        }
        for (const auto& o : *offsetsIt)
            if (!o.is_number_unsigned())
                return corrupt(path, where + "data_offsets must be non-negative integers");
        info.begin = (*offsetsIt)[0].get<uint64_t>();
        info.end = (*offsetsIt)[1].get<uint64_t>();
        if (info.begin > info.end)
            return corrupt(path, where + "data_offsets begin " + std::to_string(info.begin) +
                                     " is after end " + std::to_string(info.end));
        if (info.end > dataSize)
            return corrupt(path, where + "data_offsets end " + std::to_string(info.end) +
                                     " is past the end of the data (" + std::to_string(dataSize) +
                                     " bytes; file truncated?)");
        uint64_t expected = 0;
        checkedMultiply(elements, dtypeSize(info.dtype), expected);
        if (info.byteSize() != expected)
            return corrupt(path, where + "holds " + std::to_string(info.byteSize()) + " bytes but " +
                                     dtypeName(info.dtype) + " with shape of " + std::to_string(elements) +
                                     " elements needs " + std::to_string(expected));
        file.m_tensors.push_back(std::move(info));
    }

    std::sort(file.m_tensors.begin(), file.m_tensors.end(),
              [](const TensorInfo& a, const TensorInfo& b) {
                  return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
              });
    for (std::size_t i = 1; i < file.m_tensors.size(); ++i) {
        const TensorInfo& prev = file.m_tensors[i - 1];
        const TensorInfo& cur = file.m_tensors[i];
        if (cur.begin < prev.end && cur.byteSize() > 0 && prev.byteSize() > 0)
            return corrupt(path, "tensor \"" + cur.name + "\" overlaps tensor \"" + prev.name + "\"");
    }
    for (std::size_t i = 0; i < file.m_tensors.size(); ++i)
        file.m_index[file.m_tensors[i].name] = i;
    file.m_mapping = std::move(mapping);
    return file;
}

Status refusePickledCheckpoint(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static const char* kPickled[] = {".bin", ".ckpt", ".pt", ".pth", ".pkl", ".pickle"};
    for (const char* e : kPickled)
        if (ext == e)
            return Status(ErrorCode::UnsupportedFormat, path + ": " + kConvertHint);
    return Status::ok();
}

} // namespace muse
