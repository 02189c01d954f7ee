#include "Args.h"
#include "Commands.h"

#include "muse/SyntheticDataset.h"

#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse dataset --out DIR --count N --size S [--seed K] [--held-out]\n"
    "                    [--blur SIGMA] [--noise SIGMA] [--jpeg Q]\n"
    "       muse dataset --judge DIR [--images DIR2] [--report BASE] [--limit N]\n"
    "\n"
    "Writes the synthetic shapes data set (N PNGs of S×S pixels, captions.jsonl with each image's\n"
    "caption and scene, dataset.json), or judges a folder written that way: a procedural detector\n"
    "reads every image back and checks count, colors, shapes, sizes, positions and background\n"
    "against the scene, then prints a Markdown report.\n"
    "\n"
    "  --out DIR        folder to write (created if missing)\n"
    "  --count N        number of images (default 100)\n"
    "  --size S         image side in pixels, ≥ 32 (default 64)\n"
    "  --seed K         scenes are a function of (seed, index) (default 0)\n"
    "  --held-out       evaluation scenes with held-out color–shape pairs and relations,\n"
    "                   which training scenes never contain\n"
    "  --max-objects M  1..4 objects per image at most (default 4)\n"
    "  --free-layout    objects anywhere, with size and color jitter (default: on the 8×8\n"
    "                   layout grid the training data uses, exact sizes and colors)\n"
    "  --blur SIGMA     blur the images (Gaussian, pixels) to check the judge on soft images\n"
    "  --noise SIGMA    add Gaussian pixel noise (0..255 levels)\n"
    "  --jpeg Q         pass the images through JPEG at quality Q (stored as PNG)\n"
    "\n"
    "  --judge DIR      judge the images named in DIR/captions.jsonl\n"
    "  --images DIR2    take the images from DIR2 instead (e.g. a model's generations, same names)\n"
    "  --report BASE    also write BASE.md and BASE.json\n"
    "  --limit N        judge only the first N images\n";

bool parseInt(const Args& args, const char* name, int fallback, int& out)
{
    try {
        std::size_t used = 0;
        const std::string text = args.value(name, std::to_string(fallback));
        out = std::stoi(text, &used);
        return used == text.size();
    } catch (...) {
        return false;
    }
}

int judge(const Args& args)
{
    DatasetJudgeOptions options;
    options.captionsDir = args.value("judge");
    options.imagesDir = args.value("images");
    if (!parseInt(args, "limit", 0, options.limit) || options.limit < 0) {
        std::cerr << "muse dataset: --limit needs a number ≥ 0\n";
        return 2;
    }
    auto summary = judgeSyntheticDataset(options, args.value("report"));
    if (!summary) {
        std::cerr << "muse dataset: " << summary.status().message() << "\n";
        return 1;
    }
    std::cout << summary->markdown;
    if (summary->missingImages > 0)
        std::cerr << "muse dataset: " << summary->missingImages << " images named in captions.jsonl could not be read\n";
    if (summary->images == 0) {
        std::cerr << "muse dataset: no image was judged\n";
        return 1;
    }
    return 0;
}

} // namespace

int runDataset(const std::vector<std::string>& argv)
{
    Args args(argv, {"out", "count", "size", "seed", "max-objects", "blur", "noise", "jpeg", "judge", "images", "report", "limit"},
              {"help", "held-out", "free-layout"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || !args.positional().empty() || (args.has("out") == args.has("judge"))) {
        std::cerr << "muse dataset: "
                  << (!args.ok() ? args.error()
                                 : !args.positional().empty() ? "unexpected argument \"" + args.positional().front() + "\""
                                                              : std::string("give either --out DIR or --judge DIR"))
                  << "\n\n"
                  << kUsage;
        return 2;
    }
    if (args.has("judge"))
        return judge(args);

    DatasetWriteOptions options;
    options.outDir = args.value("out");
    options.heldOut = args.has("held-out");
    options.freeLayout = args.has("free-layout");
    int seed = 0;
    if (!parseInt(args, "count", options.count, options.count) || !parseInt(args, "size", options.size, options.size) ||
        !parseInt(args, "max-objects", options.maxObjects, options.maxObjects) ||
        !parseInt(args, "jpeg", options.jpegQuality, options.jpegQuality) || !parseInt(args, "seed", 0, seed) || seed < 0) {
        std::cerr << "muse dataset: --count, --size, --seed, --max-objects and --jpeg need whole numbers (seed ≥ 0)\n";
        return 2;
    }
    options.seed = uint64_t(seed);
    try {
        options.blurSigma = std::stod(args.value("blur", "0"));
        options.noiseSigma = std::stod(args.value("noise", "0"));
    } catch (...) {
        std::cerr << "muse dataset: --blur and --noise need numbers\n";
        return 2;
    }
    const Status status = writeSyntheticDataset(options, [](int done, int total) {
        std::cerr << "\rmuse dataset: " << done << " / " << total << std::flush;
    });
    std::cerr << "\n";
    if (!status) {
        std::cerr << "muse dataset: " << status.message() << "\n";
        return 1;
    }
    std::cout << "wrote " << options.count << " images and captions.jsonl to " << options.outDir << "\n";
    return 0;
}

} // namespace muse::cli
