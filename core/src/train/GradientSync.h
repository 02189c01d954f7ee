#pragma once
// Data-parallel training over several processes: a gloo process group (LibTorch c10d) joined
// through a FileStore; after each backward pass the gradients of all processes are summed and
// averaged (one flattened all-reduce), and at the start rank 0's weights are broadcast, so every
// process takes the same optimizer step and the replicas stay identical.
// With world size 1 every call is a no-op.

#include "muse/Status.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace muse {

class GradientSync {
public:
    GradientSync(); // a single process
    ~GradientSync();
    GradientSync(GradientSync&&) noexcept;
    GradientSync& operator=(GradientSync&&) noexcept;

    static bool available();
    // storePath: a file every process names (removed by rank 0 when it exists from an older run
    // is the caller's business: FileStore reuses a stale file).
    static Result<GradientSync> join(const std::string& storePath, int rank, int worldSize);

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }

    // Replaces every tensor by rank 0's (call once after the model is built).
    void broadcast(const std::vector<torch::Tensor>& tensors);
    // grad ← mean over processes, for every parameter with a gradient.
    void averageGradients(const std::vector<torch::Tensor>& parameters);
    // The mean over processes of a scalar (for logging the global loss).
    double averageScalar(double value);
    // tensor ← its sum over processes (a CPU tensor; used to assemble work split between ranks).
    void sumInPlace(torch::Tensor& tensor);
    // Every process must resume from the same step: a rank whose checkpoint is missing would
    // otherwise wait forever in an all-reduce the others never make. Checked by the variance of
    // the step over processes; the error names the checkpoint.
    Status checkSameStep(int step, const std::string& checkpoint);
    void barrier();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_rank = 0;
    int m_worldSize = 1;
};

} // namespace muse
