#include "Args.h"
#include "Commands.h"

#include "muse/Training.h"

#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse eval [--model DIR] [--count N] [--out DIR] [options]\n"
    "\n"
    "Generates one image per held-out caption (colour–shape pairs and shape relations training never\n"
    "shows), judges each with the procedural detector and reports accuracy per attribute (count,\n"
    "colour, shape, binding, size, position/relation, background) and the share of images where\n"
    "everything is right, plus the VQ's reconstruction PSNR on held-out renders. Writes\n"
    "OUT/report.md, OUT/report.json and OUT/images/.\n"
    "\n"
    "  --model DIR      model folder (default: the embedded default model)\n"
    "  --count N        held-out captions (default 100)\n"
    "  --out DIR        report folder (default eval-report)\n"
    "  --seed K         scenes and generation seeds (default 0)\n"
    "  --steps N --super-res-steps N --guidance X   override the model's defaults\n"
    "  --guidance-mode M  default, constant or linear (rising over the steps)\n"
    "  --temperature X  Gumbel temperature of the first decoding step (default 2)\n"
    "  --device NAME    auto, cpu, cuda, cuda:N\n"
    "  --no-images      do not keep the generated images\n"
    "  --split S        held-out (default) or train: captions of the training distribution instead,\n"
    "                   with --seed 0 the first training scenes themselves (does the model fit what\n"
    "                   it saw, or only fail to generalise?)\n"
    "  --task T         generate (default), or judge the editing modes on N rendered scenes of the\n"
    "                   training distribution: edit (one group of objects recoloured, even scenes, or\n"
    "                   reshaped, odd, in the caption only), inpaint (the same, with a mask over the\n"
    "                   changed objects) or outpaint (the half of the image with the most whole objects\n"
    "                   cut off, then outpainted); each judged against the intended scene,\n"
    "                   with the share of pixels away from the change that kept their value.\n"
    "                   OUT/images/ holds NNNN-input.png and NNNN.png\n"
    "  --input I        with an editing task: round-trip (default: the render through the model's own\n"
    "                   VQ and back, as its own images look), render (the exact render) or generated\n"
    "                   (the model's own image from the scene's caption, edited where it drew the\n"
    "                   objects; only inputs judged right are edited)\n"
    "  --prompt P       with --task inpaint: scene (default: the whole new scene's caption) or changed\n"
    "                   (only the changed objects, \"two blue circles\", as a user prompts an inpaint)\n"
    "  --method M       with --task edit: targeted (default), resample or img2img\n"
    "  --strength X     with --task edit: the edit strength (default 0.6)\n";

} // namespace

int runEval(const std::vector<std::string>& argv)
{
    Args args(argv, {"model", "count", "out", "seed", "steps", "super-res-steps", "guidance", "guidance-mode", "temperature",
               "device", "title", "split", "task", "method", "strength", "input", "prompt"},
              {"no-images", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || !args.positional().empty()) {
        std::cerr << "muse eval: " << (args.ok() ? "unexpected argument" : args.error()) << "\n\n" << kUsage;
        return 2;
    }
    EvalOptions o;
    o.modelDir = args.value("model");
    o.outDir = args.value("out", "eval-report");
    o.device = args.value("device", "auto");
    o.saveImages = !args.has("no-images");
    const std::string split = args.value("split", "held-out");
    if (split != "held-out" && split != "train") {
        std::cerr << "muse eval: --split must be held-out or train\n";
        return 2;
    }
    o.heldOut = split == "held-out";
    if (!o.heldOut)
        o.title = "Muse default model: captions of the training distribution";
    if (args.has("task")) {
        const std::optional<EvalOptions::Task> task = evalTaskFromName(args.value("task"));
        if (!task) {
            std::cerr << "muse eval: --task must be generate, edit, inpaint or outpaint\n";
            return 2;
        }
        o.task = *task;
    }
    if (args.has("input")) {
        const std::string input = args.value("input");
        if ((input != "round-trip" && input != "render" && input != "generated") || o.task == EvalOptions::Task::Generate) {
            std::cerr << "muse eval: --input must be round-trip, render or generated, with an editing --task\n";
            return 2;
        }
        o.editInput = input == "render"      ? EvalOptions::EditInput::Render
                      : input == "generated" ? EvalOptions::EditInput::Generated
                                             : EvalOptions::EditInput::RoundTrip;
    }
    if (o.task != EvalOptions::Task::Generate)
        o.title = std::string("Muse default model: ") +
                  (o.task == EvalOptions::Task::Edit ? "mask-free edits" : o.task == EvalOptions::Task::Inpaint ? "inpainting" : "outpainting") +
                  (o.editInput == EvalOptions::EditInput::Generated ? " of generated images" : " of rendered scenes");
    if (args.has("prompt")) {
        const std::string prompt = args.value("prompt");
        if ((prompt != "scene" && prompt != "changed") || o.task != EvalOptions::Task::Inpaint) {
            std::cerr << "muse eval: --prompt must be scene or changed, with --task inpaint\n";
            return 2;
        }
        o.promptChangedOnly = prompt == "changed";
    }
    if ((args.has("method") || args.has("strength")) && o.task != EvalOptions::Task::Edit) {
        std::cerr << "muse eval: --method and --strength need --task edit\n";
        return 2;
    }
    if (args.has("method")) {
        const std::optional<EditMethod> method = editMethodFromName(args.value("method"));
        if (!method) {
            std::cerr << "muse eval: --method must be targeted, resample or img2img\n";
            return 2;
        }
        o.editMethod = *method;
    }
    if (args.has("title"))
        o.title = args.value("title");
    try {
        o.count = std::stoi(args.value("count", "100"));
        o.seed = std::stoull(args.value("seed", "0"));
        o.steps = std::stoi(args.value("steps", "0"));
        o.superResSteps = std::stoi(args.value("super-res-steps", "0"));
        o.guidanceScale = std::stof(args.value("guidance", "-1"));
        o.temperature = std::stof(args.value("temperature", "-1"));
        o.editStrength = std::stof(args.value("strength", "0.6"));
    } catch (...) {
        std::cerr << "muse eval: a numeric option has a value that is not a number\n";
        return 2;
    }
    if (args.has("guidance-mode")) {
        const std::optional<GuidanceMode> mode = guidanceModeFromName(args.value("guidance-mode"));
        if (!mode) {
            std::cerr << "muse eval: --guidance-mode must be default, constant or linear\n";
            return 2;
        }
        o.guidanceMode = *mode;
    }
    if (!(o.editStrength > 0.0f && o.editStrength <= 1.0f)) {
        std::cerr << "muse eval: --strength must be above 0 and at most 1\n";
        return 2;
    }
    if (o.count < 1) {
        std::cerr << "muse eval: --count must be ≥ 1\n";
        return 2;
    }
    auto result = evaluateModel(o, [](const std::string& line) { std::cout << line << std::endl; });
    if (!result) {
        std::cerr << "muse eval: " << result.status().message() << "\n";
        return 1;
    }
    std::cout << result->markdown << "\nwritten: " << o.outDir << "/report.md, report.json\n";
    return 0;
}

} // namespace muse::cli
