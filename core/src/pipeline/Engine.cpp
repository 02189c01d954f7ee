// TEMPORARY: the engine facade until the model stack lands (this session); every call reports
// that no model can be loaded yet, so the GUI and CLI can be built against the real interface.
#include "muse/Engine.h"

#include <filesystem>

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
    ModelDescription model;
    bool loaded = false;
};

Engine::Engine(EngineOptions options) : m_impl(std::make_unique<Impl>()) { m_impl->options = std::move(options); }
Engine::~Engine() = default;

Status Engine::loadModel(const std::string& folder, const ProgressCallback&)
{
    return Status(ErrorCode::Internal, "the engine cannot load models yet");
}

bool Engine::hasModel() const { return m_impl->loaded; }
const ModelDescription& Engine::model() const { return m_impl->model; }
const EngineOptions& Engine::options() const { return m_impl->options; }

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

Result<GenerationResult> Engine::run(const AnyRequest&, const ProgressCallback&, const CancelToken*)
{
    return Status(ErrorCode::InvalidArgument, "no model is loaded");
}

std::string Engine::defaultModelPath() { return {}; }

} // namespace muse
