#pragma once
// One request struct per operation, with defaults and validate(). The same struct is written
// into PNG metadata (requestToJson) so a result can be re-run exactly (requestFromJson).

#include "muse/Image.h"
#include "muse/MaskOps.h"
#include "muse/Status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace muse {

enum class GuidanceMode {
    ModelDefault, // aMUSEd: constant; Muse: linear
    Constant,     // the same scale at every step
    Linear,       // rises from 1 (no guidance) at the first step to the scale at the last (Muse)
};
// "default", "constant", "linear" (request JSON, PNG metadata and the command line).
const char* guidanceModeName(GuidanceMode mode);
std::optional<GuidanceMode> guidanceModeFromName(const std::string& name);

// Settings every operation shares. Zero / negative values mean "the model's default".
struct PromptSettings {
    std::string prompt;
    std::string negativePrompt; // the unconditional branch of guidance ("" = empty prompt)
    uint64_t seed = 0;
    int steps = 0;              // base decoding steps (aMUSEd 12, Muse 24)
    int superResSteps = 0;      // Muse super-res steps (8); ignored without a super-res stage
    float guidanceScale = -1.0f; // logits = uncond + scale·(cond − uncond); ≤ 1 turns guidance off
    GuidanceMode guidanceMode = GuidanceMode::ModelDefault;
    float temperature = 2.0f;   // Gumbel temperature of the first step, annealed linearly to 0
    std::string maskSchedule = "cosine"; // or "linear"
    int numImages = 1;          // images per request (batched; seeds seed, seed+1, ...)
    float aestheticScore = 6.0f; // aMUSEd micro-conditioning

    Status validate() const;
};

struct GenerateRequest {
    PromptSettings settings;
    int width = 0;  // 0 = the model's native size; otherwise a whole number of tokens
    int height = 0;

    Status validate() const;
};

// Regenerates the masked part of an image. Pixels outside the feathered mask are kept byte for byte.
struct InpaintRequest {
    PromptSettings settings;
    std::string imagePath; // used when `image` is empty (CLI, re-runs from metadata)
    std::string maskPath;  // white = regenerate; same size as the image
    Image image;
    Image mask;            // 1 channel
    int growTokens = 0;    // dilate the token mask by whole tokens
    int featherPixels = 8; // soft edge of the composite

    Status validate() const;
};

// Extends the canvas by `margins` pixels per side (rounded up to whole tokens) and fills the new
// area. The original area of the result is the input, byte for byte (no feathering into it).
struct OutpaintRequest {
    PromptSettings settings;
    std::string imagePath;
    Image image;
    Margins margins;

    Status validate() const;
};

enum class EditMethod {
    Targeted, // regenerates at once the tokens the new prompt disagrees with (sampling/PromptAgreement.h)
    Resample, // Muse §1.6: `iterations` rounds, each re-masking a random subset and re-predicting it
    Img2Img,  // aMUSEd's img2img: mask tokens at the schedule's rate for `strength`, run the remaining steps
};

// Mask-free editing: starting from the image's tokens, moves the image toward the new prompt.
// `strength` (0..1] bounds the share of tokens allowed to change (Targeted, Resample) or sets how far
// into the schedule decoding starts (Img2Img). Pixels of tokens that did not change are kept exactly.
struct EditRequest {
    PromptSettings settings;
    std::string imagePath;
    Image image;
    EditMethod method = EditMethod::Targeted;
    float strength = 0.5f;
    int iterations = 8; // Resample's rounds

    Status validate() const;
};

// "targeted", "resample", "img2img": the names requests and the command line use.
const char* editMethodName(EditMethod method);
std::optional<EditMethod> editMethodFromName(const std::string& name);

using AnyRequest = std::variant<GenerateRequest, InpaintRequest, OutpaintRequest, EditRequest>;

const char* requestModeName(const AnyRequest& request); // "generate", "inpaint", "outpaint", "edit"
const PromptSettings& requestSettings(const AnyRequest& request);
PromptSettings& requestSettings(AnyRequest& request);

// JSON with every field (images by path only) and the mode; requestFromJson checks each field.
std::string requestToJson(const AnyRequest& request);
Result<AnyRequest> requestFromJson(const std::string& json);
// The "model_path" a result's metadata names ("" when absent or not JSON).
std::string modelPathFromMetadata(const std::string& json);

} // namespace muse
