#include "muse/Engine.h"
#include "muse/Version.h"

#include "pipeline/ImageTensor.h"
#include "pipeline/JobRunner.h"
#include "pipeline/Metadata.h"
#include "pipeline/ModelStack.h"
#include "util/LoadError.h"
#include "util/TorchUtil.h"

#include <c10/core/InferenceMode.h>

#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;

namespace muse {

const char* stageName(Stage stage)
{
    switch (stage) {
    case Stage::LoadingModel: return "loading model";
    case Stage::EncodingText: return "text";
    case Stage::Base: return "base";
    case Stage::SuperRes: return "super-res";
    case Stage::Decoding: return "decode";
    case Stage::Compositing: return "composite";
    case Stage::Done: return "done";
    }
    return "?";
}

struct Engine::Impl {
    EngineOptions options;
    std::unique_ptr<ModelStack> stack;
    ModelDescription model;
};

Engine::Engine(EngineOptions options) : m_impl(std::make_unique<Impl>())
{
    m_impl->options = std::move(options);
    useAllCpuCores();
}

Engine::~Engine() = default;

bool Engine::hasModel() const { return m_impl->stack != nullptr; }
const ModelDescription& Engine::model() const { return m_impl->model; }
const EngineOptions& Engine::options() const { return m_impl->options; }

Status Engine::loadModel(const std::string& requested, const ProgressCallback& progress)
{
    const std::string folder = requested.empty() ? defaultModelPath() : requested;
    if (folder.empty())
        return Status(ErrorCode::NotFound, "the embedded default model is not installed (resources/models/muse-default); "
                                           "choose a model folder");
    if (progress) {
        Progress p;
        p.stage = Stage::LoadingModel;
        progress(p);
    }
    return guarded("loading " + folder, [&]() -> Status {
        c10::InferenceMode inference;
        auto stack = loadModelStack(folder, m_impl->options.device, m_impl->options.precision);
        if (!stack)
            return stack.status();
        m_impl->stack = stack.takeValue();
        m_impl->model = m_impl->stack->description();
        m_impl->model.sizeUnit = JobRunner::sizeUnit(*m_impl->stack);
        if (m_impl->stack->device().is_cpu())
            chooseCpuThreads(m_impl->model.parameterCount);
        m_impl->model.path = folder;
        m_impl->model.name = fs::path(folder).lexically_normal().filename().string();
        if (m_impl->model.name.empty())
            m_impl->model.name = fs::path(folder).lexically_normal().parent_path().filename().string();
        if (requested.empty())
            m_impl->model.name = "muse-default (embedded)";
        return Status::ok();
    });
}

Result<GenerationResult> Engine::generate(const GenerateRequest& request, const ProgressCallback& progress, const CancelToken* cancel)
{
    return run(AnyRequest(request), progress, cancel);
}

Result<GenerationResult> Engine::inpaint(const InpaintRequest& request, const ProgressCallback& progress, const CancelToken* cancel)
{
    return run(AnyRequest(request), progress, cancel);
}

Result<GenerationResult> Engine::outpaint(const OutpaintRequest& request, const ProgressCallback& progress, const CancelToken* cancel)
{
    return run(AnyRequest(request), progress, cancel);
}

Result<GenerationResult> Engine::edit(const EditRequest& request, const ProgressCallback& progress, const CancelToken* cancel)
{
    return run(AnyRequest(request), progress, cancel);
}

Result<GenerationResult> Engine::run(const AnyRequest& request, const ProgressCallback& progress, const CancelToken* cancel)
{
    MUSE_RETURN_IF_ERROR(std::visit([](const auto& r) { return r.validate(); }, request));
    if (!m_impl->stack)
        return Status(ErrorCode::InvalidArgument, "no model is loaded");
    return guarded(requestModeName(request), [&]() -> Result<GenerationResult> {
        c10::InferenceMode inference;
        JobRunner runner(*m_impl->stack, m_impl->model, m_impl->options, progress, cancel);
        return runner.run(request);
    });
}

std::string Engine::defaultModelPath()
{
    auto isModel = [](const fs::path& p) {
        std::error_code ec;
        return fs::is_regular_file(p / "model_index.json", ec);
    };
    if (const char* env = std::getenv("MUSE_DEFAULT_MODEL"); env && *env)
        return env;
    // Installed: <prefix>/bin/muse → <prefix>/share/muse-studio/models/muse-default.
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const fs::path bin = fs::path(exe).parent_path();
        for (const fs::path& candidate : {bin / "../share/muse-studio/models/muse-default", bin / "models/muse-default"})
            if (isModel(candidate))
                return fs::weakly_canonical(candidate).string();
    }
    // A build tree: the model committed in the source tree.
    const fs::path source = fs::path(kSourceDir) / "resources/models/muse-default";
    if (isModel(source))
        return source.string();
    return {};
}

} // namespace muse
