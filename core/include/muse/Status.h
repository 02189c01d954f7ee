#pragma once
// Errors cross the engine boundary as values: an error code plus an English message that names
// the file, tensor or field at fault. Nothing in core throws past its public functions.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace muse {

enum class ErrorCode {
    Ok,
    InvalidArgument,   // a request field or command-line value is out of range
    NotFound,          // a file or folder does not exist
    IoError,           // a read or write failed
    CorruptFile,       // a file exists but its content is malformed (truncated, bad header, ...)
    UnsupportedFormat, // a pickled checkpoint, an unknown dtype, an unknown model layout
    ConfigMismatch,    // config.json does not match the weights (missing tensor, wrong shape)
    OutOfMemory,
    Cancelled,
    Internal,
};

const char* errorCodeName(ErrorCode code);

class Status {
public:
    Status() = default;
    Status(ErrorCode code, std::string message) : m_code(code), m_message(std::move(message)) {}
    static Status ok() { return {}; }

    bool isOk() const { return m_code == ErrorCode::Ok; }
    explicit operator bool() const { return isOk(); }
    ErrorCode code() const { return m_code; }
    const std::string& message() const { return m_message; }
    // "CorruptFile: model.safetensors: ..." — for logs and the CLI.
    std::string toString() const;

    // Prepends context ("loading text_encoder: ") to the message, keeping the code.
    Status withContext(const std::string& context) const;

private:
    ErrorCode m_code = ErrorCode::Ok;
    std::string m_message;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status status) : m_status(std::move(status)) {}
    Result(ErrorCode code, std::string message) : m_status(code, std::move(message)) {}

    bool isOk() const { return m_value.has_value(); }
    explicit operator bool() const { return isOk(); }
    const Status& status() const { return m_status; }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T takeValue() { return std::move(*m_value); }

private:
    std::optional<T> m_value;
    Status m_status;
};

} // namespace muse

#define MUSE_RETURN_IF_ERROR(expr)                                                                 \
    do {                                                                                           \
        ::muse::Status muse_status_ = (expr);                                                      \
        if (!muse_status_.isOk())                                                                  \
            return muse_status_;                                                                   \
    } while (0)
