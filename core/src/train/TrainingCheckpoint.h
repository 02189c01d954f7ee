#pragma once
// A resumable training checkpoint in one safetensors file: the parameters of every trained module
// ("<module>.<parameter>"), the AdamW state of each parameter ("adamw.<module>.<parameter>.exp_avg",
// ".exp_avg_sq", ".step") and the step counter ("trainer.step"). All float32, so resuming continues
// bit for bit where the run stopped (given the same data order, which depends on the step only).

#include "muse/Status.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace muse {

struct NamedModule {
    std::string name;
    torch::nn::Module* module;
};

class TrainingCheckpoint {
public:
    static Status save(const std::string& path, const std::vector<NamedModule>& modules, torch::optim::AdamW& optimizer,
                       int step);
    // Restores parameters and optimizer state in place; returns the step to continue from.
    static Result<int> load(const std::string& path, const std::vector<NamedModule>& modules,
                            torch::optim::AdamW& optimizer);
};

} // namespace muse
