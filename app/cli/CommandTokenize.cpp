#include "Args.h"
#include "Commands.h"

#include "muse/PromptTokenizer.h"

#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse tokenize --model DIR [--padded] TEXT...\n"
    "Prints the token ids the model's tokenizer gives for TEXT (one line per text). DIR is a model\n"
    "folder (its tokenizer/ component is used) or a tokenizer folder (vocab.json + merges.txt, or\n"
    "spiece.model).\n"
    "  --padded   pad to the tokenizer's maximum length, as the text encoder receives it\n";

} // namespace

int runTokenize(const std::vector<std::string>& argv)
{
    Args args(argv, {"model"}, {"help", "padded"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || !args.has("model") || args.positional().empty()) {
        std::cerr << "muse tokenize: " << (args.ok() ? "--model DIR and a text are required" : args.error()) << "\n\n"
                  << kUsage;
        return 2;
    }
    auto tokenizer = PromptTokenizer::loadForModel(args.value("model"));
    if (!tokenizer) {
        std::cerr << "muse tokenize: " << tokenizer.status().message() << "\n";
        return 1;
    }
    for (const auto& text : args.positional()) {
        bool truncated = false;
        const auto ids = args.has("padded") ? tokenizer->encodePadded(text, &truncated) : tokenizer->encode(text, &truncated);
        if (truncated)
            std::cerr << "muse tokenize: warning: the text is longer than " << tokenizer->maxLength()
                      << " tokens and was truncated\n";
        for (std::size_t i = 0; i < ids.size(); ++i)
            std::cout << (i ? " " : "") << ids[i];
        std::cout << "\n";
    }
    return 0;
}

} // namespace muse::cli
