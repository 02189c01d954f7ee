// `muse generate | inpaint | outpaint | edit`: every request field as an option, a progress bar,
// PNG (with metadata) or JPEG output, and --from-png to re-run a request stored in a PNG.

#include "Args.h"
#include "Commands.h"
#include "ProgressBar.h"

#include "muse/Engine.h"
#include "muse/Image.h"
#include "muse/Requests.h"

#include <chrono>
#include <iostream>
#include <random>

namespace muse::cli {

namespace {

const char kCommonUsage[] =
    "  --prompt TEXT            what to make (default: empty)\n"
    "  --negative-prompt TEXT   what to steer away from (the unconditional branch of guidance)\n"
    "  --seed N|random          first seed (images use seed, seed+1, ...; default 0)\n"
    "  --steps N                base decoding steps (0 = the model's default)\n"
    "  --super-res-steps N      super-resolution steps (Muse models with a super-res stage)\n"
    "  --guidance X             classifier-free guidance scale (≤ 1 turns it off; default: the model's)\n"
    "  --guidance-mode M        default, constant (aMUSEd) or linear (Muse: rises over the steps)\n"
    "  --temperature X          Gumbel temperature of the first step, annealed to 0 (default 2)\n"
    "  --schedule S             cosine (default) or linear masking schedule\n"
    "  --num-images N           images to make (default 1)\n"
    "  --aesthetic X            aMUSEd's aesthetic-score micro-conditioning (default 6)\n"
    "  --model DIR              model folder (default: the embedded default model)\n"
    "  --device D               auto (default), cpu, cuda, cuda:N\n"
    "  --precision P            fp32 (default), bf16, fp16 (GPU) for the text encoder and transformers\n"
    "  --out FILE               output .png (with metadata) or .jpg; several images get -1, -2, ... (default muse-<mode>.png)\n"
    "  --from-png FILE          start from the request stored in a PNG made by Muse Studio; other options override it\n"
    "  --quiet                  no progress output\n";

const std::set<std::string> kCommonValues = {"prompt", "negative-prompt", "seed", "steps", "super-res-steps", "guidance",
                                             "guidance-mode", "temperature", "schedule", "num-images", "aesthetic",
                                             "model", "device", "precision", "out", "from-png"};

struct ModeSpec {
    const char* name;
    const char* summary;
    std::set<std::string> values;
    std::set<std::string> flags;
    const char* usage;
};

const ModeSpec& modeSpec(const std::string& mode)
{
    static const std::map<std::string, ModeSpec> specs = {
        {"generate", {"generate", "Makes images from a prompt.", {"width", "height"}, {},
                      "  --width N --height N     image size (default: the model's native size; whole tokens)\n"}},
        {"inpaint", {"inpaint", "Regenerates the masked part of an image; pixels outside the feathered mask stay identical.",
                     {"image", "mask", "grow", "feather"}, {},
                     "  --image FILE             the image (PNG or JPEG)\n"
                     "  --mask FILE              white = regenerate; same size as the image\n"
                     "  --grow N                 grow the token mask by N tokens (default 0)\n"
                     "  --feather PX             soft edge of the composite in pixels (default 8)\n"}},
        {"outpaint", {"outpaint", "Extends the canvas and fills the new area; the original area stays identical.",
                      {"image", "extend", "left", "top", "right", "bottom"}, {},
                      "  --image FILE             the image (PNG or JPEG)\n"
                      "  --extend PX              pixels to add on every side (rounded up to whole tokens)\n"
                      "  --left/--top/--right/--bottom PX   pixels to add on one side\n"}},
        {"edit", {"edit", "Edits an image toward a new prompt without a mask.", {"image", "strength", "iterations", "method"}, {},
                  "  --image FILE             the image (PNG or JPEG)\n"
                  "  --strength X             most of the tokens allowed to change, 0..1 (default 0.5)\n"
                  "  --iterations N           resample's rounds (default 8)\n"
                  "  --method M               targeted (default: regenerates where the prompt disagrees),\n"
                  "                           resample (Muse: random tokens) or img2img (aMUSEd)\n"}},
    };
    return specs.at(mode);
}

// Parses a number option into `target`; false (with a message) when it is not one.
template <typename T>
bool readNumber(const Args& args, const std::string& name, T& target)
{
    if (!args.has(name))
        return true;
    const std::string text = args.value(name);
    try {
        std::size_t used = 0;
        if constexpr (std::is_floating_point_v<T>)
            target = static_cast<T>(std::stod(text, &used));
        else if constexpr (std::is_unsigned_v<T>)
            target = static_cast<T>(std::stoull(text, &used));
        else
            target = static_cast<T>(std::stoll(text, &used));
        if (used != text.size())
            throw std::invalid_argument(text);
    } catch (...) {
        std::cerr << "muse: --" << name << " needs a number, not \"" << text << "\"\n";
        return false;
    }
    return true;
}

bool applySettings(const Args& args, PromptSettings& s)
{
    if (args.has("prompt"))
        s.prompt = args.value("prompt");
    if (args.has("negative-prompt"))
        s.negativePrompt = args.value("negative-prompt");
    if (args.value("seed") == "random") {
        s.seed = std::random_device{}() | (uint64_t(std::random_device{}()) << 32);
    } else if (!readNumber(args, "seed", s.seed)) {
        return false;
    }
    if (args.has("guidance-mode")) {
        const std::optional<GuidanceMode> mode = guidanceModeFromName(args.value("guidance-mode"));
        if (!mode) {
            std::cerr << "muse: --guidance-mode must be default, constant or linear\n";
            return false;
        }
        s.guidanceMode = *mode;
    }
    if (args.has("schedule"))
        s.maskSchedule = args.value("schedule");
    return readNumber(args, "steps", s.steps) && readNumber(args, "super-res-steps", s.superResSteps) &&
           readNumber(args, "guidance", s.guidanceScale) && readNumber(args, "temperature", s.temperature) &&
           readNumber(args, "num-images", s.numImages) && readNumber(args, "aesthetic", s.aestheticScore);
}

bool applyModeOptions(const Args& args, AnyRequest& request)
{
    if (auto* g = std::get_if<GenerateRequest>(&request))
        return readNumber(args, "width", g->width) && readNumber(args, "height", g->height);
    if (auto* i = std::get_if<InpaintRequest>(&request)) {
        if (args.has("image"))
            i->imagePath = args.value("image");
        if (args.has("mask"))
            i->maskPath = args.value("mask");
        return readNumber(args, "grow", i->growTokens) && readNumber(args, "feather", i->featherPixels);
    }
    if (auto* o = std::get_if<OutpaintRequest>(&request)) {
        if (args.has("image"))
            o->imagePath = args.value("image");
        int all = -1;
        if (!readNumber(args, "extend", all))
            return false;
        if (all >= 0)
            o->margins = {all, all, all, all};
        return readNumber(args, "left", o->margins.left) && readNumber(args, "top", o->margins.top) &&
               readNumber(args, "right", o->margins.right) && readNumber(args, "bottom", o->margins.bottom);
    }
    auto& e = std::get<EditRequest>(request);
    if (args.has("image"))
        e.imagePath = args.value("image");
    if (args.has("method")) {
        const std::optional<EditMethod> m = editMethodFromName(args.value("method"));
        if (!m) {
            std::cerr << "muse: --method must be targeted, resample or img2img\n";
            return false;
        }
        e.method = *m;
    }
    return readNumber(args, "strength", e.strength) && readNumber(args, "iterations", e.iterations);
}

AnyRequest emptyRequest(const std::string& mode)
{
    if (mode == "generate")
        return GenerateRequest{};
    if (mode == "inpaint")
        return InpaintRequest{};
    if (mode == "outpaint")
        return OutpaintRequest{};
    return EditRequest{};
}

std::string outputPath(const std::string& base, std::size_t index, std::size_t count)
{
    if (count == 1)
        return base;
    const auto dot = base.find_last_of('.');
    const std::string stem = dot == std::string::npos ? base : base.substr(0, dot);
    const std::string ext = dot == std::string::npos ? ".png" : base.substr(dot);
    return stem + "-" + std::to_string(index + 1) + ext;
}

bool isJpeg(const std::string& path)
{
    auto lower = path;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.size() > 4 && (lower.rfind(".jpg") == lower.size() - 4 || lower.rfind(".jpeg") == lower.size() - 5);
}

} // namespace

int runGenerationCommand(const std::string& mode, const std::vector<std::string>& argv)
{
    const ModeSpec& spec = modeSpec(mode);
    std::set<std::string> values = kCommonValues;
    values.insert(spec.values.begin(), spec.values.end());
    Args args(argv, values, {"help", "quiet"});
    if (args.has("help")) {
        std::cout << "usage: muse " << mode << " [options]\n" << spec.summary << "\n\n" << spec.usage << kCommonUsage;
        return 0;
    }
    if (!args.ok() || !args.positional().empty()) {
        std::cerr << "muse " << mode << ": " << (args.ok() ? "unexpected argument \"" + args.positional().front() + "\"" : args.error())
                  << "\n(muse " << mode << " --help lists the options)\n";
        return 2;
    }

    AnyRequest request = emptyRequest(mode);
    std::string storedModel;
    if (args.has("from-png")) {
        std::map<std::string, std::string> text;
        auto chunks = readPngText(args.value("from-png"));
        if (!chunks) {
            std::cerr << "muse " << mode << ": " << chunks.status().message() << "\n";
            return 1;
        }
        auto it = chunks->find("muse");
        if (it == chunks->end()) {
            std::cerr << "muse " << mode << ": " << args.value("from-png") << " has no Muse Studio metadata (\"muse\" text chunk)\n";
            return 1;
        }
        auto stored = requestFromJson(it->second);
        if (!stored) {
            std::cerr << "muse " << mode << ": " << args.value("from-png") << ": " << stored.status().message() << "\n";
            return 1;
        }
        if (std::string(requestModeName(*stored)) != mode) {
            std::cerr << "muse " << mode << ": " << args.value("from-png") << " holds an " << requestModeName(*stored)
                      << " request; run muse " << requestModeName(*stored) << " --from-png instead\n";
            return 2;
        }
        request = stored.takeValue();
        storedModel = modelPathFromMetadata(it->second);
    }
    if (!applySettings(args, requestSettings(request)) || !applyModeOptions(args, request))
        return 2;
    if (Status s = std::visit([](const auto& r) { return r.validate(); }, request); !s) {
        std::cerr << "muse " << mode << ": " << s.message() << "\n";
        return 2;
    }

    EngineOptions options;
    options.device = args.value("device", "auto");
    auto precision = parsePrecision(args.value("precision", "fp32"));
    if (!precision) {
        std::cerr << "muse " << mode << ": " << precision.status().message() << "\n";
        return 2;
    }
    options.precision = *precision;
    const bool quiet = args.has("quiet");
    options.previews = false; // a terminal has no use for preview images
    Engine engine(options);
    ProgressBar bar(quiet);
    if (Status s = engine.loadModel(args.value("model", storedModel), [&](const Progress& p) { bar.update(p); }); !s) {
        bar.finish();
        std::cerr << "muse " << mode << ": " << s.message() << "\n";
        return 1;
    }
    if (!quiet)
        std::cerr << "model: " << engine.model().name << " (" << engine.model().family << ", " << engine.model().device
                  << ", " << precisionName(engine.model().precision) << ")\n";
    auto result = engine.run(request, [&](const Progress& p) { bar.update(p); });
    bar.finish();
    if (!result) {
        std::cerr << "muse " << mode << ": " << result.status().message() << "\n";
        return result.status().code() == ErrorCode::InvalidArgument ? 2 : 1;
    }
    for (const auto& warning : result->warnings)
        std::cerr << "muse " << mode << ": warning: " << warning << "\n";
    const std::string out = args.value("out", "muse-" + mode + ".png");
    for (std::size_t i = 0; i < result->images.size(); ++i) {
        const std::string path = outputPath(out, i, result->images.size());
        const Status written = isJpeg(path) ? writeJpeg(path, result->images[i]) : writePng(path, result->images[i], result->pngText[i]);
        if (!written) {
            std::cerr << "muse " << mode << ": " << written.message() << "\n";
            return 1;
        }
        std::cout << path << "  (seed " << result->seeds[i] << ", " << result->images[i].width << "×"
                  << result->images[i].height << ")\n";
    }
    if (!quiet)
        std::cerr << "done in " << result->seconds << " s\n";
    return 0;
}

} // namespace muse::cli
