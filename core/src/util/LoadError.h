#pragma once
// Inside core, deep loading code throws LoadError; every public entry point catches it (and
// c10::Error) and returns the Status, so no exception crosses the engine boundary.

#include "muse/Status.h"

#include <stdexcept>

namespace muse {

class LoadError : public std::runtime_error {
public:
    explicit LoadError(Status status) : std::runtime_error(status.message()), m_status(std::move(status)) {}
    LoadError(ErrorCode code, const std::string& message) : LoadError(Status(code, message)) {}
    const Status& status() const { return m_status; }

private:
    Status m_status;
};

// The value of a Result, or throws its Status as a LoadError (inside `guarded` bodies).
template <typename T>
T take(Result<T> result)
{
    if (!result)
        throw LoadError(result.status());
    return result.takeValue();
}

// Runs `body` (returning Status or Result<T>) and turns LoadError, c10::Error and std exceptions
// into a Status. CUDA out-of-memory becomes ErrorCode::OutOfMemory.
Status statusFromCurrentException(const std::string& context);

template <typename F>
auto guarded(const std::string& context, F&& body) -> decltype(body())
{
    try {
        return body();
    } catch (...) {
        return statusFromCurrentException(context);
    }
}

} // namespace muse
