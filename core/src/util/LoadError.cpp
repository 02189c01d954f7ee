#include "util/LoadError.h"

#include <c10/util/Exception.h>

#include <new>

namespace muse {

Status statusFromCurrentException(const std::string& context)
{
    const std::string prefix = context.empty() ? std::string() : context + ": ";
    try {
        throw;
    } catch (const LoadError& e) {
        return e.status().withContext(context);
    } catch (const c10::Error& e) {
        const std::string what = e.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos)
            return Status(ErrorCode::OutOfMemory, prefix + what);
        return Status(ErrorCode::Internal, prefix + what);
    } catch (const std::bad_alloc&) {
        return Status(ErrorCode::OutOfMemory, prefix + "out of memory");
    } catch (const std::exception& e) {
        return Status(ErrorCode::Internal, prefix + e.what());
    } catch (...) {
        return Status(ErrorCode::Internal, prefix + "unknown exception");
    }
}

} // namespace muse
