#pragma once
// Training our own small Muse from scratch on the synthetic shapes data (issue 5), and judging it.
// The stages share one model folder in our layout (docs/model-format.md) and one work folder for
// checkpoints, token caches and loss curves:
//
//   muse train text     --model M --work W   SentencePiece on the training captions + T5 config/init
//   muse train vq       --model M --work W   the VQ-GAN tokenizer (the base stage's; f8 or f4)
//   muse train superres-vq ...              the super-res stage's own VQ (two-tokenizer architectures)
//   muse train base     --model M --work W   base transformer, T5 encoder trained jointly with it
//   muse train superres --model M --work W   super-resolution transformer (T5 frozen)
//
// Every stage writes the finished component into the model folder, keeps a resumable checkpoint
// (model + optimizer state, safetensors) in the work folder and appends its losses to a CSV file.
// No Torch types here, so the CLI and the GUI can call it.

#include "muse/Requests.h"
#include "muse/Status.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace muse {

struct TrainOptions {
    std::string modelDir;        // the model folder being built
    std::string workDir;         // checkpoints, caches, loss CSVs
    std::string device = "auto"; // auto, cpu, cuda, cuda:N
    uint64_t seed = 0;
    int steps = 0;               // 0 = the stage's default
    int batchSize = 0;           // per process; 0 = the stage's default
    double learningRate = 0.0;   // peak; 0 = the stage's default
    int warmupSteps = -1;        // -1 = 5 % of the steps
    double weightDecay = 0.01;
    double gradClip = 1.0;
    double textDropout = 0.1;    // probability of training on the empty prompt instead of the caption
    double labelSmoothing = 0.1;
    int checkpointEvery = 200;   // steps between checkpoints (and at the end)
    int logEvery = 10;           // steps between progress lines
    bool resume = false;         // continue from the work folder's checkpoint of this stage
    int stopAtStep = 0;          // > 0: checkpoint and stop after this step (the schedule still spans `steps`)
    bool exportOnly = false;     // transformer stages: write the checkpoint's weights into the model folder
                                 // and train nothing (to evaluate a run mid-way); needs `resume`
    bool initFromModel = false;  // base, superres, vq, superres-vq: start from the model folder's weights of
                                 // this stage (fine-tuning, fresh AdamW moments) instead of a random
                                 // initialisation
    bool vqDecoderOnly = false;  // vq, superres-vq, with initFromModel: train only the decoder side
                                 // (post_quant_conv, decoder); the encoder and codebook stay as they are, so
                                 // every token, and the transformers trained on them, keep their meaning
    int dataScenes = 0;          // size of the rendered training pool / token cache; 0 = default
    int superResScenes = 0;      // of them, tokenized at the super-res size too; 0 = default
    bool paintJitter = false;    // vq, base, superres: scenes painted ±8 levels (backgrounds ±6) off their
                                 // named colours instead of exactly (SceneSamplerOptions::paintJitter)
    double roundTripFraction = 0.0; // base, superres: this share of the token cache's scenes tokenized from
                                    // the super-res VQ's reconstruction of the render, as an edit of a
                                    // generated image sees it (TokenCache)
    bool exactTargets = false;   // base: round-tripped scenes keep their round trip as the context (the
                                 // unmasked tokens) but are scored against their exact render's tokens,
                                 // so edits learn to read a generated image while the predictions stay
                                 // those of clean renders
    double partialCaptionFraction = 0.0; // base: this share of the examples are inpaints whose caption names
                                         // only the hidden objects: one object (with the others of its colour
                                         // and shape) masked under its bounding square grown by 0–2 tokens,
                                         // the rest of the image visible (PartialCaptionExample)
    double wholeCaptionHoleFraction = 0.0; // base: this share of the examples mask a contiguous hole (an
                                           // object group's or a strip along one side) under the whole
                                           // caption, so that holes do not always mean partial captions
    double editExampleFraction = 0.0; // base: this share of the examples are edits: one object group of the
                                      // scene recoloured or reshaped (SceneEdit), the context the original
                                      // scene's tokens, the caption and the masked targets the edited
                                      // scene's. Trained on partial captions alone, the model took a prompt
                                      // that disagrees with a visible object for an extra, hidden one, and
                                      // the mask-free edit drew a second object instead of changing the first
    double editHidden = 0.0; // base, with editExampleFraction: an edit example hides a random share of its
                             // tokens between this and 0.95, scattered, on top of the drawn rate, as the
                             // targeted edit's scoring passes hide nine tenths (0: the drawn rate alone)
    double objectHoleFraction = 0.0; // base: this share of the scenes with two or more object groups show
                                     // one group (a relation's subject or object) and mask every other
                                     // token: the random mask almost never asks where an object goes
                                     // when another one is shown, which is what a relation says
    double relationShare = 0.0; // base: this share of the examples are drawn from the token cache's related
                                // scenes instead of the data order (a heavier dose of the one part of the
                                // caption no run has learnt; the held-out set is two thirds relations)
    double upperFirst = 0.0; // base: this share of the related examples are captioned anew with the upper
                             // (or left) object named first ("above", "left of"), so that where the
                             // first-named object goes is a plain correlation; otherwise it is the
                             // exclusive-or of word order and relation word, which gives the masked-token
                             // loss no first-order signal (a curriculum: 1 first, then 0)
    std::string size = "default"; // architecture: "default" (the shipped model), "two-vq", "two-vq-p2", "tiny", "tiny-two-vq"
    // text: pretraining steps for the new T5 encoder on the training captions (15 % of the pieces
    // hidden and predicted, and every visible piece's neighbours predicted from its state), so that
    // its states carry word order before the base stage sees them; 0 = none (the encoder then learns
    // only through the base stage, and there it became a bag of words).
    int textPretrainSteps = 0;
    // text, with initFromModel: pretrain the folder's own tokenizer and encoder instead of new ones,
    // and add this weight times the relative squared distance of its states from those it started
    // with (clean captions and the empty prompt), so a base stage trained on that encoder keeps
    // working while the encoder learns word order; 0 = no such term.
    double textKeepStates = 0.0;
    // text, with initFromModel: keep only the folder's tokenizer and start a new encoder (the loaded
    // one is then only the teacher of textKeepStates).
    bool textFreshEncoder = false;
    // text pretraining: weight of predicting each visible piece itself from its state (a fifth,
    // training-only head), so that a word's state keeps what the word is next to its neighbours;
    // 0 = no such term.
    double textOwnPiece = 0.0;
    // text pretraining: weight of predicting, from each piece's state, where the caption puts the
    // object the piece's word belongs to (row: none / top / middle / bottom, and column; two
    // training-only heads, CaptionPlacement.h), so that both sides of a relation know their side;
    // 0 = no such term.
    double textPlacement = 0.0;
    // base: keep the T5 encoder as the model folder has it (Muse keeps its pretrained T5-XXL frozen):
    // trained jointly, ours collapsed into a bag of words (docs/training.md, "Eighteenth session").
    bool freezeText = false;
    // base: weight of a ranking term on each example whose caption has an order negative (its
    // colours swapped or its relation reversed, CaptionNegatives.h): softplus of the masked tokens'
    // log-likelihood under that negative minus under the caption, summed over such examples and
    // divided by the batch's masked tokens like the cross-entropy (weight 1: half the cross-entropy's
    // gradient on each token while the two captions are alike), so the model is taught what a bag of
    // words cannot tell apart; each such example costs a second forward pass. 0 = none.
    double orderNegatives = 0.0;
    // base, for a model with a second text encoder (SecondTextEncoder.h): in this share of the
    // examples the first encoder's states are zeroed, so that the base stage learns to read the
    // caption from the second encoder too, where it would otherwise keep reading the first alone
    double firstTextDropout = 0.0;
    bool halfPrecisionExport = true; // store the finished component as float16
    // Data-parallel training: world size > 1 joins a gloo process group through a FileStore.
    int worldSize = 1;
    int rank = 0;
    std::string storePath;       // every process names the same file; ranks > 0 keep their own checkpoint
                                 // (<stage>-checkpoint.rankR.safetensors) so replicas can be compared
    int threads = 0;             // intra-op threads; 0 = leave Torch's default
};

// One progress line per log interval ("vq 120/600 loss 0.0123 ... eta 3m12s").
using TrainLogCallback = std::function<void(const std::string&)>;

struct TrainSummary {
    int steps = 0;           // steps taken in this run (not counting resumed ones)
    int finalStep = 0;
    double firstLoss = 0.0;  // mean over the first log interval of this run
    double lastLoss = 0.0;   // mean over the last log interval
    double seconds = 0.0;
    std::string lossCsv;
};

Result<TrainSummary> trainText(const TrainOptions& options, const TrainLogCallback& log = {});
Result<TrainSummary> trainVq(const TrainOptions& options, const TrainLogCallback& log = {});
// InvalidArgument for an architecture whose super-res stage shares the base VQ.
Result<TrainSummary> trainSuperResVq(const TrainOptions& options, const TrainLogCallback& log = {});
Result<TrainSummary> trainBase(const TrainOptions& options, const TrainLogCallback& log = {});
Result<TrainSummary> trainSuperRes(const TrainOptions& options, const TrainLogCallback& log = {});

// Deepens a trained model of our layout without changing what it computes: the base transformer
// and the T5 encoder get more layers, each a copy of the component's last layer whose residual
// branches (attention, cross-attention, local convolution and MLP outputs) are zero, so every new
// layer starts as the identity and the grown model generates exactly what the original did. Fine-
// tuning (`muse train base --init-from-model`) then has the extra depth to use. The other components
// are copied as they are. Layer counts below the current ones are refused; 0 keeps a component's.
struct GrowOptions {
    std::string modelDir; // a trained model folder (our layout)
    std::string outDir;   // a new folder (must not exist yet, or be empty)
    int baseLayers = 0;   // the base transformer's layer count after growing
    int textLayers = 0;   // the T5 encoder's layer count after growing
    // Every T5 layer's query projection multiplied by this (0 < scale ≤ 1; 1 = unchanged). One of the
    // two options that change what the model computes (with baseCrossQueryScale): it softens attention
    // that training saturated (logits in the tens, each token attending to a single other by content,
    // word order lost; T5 has no 1/√d_kv), so the relative-position bias counts again and fine-tuning
    // can learn word order (docs/training.md, "Eighteenth session"). The encoder's output barely
    // moves, as its attention added little beside each word's own state.
    double textQueryScale = 1.0;
    // Every base transformer layer's cross-attention query (weight and bias) multiplied by this
    // (0 < scale ≤ 1): the same softening for the image tokens' reading of the caption, so that a
    // base stage trained on a bag-of-words encoder can learn to route by what a new encoder adds
    // (docs/training.md, "Twenty-third session"). Changes what the model computes.
    double baseCrossQueryScale = 1.0;
    // A model folder (our layout) whose text_encoder/ becomes this model's text_encoder_2/: a second
    // T5 encoder, read by the base stage beside the first and never trained with it (say one
    // pretrained to keep word order, `muse train text --text-pretrain-steps`). Its tokenizer must be
    // this model's, byte for byte. The base transformer's text projection gains zero columns for its
    // states, so the model computes what it did until the base stage is fine-tuned
    // (text/SecondTextEncoder.h). "" = none.
    std::string secondTextEncoder;
};
Status growModel(const GrowOptions& options);

// Whether this build can train over several processes (LibTorch's c10d with gloo).
bool distributedTrainingAvailable();

struct EvalOptions {
    std::string modelDir;        // "" = the embedded default model
    std::string outDir;          // report.md / report.json and the generated images
    int count = 100;             // held-out captions
    uint64_t seed = 0;           // scenes and generation seeds
    bool heldOut = true;         // false: captions of the training distribution instead (a diagnostic)
    int steps = 0;               // 0 = the model's defaults
    int superResSteps = 0;
    float guidanceScale = -1.0f;
    GuidanceMode guidanceMode = GuidanceMode::ModelDefault;
    float temperature = -1.0f;   // < 0 = the request default
    std::string device = "auto";
    bool saveImages = true;
    std::string title = "Muse default model: held-out captions";
    // What is judged. Generate: one image per caption. Edit / Inpaint / Outpaint: scenes of the
    // training distribution are rendered and edited by the engine (train/EditEvaluator.h).
    enum class Task { Generate, Edit, Inpaint, Outpaint } task = Task::Generate;
    EditMethod editMethod = EditMethod::Targeted; // Edit
    float editStrength = 0.6f;                     // Edit
    // Edit / Inpaint / Outpaint: the input is the scene's render through the model's own (last-stage)
    // VQ and back, as the model's own images look (RoundTrip); the exact render (Render); or the image
    // the model generates from the scene's caption (Generated: what a user edits after generating;
    // only inputs the detector reads right are edited, and the change is placed where they drew it).
    enum class EditInput { RoundTrip, Render, Generated } editInput = EditInput::RoundTrip;
    // Inpaint: the prompt names only the changed objects ("two blue circles"), as a user types what
    // the mask should get; false: the whole new scene's caption, as the model was trained.
    bool promptChangedOnly = false;
};

// "generate", "edit", "inpaint", "outpaint".
const char* evalTaskName(EvalOptions::Task task);
std::optional<EvalOptions::Task> evalTaskFromName(const std::string& name);

struct EvalSummary {
    int images = 0;
    double allRightRate = 0.0;
    double countAccuracy = 0.0, colorAccuracy = 0.0, shapeAccuracy = 0.0, positionAccuracy = 0.0;
    double bindingAccuracy = 0.0;
    double vqPsnr = 0.0;          // dB, on held-out renders at the model's native size
    double secondsPerImage = 0.0;
    std::string markdown;
};

// Generates one image per held-out caption with the engine, judges each with the detector and
// writes outDir/report.md and outDir/report.json.
Result<EvalSummary> evaluateModel(const EvalOptions& options, const TrainLogCallback& log = {});

} // namespace muse
