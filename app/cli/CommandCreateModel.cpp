#include "Args.h"
#include "Commands.h"

#include "muse/ModelFactory.h"

#include <iostream>

namespace muse::cli {

int runCreateModel(const std::vector<std::string>& argv)
{
    static const char kUsage[] =
        "usage: muse create-model --out DIR [--preset tiny|tiny-base-only] [--seed N]\n"
        "Writes a Muse pipeline folder with RANDOM weights (for tests, the GUI's smoke runs and\n"
        "benchmarks): a SentencePiece tokenizer trained on built-in captions, a T5 encoder, an f4 VQ,\n"
        "a base transformer (4×4 tokens) and a super-resolution transformer (8×8 tokens, 32×32 px).\n";
    Args args(argv, {"out", "preset", "seed"}, {"help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || !args.has("out")) {
        std::cerr << "muse create-model: " << (args.ok() ? "--out DIR is required" : args.error()) << "\n\n" << kUsage;
        return 2;
    }
    const std::string preset = args.value("preset", "tiny");
    if (preset != "tiny" && preset != "tiny-base-only") {
        std::cerr << "muse create-model: unknown preset \"" << preset << "\" (tiny, tiny-base-only)\n";
        return 2;
    }
    uint64_t seed = 0;
    try {
        seed = std::stoull(args.value("seed", "0"));
    } catch (...) {
        std::cerr << "muse create-model: --seed needs a number\n";
        return 2;
    }
    Status s = createRandomTinyModel(args.value("out"), preset == "tiny", seed);
    if (!s) {
        std::cerr << "muse create-model: " << s.message() << "\n";
        return 1;
    }
    std::cout << args.value("out") << "\n";
    return 0;
}

} // namespace muse::cli
