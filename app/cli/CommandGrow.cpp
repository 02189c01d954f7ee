#include "Args.h"
#include "Commands.h"

#include "muse/Training.h"

#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse grow --model DIR --out DIR [--base-layers N] [--text-layers N] [--text-query-scale X]\n"
    "                 [--base-cross-query-scale X] [--second-text-encoder DIR]\n"
    "\n"
    "Writes a grown copy of a trained model of our layout that computes exactly what the original\n"
    "does: the base transformer and the T5 encoder get more layers, each a copy of the component's\n"
    "last layer with its residual outputs zeroed (so it starts as the identity). Fine-tune it with\n"
    "`muse train base --init-from-model` to use the extra depth (docs/training.md).\n"
    "\n"
    "  --model DIR        the trained model folder\n"
    "  --out DIR          the grown copy (a new or empty folder)\n"
    "  --base-layers N    the base transformer's layers after growing (default: unchanged)\n"
    "  --text-layers N    the T5 encoder's layers after growing (default: unchanged)\n"
    "  --text-query-scale X  multiply every T5 layer's query projection by X (0 < X <= 1): softens\n"
    "                     saturated attention so that fine-tuning can learn word order; unlike the\n"
    "                     rest of growing, this changes what the model computes\n"
    "  --base-cross-query-scale X  multiply every base transformer layer's cross-attention query\n"
    "                     (weight and bias) by X (0 < X <= 1): the same softening for the image\n"
    "                     tokens' reading of the caption, before fine-tuning on a new encoder\n"
    "  --second-text-encoder DIR  DIR's text encoder (a model folder with the same tokenizer)\n"
    "                     becomes the model's text_encoder_2: the base stage reads its states\n"
    "                     beside the first encoder's, through zero weights until `muse train base\n"
    "                     --init-from-model` teaches it to (the encoder itself is never trained)\n";

} // namespace

int runGrow(const std::vector<std::string>& argv)
{
    Args args(argv, {"model", "out", "base-layers", "text-layers", "text-query-scale", "base-cross-query-scale",
                          "second-text-encoder"}, {"help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || !args.positional().empty() || !args.has("model") || !args.has("out")) {
        std::cerr << "muse grow: " << (!args.ok() ? args.error() : "--model and --out are needed") << "\n\n" << kUsage;
        return 2;
    }
    GrowOptions o;
    o.modelDir = args.value("model");
    o.outDir = args.value("out");
    if (args.has("second-text-encoder"))
        o.secondTextEncoder = args.value("second-text-encoder");
    for (auto [name, target] : {std::pair<const char*, int*>{"base-layers", &o.baseLayers}, {"text-layers", &o.textLayers}}) {
        if (!args.has(name))
            continue;
        std::size_t used = 0;
        int value = 0;
        const std::string text = args.value(name);
        try {
            value = std::stoi(text, &used);
        } catch (...) {
            used = 0;
        }
        if (used == 0 || used != text.size() || value < 1) {
            std::cerr << "muse grow: --" << name << " must be a whole number of at least 1\n";
            return 2;
        }
        *target = value;
    }
    for (auto [name, target] : {std::pair<const char*, double*>{"text-query-scale", &o.textQueryScale},
                                {"base-cross-query-scale", &o.baseCrossQueryScale}}) {
        if (!args.has(name))
            continue;
        const std::string text = args.value(name);
        std::size_t used = 0;
        try {
            *target = std::stod(text, &used);
        } catch (...) {
            used = 0;
        }
        if (used == 0 || used != text.size()) {
            std::cerr << "muse grow: --" << name << " must be a number in (0, 1]\n";
            return 2;
        }
    }
    if (Status s = growModel(o); !s) {
        std::cerr << "muse grow: " << s.message() << "\n";
        return s.code() == ErrorCode::InvalidArgument ? 2 : 1;
    }
    std::cout << "muse grow: " << o.outDir << "\n";
    return 0;
}

} // namespace muse::cli
