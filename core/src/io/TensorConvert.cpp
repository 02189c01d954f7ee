#include "io/TensorConvert.h"

#include "util/LoadError.h"

#include <cstring>

namespace muse {

torch::ScalarType toScalarType(DType dtype)
{
    switch (dtype) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

std::optional<DType> fromScalarType(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::Bool;
    default: return std::nullopt;
    }
}

torch::Tensor readTensor(const SafeTensorsFile& file, const TensorInfo& info)
{
    // Copied rather than viewed: offsets inside the mapping need not be aligned for the dtype.
    torch::Tensor out = torch::empty(info.shape, torch::TensorOptions().dtype(toScalarType(info.dtype)));
    if (info.byteSize())
        std::memcpy(out.data_ptr(), file.data(info), info.byteSize());
    if (info.dtype == DType::Bool) // any non-zero byte is true; torch expects exactly 0/1
        out = out.view(torch::kUInt8).ne(0);
    return out;
}

torch::Tensor readTensor(const TensorArchive& archive, const std::string& name)
{
    auto entry = archive.find(name);
    if (!entry)
        throw LoadError(ErrorCode::ConfigMismatch, archive.description() + ": no tensor \"" + name + "\"");
    return readTensor(*entry->file, *entry->info);
}

Status writeTensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                    const std::map<std::string, std::string>& metadata)
{
    return guarded(path, [&]() -> Status {
        std::vector<torch::Tensor> keep;
        std::vector<TensorToWrite> items;
        for (const auto& [name, tensor] : tensors) {
            torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
            auto dtype = fromScalarType(t.scalar_type());
            if (!dtype)
                return Status(ErrorCode::UnsupportedFormat, "tensor \"" + name + "\" has a dtype safetensors cannot store");
            keep.push_back(t);
            items.push_back({name, *dtype, t.sizes().vec(), t.data_ptr(), t.numel() * t.element_size()});
        }
        return writeSafeTensors(path, items, metadata);
    });
}

} // namespace muse
