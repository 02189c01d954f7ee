#include "train/GradientSync.h"

#include <filesystem>

#if defined(USE_C10D_GLOO) && __has_include(<gloo/config.h>) && __has_include(<torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>)
#define MUSE_HAVE_GLOO 1
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#else
#define MUSE_HAVE_GLOO 0
#endif

namespace muse {

struct GradientSync::Impl {
#if MUSE_HAVE_GLOO
    c10::intrusive_ptr<::c10d::ProcessGroupGloo> group;
#endif
};

GradientSync::GradientSync() = default;
GradientSync::~GradientSync() = default;
GradientSync::GradientSync(GradientSync&&) noexcept = default;
GradientSync& GradientSync::operator=(GradientSync&&) noexcept = default;

bool GradientSync::available()
{
    return MUSE_HAVE_GLOO != 0;
}

Result<GradientSync> GradientSync::join(const std::string& storePath, int rank, int worldSize)
{
    GradientSync sync;
    if (worldSize <= 1)
        return sync;
    if (rank < 0 || rank >= worldSize)
        return Status(ErrorCode::InvalidArgument, "rank " + std::to_string(rank) + " is outside the world size " +
                                                      std::to_string(worldSize));
#if MUSE_HAVE_GLOO
    // FileStore cannot create its file in a missing folder and waits for it instead, so every rank
    // would hang: make the folder (the work folder is usually it, made only after joining).
    const std::filesystem::path folder = std::filesystem::path(storePath).parent_path();
    std::error_code failed;
    if (!folder.empty())
        std::filesystem::create_directories(folder, failed); // an existing folder is no error
    if (failed)
        return Status(ErrorCode::IoError, storePath + ": cannot create the store's folder: " + failed.message());
    try {
        auto store = c10::make_intrusive<::c10d::FileStore>(storePath, worldSize);
        auto options = ::c10d::ProcessGroupGloo::Options::create();
        options->devices.push_back(::c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        sync.m_impl = std::make_unique<Impl>();
        sync.m_impl->group = c10::make_intrusive<::c10d::ProcessGroupGloo>(store, rank, worldSize, options);
        sync.m_rank = rank;
        sync.m_worldSize = worldSize;
        return sync;
    } catch (const std::exception& e) {
        return Status(ErrorCode::Internal, storePath + ": cannot join the gloo process group: " + e.what());
    }
#else
    (void)storePath;
    return Status(ErrorCode::UnsupportedFormat,
                  "this build has no distributed training (LibTorch without c10d gloo, or gloo headers missing)");
#endif
}

void GradientSync::broadcast(const std::vector<torch::Tensor>& tensors)
{
#if MUSE_HAVE_GLOO
    if (!m_impl)
        return;
    torch::NoGradGuard noGrad;
    for (const auto& t : tensors) {
        std::vector<at::Tensor> one{t.detach()};
        m_impl->group->broadcast(one)->wait();
    }
#else
    (void)tensors;
#endif
}

void GradientSync::averageGradients(const std::vector<torch::Tensor>& parameters)
{
#if MUSE_HAVE_GLOO
    if (!m_impl)
        return;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
        grads.push_back(p.grad().defined() ? p.grad() : torch::zeros_like(p));
    std::vector<torch::Tensor> flatParts;
    for (const auto& g : grads)
        flatParts.push_back(g.reshape({-1}).to(torch::kFloat32));
    std::vector<at::Tensor> flat{torch::cat(flatParts).cpu()};
    m_impl->group->allreduce(flat)->wait();
    flat[0].div_(double(m_worldSize));
    int64_t offset = 0;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const int64_t n = grads[i].numel();
        torch::Tensor part = flat[0].slice(0, offset, offset + n).view(grads[i].sizes()).to(grads[i].device(), grads[i].scalar_type());
        offset += n;
        if (parameters[i].grad().defined())
            parameters[i].mutable_grad().copy_(part);
        else
            parameters[i].mutable_grad() = part.clone();
    }
#else
    (void)parameters;
#endif
}

double GradientSync::averageScalar(double value)
{
#if MUSE_HAVE_GLOO
    if (!m_impl)
        return value;
    std::vector<at::Tensor> one{torch::tensor({value}, torch::kFloat64)};
    m_impl->group->allreduce(one)->wait();
    return one[0].item<double>() / m_worldSize;
#else
    return value;
#endif
}

void GradientSync::sumInPlace(torch::Tensor& tensor)
{
#if MUSE_HAVE_GLOO
    if (!m_impl)
        return;
    tensor = tensor.contiguous();
    std::vector<at::Tensor> one{tensor};
    m_impl->group->allreduce(one)->wait();
#else
    (void)tensor;
#endif
}

Status GradientSync::checkSameStep(int step, const std::string& checkpoint)
{
    if (m_worldSize <= 1)
        return Status::ok();
    const double mean = averageScalar(double(step));
    const double meanSquare = averageScalar(double(step) * double(step));
    if (meanSquare - mean * mean < 0.25)
        return Status::ok();
    return Status(ErrorCode::InvalidArgument,
                  "rank " + std::to_string(m_rank) + " resumes from step " + std::to_string(step) + " (" +
                      checkpoint + ") but the processes do not agree (mean step " + std::to_string(mean) +
                      "): every rank needs its own checkpoint of the same run, or none");
}

void GradientSync::barrier()
{
#if MUSE_HAVE_GLOO
    if (m_impl)
        m_impl->group->barrier()->wait();
#endif
}

} // namespace muse
