#include "check/FixtureCase.h"

#include "util/LoadError.h"

namespace muse {

void runT5EncoderCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    throw LoadError(ErrorCode::UnsupportedFormat, "not implemented yet");
}

} // namespace muse
