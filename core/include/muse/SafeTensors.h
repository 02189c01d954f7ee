#pragma once
// Reading and writing safetensors files (https://github.com/huggingface/safetensors format):
// 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
// then the raw little-endian tensor bytes. Files are memory-mapped; every header field, offset
// and shape is checked against the file size before any byte is touched, so a truncated or
// hostile file yields an error naming the file and the tensor, never a crash or a huge allocation.
//
//   auto file = muse::SafeTensorsFile::open("model.safetensors");
//   if (!file) { std::cerr << file.status().toString(); return; }
//   for (const auto& t : file->tensors()) use(t.name, t.dtype, t.shape, file->data(t));

#include "muse/Status.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace muse {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

const char* dtypeName(DType dtype);                     // "F32", as the format spells it
std::optional<DType> parseDType(const std::string& name);
std::size_t dtypeSize(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets into the data section
    uint64_t end = 0;

    int64_t numel() const;
    uint64_t byteSize() const { return end - begin; }
};

class SafeTensorsFile {
public:
    // Largest header accepted; real checkpoints have headers of a few hundred kB.
    static constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

    static Result<SafeTensorsFile> open(const std::string& path);

    const std::string& path() const { return m_path; }
    uint64_t fileSize() const;
    const std::vector<TensorInfo>& tensors() const { return m_tensors; }
    const TensorInfo* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // Start of the tensor's bytes inside the mapping (not aligned to the dtype in general).
    const uint8_t* data(const TensorInfo& info) const;
    // Keeps the mapping alive for as long as the returned pointer is held (zero-copy views).
    std::shared_ptr<const void> mappingHandle() const;

private:
    static Result<SafeTensorsFile> parse(const std::string& path);
    struct Mapping;
    std::string m_path;
    std::shared_ptr<Mapping> m_mapping;
    std::vector<TensorInfo> m_tensors; // in file order (by offset)
    std::map<std::string, std::size_t> m_index;
    std::map<std::string, std::string> m_metadata;
};

// A set of tensors spread over one or more safetensors files: a single file, a sharded
// checkpoint described by `*.safetensors.index.json`, or the weights found in a component folder.
class TensorArchive {
public:
    struct Entry {
        const SafeTensorsFile* file = nullptr;
        const TensorInfo* info = nullptr;
    };

    // `path` is a .safetensors file or a .safetensors.index.json file. Pickled checkpoints
    // (.bin, .ckpt, .pt, .pth) are refused with a message saying how to convert them.
    static Result<TensorArchive> open(const std::string& path);
    // Finds the weights in a component folder (model.safetensors, diffusion_pytorch_model.safetensors,
    // their sharded index, or the single *.safetensors file). `variant` selects e.g. "fp16" files.
    static Result<TensorArchive> openFolder(const std::string& folder, const std::string& variant = {});
    // The weight file a component folder would load, without opening it.
    static Result<std::vector<std::string>> findWeightFiles(const std::string& folder, const std::string& variant = {});

    std::optional<Entry> find(const std::string& name) const;
    std::vector<std::string> names() const;
    const std::vector<std::shared_ptr<SafeTensorsFile>>& files() const { return m_files; }
    std::string description() const; // file name(s), for error messages

private:
    std::vector<std::shared_ptr<SafeTensorsFile>> m_files;
    std::map<std::string, Entry> m_entries;
    std::string m_description;
};

// One tensor to write: raw little-endian bytes matching dtype and shape.
struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr;
    std::size_t byteSize = 0;
};

// Writes atomically (to a temporary file, then renamed), tensors in the given order.
Status writeSafeTensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                        const std::map<std::string, std::string>& metadata = {});

// Refuses pickle-based checkpoints by their extension (.bin, .ckpt, .pt, .pth, ...); Ok otherwise.
// SafeTensorsFile::open also recognises a pickle or torch zip by content when a header fails to parse.
Status refusePickledCheckpoint(const std::string& path);

} // namespace muse
