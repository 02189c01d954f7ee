#include "check/FixtureCase.h"

#include "util/LoadError.h"

namespace muse {

void runClipTokenizerCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    throw LoadError(ErrorCode::UnsupportedFormat, "not implemented yet");
}

} // namespace muse
