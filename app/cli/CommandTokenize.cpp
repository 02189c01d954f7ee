#include "Args.h"
#include "Commands.h"

#include <iostream>

namespace muse::cli {

int runTokenize(const std::vector<std::string>& argv)
{
    std::cerr << "not yet\n";
    return 1;
}

} // namespace muse::cli
