#include "Args.h"
#include "Commands.h"

#include "muse/Training.h"

#include <iostream>

namespace muse::cli {

namespace {

const char kUsage[] =
    "usage: muse train text|vq|superres-vq|base|superres --model DIR --work DIR [options]\n"
    "\n"
    "Trains one stage of a small Muse on the synthetic shapes data (scenes rendered on the fly,\n"
    "deterministic by seed, never the held-out combinations) and writes it into the model folder:\n"
    "  text      SentencePiece tokenizer on the training captions + a T5 encoder initialised from\n"
    "            scratch (it is trained jointly with the base transformer)\n"
    "  vq        the VQ-GAN tokenizer (L1 + L2 + codebook + commitment, straight-through,\n"
    "            dead-code restarts); the base stage's in a two-tokenizer architecture\n"
    "  superres-vq  the super-res stage's own VQ (architectures two-vq, two-vq-p2, tiny-two-vq)\n"
    "  base      the base transformer and the T5 encoder (masked-token objective, cosine mask rate,\n"
    "            text dropped with probability --text-dropout for guidance)\n"
    "  superres  the super-resolution transformer (T5 frozen)\n"
    "Run them in this order. Each stage keeps WORK/<stage>-checkpoint.safetensors (model + AdamW\n"
    "state) and WORK/<stage>-loss.csv.\n"
    "\n"
    "  --model DIR        the model folder (our Muse layout)\n"
    "  --work DIR         checkpoints, token cache, loss curves\n"
    "  --size NAME        architecture: default (the shipped model), two-vq (f4 base VQ + f8\n"
    "                     super-res VQ), two-vq-p2 (two-vq, base layers on 2×2 token\n"
    "                     patches), tiny, tiny-two-vq (tests)\n"
    "  --steps N          optimizer steps (default per stage and size)\n"
    "  --batch N          examples per step and process\n"
    "  --lr X             peak learning rate (linear warm-up, cosine decay)\n"
    "  --warmup N         warm-up steps (default 5 % of the steps)\n"
    "  --weight-decay X   AdamW weight decay (default 0.01)\n"
    "  --clip X           gradient-norm clipping (default 1.0)\n"
    "  --text-dropout P   probability of training on the empty prompt (default 0.1)\n"
    "  --label-smoothing X  (default 0.1)\n"
    "  --scenes N         training scenes in the token cache / tokenizer corpus\n"
    "  --superres-scenes N  of them, the ones tokenized at the super-res size too (super-res targets)\n"
    "  --paint-jitter     vq, base, superres: paint the scenes ±8 levels (backgrounds ±6) off their named\n"
    "                     colours instead of exactly, so that flat areas of edited images are familiar\n"
    "  --round-trip F     base, superres: tokenize this share (0..1) of the scenes from the super-res VQ's\n"
    "                     reconstruction of their render, as editing a generated image sees them\n"
    "  --exact-targets    base, with --round-trip: the round-tripped scenes' masked tokens are scored\n"
    "                     against the exact render's tokens (their round trip is only the context)\n"
    "  --partial-captions F  base: this share (0..1) of the examples are inpaints whose prompt names only\n"
    "                     the hidden objects (one object and its like masked, the rest visible)\n"
    "  --whole-caption-holes F  base: this share of the examples hide a contiguous hole (an object group,\n"
    "                     or a strip along one side) under the whole caption\n"
    "  --edit-examples F  base: this share of the examples are edits: one object group recoloured or\n"
    "                     reshaped, the original's tokens the context, the edited scene's caption and\n"
    "                     tokens the answer (so a prompt that disagrees with a visible object changes it)\n"
    "  --edit-hide F      base, with --edit-examples: each edit example hides a random share of its\n"
    "                     tokens from F to 0.95, scattered (the targeted edit scores with nine tenths hidden)\n"
    "  --object-holes F   base: this share of the other examples with two or more object groups show\n"
    "                     one group (a relation's subject or object) and mask everything else\n"
    "  --relation-share F  base: draw this share of the examples from the token cache's related\n"
    "                     scenes (\"a red ring left of a blue star\"), the rest as they come\n"
    "  --upper-first F    base: caption this share of the related examples anew with the upper (or\n"
    "                     left) object named first (\"above\", \"left of\"); a curriculum's first phase\n"
    "  --seed K           data and initialisation seed (default 0)\n"
    "  --checkpoint-every N  (default 200)   --log-every N (default 10)\n"
    "  --resume           continue from WORK's checkpoint of this stage\n"
    "  --stop-at N        checkpoint and stop after step N (continue later with --resume)\n"
    "  --export           base, superres: write the checkpoint's weights (as of its step) into the model\n"
    "                     folder and train nothing, to evaluate a run mid-way (with --resume)\n"
    "  --init-from-model  base, superres, vq, superres-vq: start from the weights already in the\n"
    "                     model folder (fine-tuning; the T5 encoder always does) instead of random\n"
    "                     ones; text: pretrain the folder's tokenizer and encoder instead of new ones\n"
    "  --vq-decoder-only  vq, superres-vq, with --init-from-model: train only the VQ's decoder; its\n"
    "                     codes, and the transformers trained on them, stay valid\n"
    "  --text-pretrain-steps N  text: pretrain the new T5 on the captions (--batch a step, default\n"
    "                     128; --lr, default 1e-3): hidden pieces and every piece's neighbours\n"
    "                     predicted, so that its states keep word order; 0 (default) = none\n"
    "  --text-own-piece X  text pretraining: also predict each visible piece itself from its state\n"
    "                     (weight X; the neighbours have 0.25 each); 0 (default) = not\n"
    "  --text-placement X  text pretraining: also predict from each piece's state where the caption\n"
    "                     puts its object (row and column; a relation's two sides, a named region)\n"
    "                     (weight X); 0 (default) = not\n"
    "  --text-keep-states X  text, with --init-from-model: also keep the encoder's states near\n"
    "                     those it started with (weight X on their relative squared distance),\n"
    "                     so the base stage trained on it keeps working; 0 (default) = free\n"
    "  --text-fresh-encoder  text, with --init-from-model: keep the folder's tokenizer but start a\n"
    "                     new encoder (the folder's is then the teacher of --text-keep-states)\n"
    "  --freeze-text      base: keep the T5 encoder as it is (as Muse keeps its pretrained T5)\n"
    "  --order-negatives X  base: add X × softplus(NLL under the caption − NLL under its order\n"
    "                     negative: colours swapped or relation reversed) for each example that has\n"
    "                     one, per masked token of the batch like the loss, so the model learns what\n"
    "                     word order says; 0 (default) = none\n"
    "  --first-text-dropout F  base, for a model with a second text encoder (muse grow\n"
    "                     --second-text-encoder): zero the first encoder's states in that share of\n"
    "                     the examples, so the base stage learns to read the second one too\n"
    "  --fp32             store the finished component in float32 instead of float16\n"
    "  --device NAME      auto, cpu, cuda, cuda:N (default auto)\n"
    "  --threads N        intra-op CPU threads\n"
    "  --world-size N --rank R --store FILE\n"
    "                     data-parallel training over N processes (gloo, gradients all-reduced\n"
    "                     each step); every process names the same store file\n";

template <typename T>
bool parseNumber(const Args& args, const char* name, T& out)
{
    if (!args.has(name))
        return true;
    try {
        std::size_t used = 0;
        const std::string text = args.value(name);
        if constexpr (std::is_floating_point_v<T>)
            out = static_cast<T>(std::stod(text, &used));
        else
            out = static_cast<T>(std::stoll(text, &used));
        return used == text.size();
    } catch (...) {
        return false;
    }
}

} // namespace

int runTrain(const std::vector<std::string>& argv)
{
    Args args(argv,
              {"model", "work", "size", "steps", "batch", "lr", "warmup", "weight-decay", "clip", "text-dropout",
               "label-smoothing", "scenes", "superres-scenes", "round-trip", "partial-captions", "whole-caption-holes", "edit-examples", "edit-hide", "object-holes", "relation-share", "upper-first", "seed", "checkpoint-every", "log-every", "device", "threads", "world-size",
               "rank", "store", "stop-at", "text-pretrain-steps", "text-keep-states", "text-own-piece", "text-placement", "order-negatives",
               "first-text-dropout"},
              {"resume", "export", "init-from-model", "vq-decoder-only", "paint-jitter", "exact-targets", "fp32", "freeze-text", "text-fresh-encoder", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.ok() || args.positional().size() != 1) {
        std::cerr << "muse train: " << (args.ok() ? "name one stage (text, vq, superres-vq, base, superres)" : args.error()) << "\n\n"
                  << kUsage;
        return 2;
    }
    TrainOptions o;
    o.modelDir = args.value("model");
    o.workDir = args.value("work");
    o.size = args.value("size", "default");
    o.device = args.value("device", "auto");
    o.storePath = args.value("store");
    o.resume = args.has("resume");
    o.exportOnly = args.has("export");
    o.initFromModel = args.has("init-from-model");
    o.vqDecoderOnly = args.has("vq-decoder-only");
    o.paintJitter = args.has("paint-jitter");
    o.exactTargets = args.has("exact-targets");
    o.halfPrecisionExport = !args.has("fp32");
    o.freezeText = args.has("freeze-text");
    o.textFreshEncoder = args.has("text-fresh-encoder");
    const bool numbersOk = parseNumber(args, "steps", o.steps) && parseNumber(args, "batch", o.batchSize) &&
                           parseNumber(args, "lr", o.learningRate) && parseNumber(args, "warmup", o.warmupSteps) &&
                           parseNumber(args, "weight-decay", o.weightDecay) && parseNumber(args, "clip", o.gradClip) &&
                           parseNumber(args, "text-dropout", o.textDropout) &&
                           parseNumber(args, "label-smoothing", o.labelSmoothing) &&
                           parseNumber(args, "scenes", o.dataScenes) && parseNumber(args, "superres-scenes", o.superResScenes) &&
                           parseNumber(args, "round-trip", o.roundTripFraction) && parseNumber(args, "seed", o.seed) &&
                           parseNumber(args, "partial-captions", o.partialCaptionFraction) &&
                           parseNumber(args, "whole-caption-holes", o.wholeCaptionHoleFraction) &&
                           parseNumber(args, "edit-examples", o.editExampleFraction) &&
                           parseNumber(args, "edit-hide", o.editHidden) &&
                           parseNumber(args, "object-holes", o.objectHoleFraction) &&
                           parseNumber(args, "relation-share", o.relationShare) &&
                           parseNumber(args, "upper-first", o.upperFirst) &&
                           parseNumber(args, "checkpoint-every", o.checkpointEvery) &&
                           parseNumber(args, "log-every", o.logEvery) && parseNumber(args, "threads", o.threads) &&
                           parseNumber(args, "world-size", o.worldSize) && parseNumber(args, "rank", o.rank) && parseNumber(args, "stop-at", o.stopAtStep) &&
                           parseNumber(args, "text-pretrain-steps", o.textPretrainSteps) &&
                           parseNumber(args, "text-keep-states", o.textKeepStates) &&
                           parseNumber(args, "text-own-piece", o.textOwnPiece) &&
                           parseNumber(args, "text-placement", o.textPlacement) &&
                           parseNumber(args, "order-negatives", o.orderNegatives) &&
                           parseNumber(args, "first-text-dropout", o.firstTextDropout);
    if (!numbersOk) {
        std::cerr << "muse train: a numeric option has a value that is not a number\n";
        return 2;
    }
    if (o.modelDir.empty() || o.workDir.empty()) {
        std::cerr << "muse train: --model and --work are required\n";
        return 2;
    }
    if (o.worldSize > 1 && o.storePath.empty()) {
        std::cerr << "muse train: --world-size > 1 needs --store FILE\n";
        return 2;
    }
    if (o.textDropout < 0 || o.textDropout > 1 || o.roundTripFraction < 0 || o.roundTripFraction > 1 ||
        o.partialCaptionFraction < 0 || o.wholeCaptionHoleFraction < 0 || o.editExampleFraction < 0 ||
        o.partialCaptionFraction + o.wholeCaptionHoleFraction + o.editExampleFraction > 1 || o.objectHoleFraction < 0 || o.objectHoleFraction > 1 ||
        o.relationShare < 0 || o.relationShare > 1 || o.editHidden < 0 || o.editHidden > 0.95 || o.upperFirst < 0 || o.upperFirst > 1 || o.firstTextDropout < 0 || o.firstTextDropout > 1 || o.checkpointEvery < 1 || o.logEvery < 1) {
        std::cerr << "muse train: --text-dropout, --round-trip, --object-holes, --relation-share, --upper-first, --first-text-dropout, "
                     "--edit-hide (at most 0.95) and "
                     "--partial-captions + "
                     "--whole-caption-holes + --edit-examples must be in [0, 1], "
                     "--checkpoint-every and --log-every ≥ 1\n";
        return 2;
    }
    if (o.textKeepStates < 0 || o.textOwnPiece < 0 || o.textPlacement < 0 || o.orderNegatives < 0) {
        // A negative weight would train the model away from what the term asks, without a word.
        std::cerr << "muse train: --text-keep-states, --text-own-piece, --text-placement and --order-negatives "
                     "are weights: 0 or more\n";
        return 2;
    }
    const std::string stage = args.positional().front();
    if (o.vqDecoderOnly && ((stage != "vq" && stage != "superres-vq") || !o.initFromModel)) {
        std::cerr << "muse train: --vq-decoder-only is for the vq and superres-vq stages with --init-from-model\n";
        return 2;
    }
    if (o.exactTargets && (stage != "base" || o.roundTripFraction <= 0)) {
        std::cerr << "muse train: --exact-targets is for the base stage with --round-trip\n";
        return 2;
    }
    if (o.partialCaptionFraction + o.wholeCaptionHoleFraction + o.editExampleFraction + o.objectHoleFraction +
                o.relationShare + o.upperFirst >
            0 &&
        stage != "base") {
        std::cerr << "muse train: --partial-captions, --whole-caption-holes, --edit-examples, --object-holes, "
                     "--relation-share and --upper-first are for the base stage\n";
        return 2;
    }
    if (o.editHidden > 0 && (stage != "base" || o.editExampleFraction <= 0)) {
        std::cerr << "muse train: --edit-hide is for the base stage with --edit-examples\n";
        return 2;
    }
    if (o.orderNegatives > 0 && stage != "base") { // a negative weight was refused above
        std::cerr << "muse train: --order-negatives is for the base stage\n";
        return 2;
    }
    if (o.firstTextDropout > 0 && stage != "base") {
        std::cerr << "muse train: --first-text-dropout is for the base stage\n";
        return 2;
    }
    if (o.exportOnly && stage != "base" && stage != "superres") {
        std::cerr << "muse train: --export is for the transformer stages (base, superres)\n";
        return 2;
    }
    auto log = [](const std::string& line) { std::cout << line << std::endl; };
    Result<TrainSummary> result = Status(ErrorCode::InvalidArgument, "unknown stage \"" + stage + "\" (text, vq, superres-vq, base, superres)");
    if (stage == "text")
        result = trainText(o, log);
    else if (stage == "vq")
        result = trainVq(o, log);
    else if (stage == "superres-vq")
        result = trainSuperResVq(o, log);
    else if (stage == "base")
        result = trainBase(o, log);
    else if (stage == "superres")
        result = trainSuperRes(o, log);
    if (!result) {
        std::cerr << "muse train " << stage << ": " << result.status().message() << "\n";
        return result.status().code() == ErrorCode::InvalidArgument ? 2 : 1;
    }
    if (result->steps > 0)
        std::cout << "muse train " << stage << ": " << result->steps << " steps in " << result->seconds
                  << " s, loss " << result->firstLoss << " → " << result->lastLoss << " (" << result->lossCsv << ")\n";
    return 0;
}

} // namespace muse::cli
