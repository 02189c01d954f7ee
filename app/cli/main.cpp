// `muse`: Muse Studio's engine from the command line (no Qt, no display needed).

#include "Commands.h"

#include "muse/Device.h"
#include "muse/Version.h"

#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct Command {
    const char* summary;
    int (*run)(const std::vector<std::string>&);
};

const std::map<std::string, Command>& commands()
{
    static const std::map<std::string, Command> table = {
        {"check-fixtures", {"compare this implementation with reference outputs (fixture folders)", &muse::cli::runCheckFixtures}},
        {"dataset", {"write the synthetic shapes data set, or judge images against its captions", &muse::cli::runDataset}},
        {"info", {"describe a model folder: components, parameters, dtypes, file sizes", &muse::cli::runInfo}},
        {"tokenize", {"print the token ids a model's tokenizer gives for a text", &muse::cli::runTokenize}},
        {"bench", {"time each stage of the pipeline (a model folder or a named architecture)", &muse::cli::runBench}},
        {"train", {"train a small Muse on the synthetic shapes data (text, vq, superres-vq, base, superres)", &muse::cli::runTrain}},
        {"eval", {"judge a model on held-out captions: accuracy per attribute, VQ PSNR", &muse::cli::runEval}},
        {"grow", {"deepen a trained model without changing its output (identity layers, to fine-tune)", &muse::cli::runGrow}},
        {"create-model", {"write a tiny Muse model with random weights (tests, smoke runs)", &muse::cli::runCreateModel}},
        {"generate", {"make images from a prompt", [](const std::vector<std::string>& a) { return muse::cli::runGenerationCommand("generate", a); }}},
        {"inpaint", {"regenerate the masked part of an image", [](const std::vector<std::string>& a) { return muse::cli::runGenerationCommand("inpaint", a); }}},
        {"outpaint", {"extend the canvas and fill the new area", [](const std::vector<std::string>& a) { return muse::cli::runGenerationCommand("outpaint", a); }}},
        {"edit", {"edit an image toward a new prompt, without a mask", [](const std::vector<std::string>& a) { return muse::cli::runGenerationCommand("edit", a); }}},
    };
    return table;
}

void printUsage(std::ostream& out)
{
    out << "usage: muse <command> [options]\n\ncommands:\n";
    for (const auto& [name, command] : commands())
        out << "  " << name << std::string(16 - std::min<std::size_t>(15, name.size()), ' ') << command.summary << "\n";
    out << "\n  muse <command> --help   shows a command's options\n  muse --version\n";
}

} // namespace

int main(int argc, char** argv)
{
    muse::restartForBetterBlasKernel(argv); // before anything runs: it may start the program again
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (name == "--version" || name == "version") {
        const muse::DeviceInfo devices = muse::queryDevices();
        const std::string blas = muse::blasKernel();
        std::cout << "muse " << muse::kVersion << " (LibTorch " << devices.torchVersion
                  << (devices.cudaAvailable ? ", CUDA" : ", CPU only") << (blas.empty() ? "" : ", OpenBLAS " + blas) << ")\n";
        return 0;
    }
    auto it = commands().find(name);
    if (it == commands().end()) {
        std::cerr << "muse: unknown command \"" << name << "\"\n\n";
        printUsage(std::cerr);
        return 2;
    }
    muse::useAllCpuCores();
    return it->second.run(std::vector<std::string>(argv + 2, argv + argc));
}
