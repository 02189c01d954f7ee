#include "pipeline/ModelStack.h"

#include "muse/ModelFolder.h"
#include "pipeline/AmusedStack.h"
#include "pipeline/MuseStack.h"
#include "util/TorchUtil.h"

namespace muse {

Result<std::unique_ptr<ModelStack>> loadModelStack(const std::string& folder, const std::string& deviceName,
                                                   Precision precision)
{
    auto device = resolveDeviceName(deviceName);
    if (!device)
        return device.status();
    const torch::Device torchDevice(*device);
    if (torchDevice.is_cpu() && precision == Precision::Float16)
        return Status(ErrorCode::InvalidArgument,
                      "fp16 needs a GPU (this LibTorch has no half-precision matrix multiply on the CPU); use bf16 or fp32");
    auto info = inspectModelFolder(folder);
    if (!info)
        return info.status();
    if (info->layout != ModelFolderInfo::Layout::Pipeline)
        return Status(ErrorCode::UnsupportedFormat,
                      folder + ": a single component (" + info->components.front().className +
                          "); give the pipeline folder with model_index.json (aMUSEd: amused-256/, amused-512/)");
    std::unique_ptr<ModelStack> stack;
    const torch::ScalarType dtype = scalarTypeOf(precision);
    Result<std::unique_ptr<ModelStack>> loaded = Status(ErrorCode::Internal, "");
    if (info->pipelineClass == "AmusedPipeline" || info->pipelineClass == "AmusedImg2ImgPipeline" ||
        info->pipelineClass == "AmusedInpaintPipeline")
        loaded = AmusedStack::load(*info, torchDevice, dtype);
    else if (info->pipelineClass == "MusePipeline")
        loaded = MuseStack::load(*info, torchDevice, dtype);
    else
        return Status(ErrorCode::UnsupportedFormat, folder + "/model_index.json: pipeline \"" + info->pipelineClass +
                                                        "\" is not a Muse model (expected AmusedPipeline or MusePipeline)");
    if (!loaded)
        return loaded.status();
    auto& d = const_cast<ModelDescription&>(loaded.value()->description());
    d.device = *device;
    d.precision = precision;
    return loaded;
}

} // namespace muse
