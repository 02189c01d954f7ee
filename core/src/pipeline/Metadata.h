#pragma once
// PNG metadata of a result: the A1111-style "parameters" text other tools show, and the exact
// request as JSON in a "muse" chunk for re-running.

#include "muse/Engine.h"

#include <map>
#include <string>

namespace muse {

std::string formatA1111Parameters(const AnyRequest& request, const ModelDescription& model, int width, int height);
std::map<std::string, std::string> resultTextChunks(const AnyRequest& request, const ModelDescription& model, int width,
                                                    int height);

} // namespace muse
