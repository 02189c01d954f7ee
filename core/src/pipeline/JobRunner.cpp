#include "pipeline/JobRunner.h"

#include "muse/MaskOps.h"
#include "pipeline/ImageTensor.h"
#include "pipeline/Metadata.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace muse {

at::Generator makeGenerator(torch::Device device, uint64_t seed)
{
    if (device.is_cuda()) {
        // The engine runs on one thread, so the device's default generator can be reseeded per image.
        at::Generator generator = at::globalContext().defaultGenerator(device);
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_current_seed(seed);
        return generator;
    }
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

JobRunner::JobRunner(ModelStack& stack, const ModelDescription& model, const EngineOptions& options,
                     const ProgressCallback& progress, const CancelToken* cancel)
    : m_stack(stack), m_model(model), m_options(options), m_progress(progress), m_cancel(cancel),
      m_start(Clock::now()), m_lastStep(m_start)
{
}

double JobRunner::elapsed() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }

void JobRunner::report(Progress p)
{
    p.elapsedSeconds = elapsed();
    if (m_progress)
        m_progress(p);
}

int JobRunner::sizeUnit(const ModelStack& stack)
{
    const int last = stack.stageCount() - 1;
    int unit = stack.pixelsPerToken(last) * stack.gridMultiple(last);
    if (stack.stageCount() > 1)
        unit = stack.pixelsPerToken(last) * stack.superResFactor() * stack.gridMultiple(0);
    return unit;
}

Result<JobGeometry> JobRunner::geometry(const ModelStack& stack, int width, int height)
{
    JobGeometry g;
    g.unit = sizeUnit(stack);
    if (width <= 0 || height <= 0 || width % g.unit || height % g.unit)
        return Status(ErrorCode::InvalidArgument, "size " + std::to_string(width) + "×" + std::to_string(height) +
                                                      ": width and height must be positive multiples of " +
                                                      std::to_string(g.unit) + " pixels (whole tokens) for this model");
    const int last = stack.stageCount() - 1;
    const int r = stack.stageCount() > 1 ? stack.superResFactor() : 1;
    g.width = width;
    g.height = height;
    g.finalTokenPixels = stack.pixelsPerToken(last);
    g.gridWidth = width / g.finalTokenPixels;
    g.gridHeight = height / g.finalTokenPixels;
    g.baseGridWidth = g.gridWidth / r;
    g.baseGridHeight = g.gridHeight / r;
    g.basePixelsInFinal = g.finalTokenPixels * r;
    g.basePixelWidth = g.baseGridWidth * stack.pixelsPerToken(0);
    g.basePixelHeight = g.baseGridHeight * stack.pixelsPerToken(0);
    for (int stage = 0; stage <= last; ++stage) {
        const int gw = stage == 0 ? g.baseGridWidth : g.gridWidth;
        const int gh = stage == 0 ? g.baseGridHeight : g.gridHeight;
        const int maxW = stack.maxGridWidth(stage), maxH = stack.maxGridHeight(stage);
        if ((maxW && gw > maxW) || (maxH && gh > maxH)) {
            const int scale = width / gw;
            return Status(ErrorCode::InvalidArgument,
                          "size " + std::to_string(width) + "×" + std::to_string(height) +
                              " is larger than this model can make (at most " + std::to_string(maxW * scale) + "×" +
                              std::to_string(maxH * scale) + " pixels); crop or scale the image first");
        }
    }
    return g;
}

PromptSettings JobRunner::resolve(const PromptSettings& settings) const
{
    PromptSettings s = settings;
    if (s.steps <= 0)
        s.steps = m_model.defaultSteps;
    if (m_model.hasSuperRes) {
        if (s.superResSteps <= 0)
            s.superResSteps = m_model.defaultSuperResSteps > 0 ? m_model.defaultSuperResSteps : 8;
    } else {
        s.superResSteps = 0;
    }
    if (s.guidanceScale < 0.0f)
        s.guidanceScale = m_model.defaultGuidance;
    if (s.guidanceMode == GuidanceMode::ModelDefault)
        s.guidanceMode = m_model.defaultGuidanceMode;
    return s;
}

DecodeSettings JobRunner::decodeSettings(const PromptSettings& s, int stage) const
{
    DecodeSettings d;
    d.steps = stage == 0 ? s.steps : s.superResSteps;
    parseMaskSchedule(s.maskSchedule, d.schedule);
    d.guidanceScale = s.guidanceScale;
    d.guidanceSchedule = s.guidanceMode == GuidanceMode::Linear ? GuidanceSchedule::Linear : GuidanceSchedule::Constant;
    d.temperatureStart = s.temperature;
    d.temperatureEnd = 0.0f;
    d.maskTokenId = m_stack.maskTokenId(stage);
    d.codebookSize = m_stack.codebookSize(stage);
    d.sampleTemperature = m_model.tokenTemperature[stage == 0 ? 0 : 1];
    // aMUSEd keeps the reference draw (its images match diffusers' for a seed); ours the fast one.
    d.tokenDraw = m_model.family == "muse" ? DecodeSettings::TokenDraw::InverseCdf : DecodeSettings::TokenDraw::Reference;
    return d;
}

void JobRunner::setPrompts(const PromptSettings& s, const JobGeometry& g)
{
    Progress p;
    p.stage = Stage::EncodingText;
    report(p);
    m_stack.setPrompts(s.prompt, s.negativePrompt, s.guidanceScale > 1.0f, g.width, g.height, s.aestheticScore);
}

std::optional<torch::Tensor> JobRunner::decodeStage(int stage, torch::Tensor tokens, const DecodeSettings& settings,
                                                    at::Generator& generator, float startingMaskRatio, int stepOffset,
                                                    int totalSteps, torch::Tensor* lastConfidence)
{
    const Stage progressStage = stage == 0 ? Stage::Base : Stage::SuperRes;
    m_lastStep = Clock::now();
    DecodeHooks hooks;
    hooks.cancelled = [this] { return cancelled(); };
    hooks.onStep = [&](const DecodeStep& info, const torch::Tensor& prediction, const torch::Tensor& confidence) {
        const auto now = Clock::now();
        Progress p;
        p.stage = progressStage;
        p.step = stepOffset + info.step - settings.firstStep + 1;
        p.totalSteps = totalSteps > 0 ? totalSteps : settings.steps - settings.firstStep;
        p.tokensMasked = info.stillMasked;
        p.totalTokens = prediction.numel();
        p.meanConfidence = info.meanConfidence;
        p.stepSeconds = std::chrono::duration<double>(now - m_lastStep).count();
        m_lastStep = now;
        m_records.push_back({progressStage, p.step, p.tokensMasked, p.meanConfidence, p.stepSeconds});
        if (lastConfidence)
            *lastConfidence = confidence;
        Image preview, confidenceMap;
        if (m_progress) {
            // Decoding a preview costs a VQ pass: keep it under about a quarter of the job's time.
            const double t = elapsed();
            const bool lastStep = info.step == settings.steps - 1;
            if (m_options.previews &&
                (lastStep || t - m_lastPreviewEnd >= std::max(m_options.previewIntervalSeconds, 3.0 * m_lastPreviewCost))) {
                preview = tensorToImage(m_stack.decodeImage(stage, prediction.slice(0, 0, 1)));
                m_lastPreviewEnd = elapsed();
                m_lastPreviewCost = m_lastPreviewEnd - t;
                p.preview = &preview;
            }
            torch::Tensor c = confidence[0].to(torch::kCPU, torch::kFloat32).unsqueeze(0);
            confidenceMap = toGray(tensorToImage(c));
            p.confidenceMap = &confidenceMap;
            report(p);
        }
    };
    return decodeTokens(
        std::move(tokens), [&](const torch::Tensor& t, bool u) { return m_stack.logits(stage, t, u); }, settings, generator,
        hooks, startingMaskRatio);
}

std::optional<torch::Tensor> JobRunner::finishStages(const PromptSettings& s, const torch::Tensor& baseTokens,
                                                     torch::Tensor initial, at::Generator& generator)
{
    if (m_stack.stageCount() == 1)
        return baseTokens;
    if (cancelled())
        return std::nullopt;
    m_stack.setLowResTokens(baseTokens);
    return decodeSuperRes(s, std::move(initial), generator);
}

std::optional<torch::Tensor> JobRunner::decodeSuperRes(const PromptSettings& s, torch::Tensor initial, at::Generator& generator)
{
    const int64_t masked = initial.eq(m_stack.maskTokenId(1)).sum().item<int64_t>();
    if (masked == 0)
        return initial;
    return decodeStage(1, std::move(initial), decodeSettings(s, 1), generator,
                       static_cast<float>(masked) / static_cast<float>(initial.numel()));
}

Result<Image> JobRunner::generateOne(const GenerateRequest& request, const JobGeometry& g, uint64_t seed)
{
    const PromptSettings& s = request.settings;
    at::Generator generator = makeGenerator(m_stack.device(), seed);
    setPrompts(s, g);
    if (cancelled())
        return Status(ErrorCode::Cancelled, "cancelled");
    const auto longOptions = torch::TensorOptions().dtype(torch::kInt64).device(m_stack.device());
    auto base = decodeStage(0, torch::full({1, g.baseGridHeight, g.baseGridWidth}, m_stack.maskTokenId(0), longOptions),
                            decodeSettings(s, 0), generator, 1.0f);
    if (!base)
        return Status(ErrorCode::Cancelled, "cancelled");
    const int last = m_stack.stageCount() - 1;
    auto final = finishStages(s, *base, torch::full({1, g.gridHeight, g.gridWidth}, m_stack.maskTokenId(last), longOptions),
                              generator);
    if (!final)
        return Status(ErrorCode::Cancelled, "cancelled");
    return decodeFinal(*final);
}

Result<Image> JobRunner::superResolve(const PromptSettings& settings, const Image& baseImage)
{
    m_start = Clock::now();
    const PromptSettings s = resolve(settings);
    const int last = m_stack.stageCount() - 1;
    const int r = last > 0 ? m_stack.superResFactor() : 1;
    const int toFinal = r * m_stack.pixelsPerToken(last);
    auto g = geometry(m_stack, baseImage.width / m_stack.pixelsPerToken(0) * toFinal,
                      baseImage.height / m_stack.pixelsPerToken(0) * toFinal);
    if (!g)
        return g.status();
    if (baseImage.width != g->basePixelWidth || baseImage.height != g->basePixelHeight)
        return Status(ErrorCode::InvalidArgument, "a " + std::to_string(baseImage.width) + "×" +
                                                      std::to_string(baseImage.height) +
                                                      " image is not a whole number of base tokens");
    at::Generator generator = makeGenerator(m_stack.device(), s.seed);
    setPrompts(s, *g);
    const torch::Tensor base = m_stack.encodeImage(0, imageToTensor(baseImage, m_stack.device()));
    const auto longOptions = torch::TensorOptions().dtype(torch::kInt64).device(m_stack.device());
    auto final = finishStages(s, base, torch::full({1, g->gridHeight, g->gridWidth}, m_stack.maskTokenId(last), longOptions),
                              generator);
    if (!final)
        return Status(ErrorCode::Cancelled, "cancelled");
    return decodeFinal(*final);
}

Result<GenerationResult> JobRunner::run(const AnyRequest& original)
{
    m_start = Clock::now();
    m_stack.takePromptTruncated(); // only this job's prompts count
    AnyRequest request = original;
    PromptSettings& settings = requestSettings(request);
    settings = resolve(settings);
    const int unit = sizeUnit(m_stack);

    GenerationResult result;
    int outWidth = 0, outHeight = 0;
    for (int i = 0; i < settings.numImages; ++i) {
        const uint64_t seed = settings.seed + static_cast<uint64_t>(i);
        PromptSettings one = settings;
        one.seed = seed;
        Result<Image> image = Status(ErrorCode::Internal, "unknown mode");
        if (auto* g = std::get_if<GenerateRequest>(&request)) {
            if (g->width == 0) {
                g->width = m_model.nativeWidth;
                g->height = m_model.nativeHeight;
            }
            auto geometry = JobRunner::geometry(m_stack, g->width, g->height);
            if (!geometry)
                return geometry.status();
            GenerateRequest single = *g;
            single.settings = one;
            image = generateOne(single, *geometry, seed);
        } else {
            image = runEditing(request, one, unit);
        }
        if (!image)
            return image.status();
        outWidth = image->width;
        outHeight = image->height;
        AnyRequest single = request;
        requestSettings(single) = one;
        requestSettings(single).numImages = 1;
        result.pngText.push_back(resultTextChunks(single, m_model, outWidth, outHeight));
        result.images.push_back(image.takeValue());
        result.seeds.push_back(seed);
    }
    if (m_stack.takePromptTruncated())
        result.warnings.push_back("the prompt or negative prompt is longer than the tokenizer's limit; the end was cut off");
    result.request = request;
    result.steps = m_records;
    result.seconds = elapsed();
    Progress done;
    done.stage = Stage::Done;
    report(done);
    return result;
}

} // namespace muse
