#include "train/MultiTensorAdamW.h"

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace muse {

namespace {

// A template so that only the branch of the LibTorch at hand is compiled.
template <typename Key = AdamWStateKey>
Key keyOf(const torch::Tensor& parameter)
{
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream text; // what c10::guts::to_string, which 1.13's optimizers use, does
        text << parameter.unsafeGetTensorImpl();
        return text.str();
    } else {
        return static_cast<Key>(parameter.unsafeGetTensorImpl());
    }
}

// The tensors of the parameters that share one step count (all of them, unless a resumed
// checkpoint lacked the state of some).
struct StepBatch {
    std::vector<torch::Tensor> params, grads, averages, squares;
    std::vector<torch::optim::AdamWParamState*> states;
};

} // namespace

AdamWStateKey adamwStateKey(const torch::Tensor& parameter)
{
    return keyOf(parameter);
}

void clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
        if (p.grad().defined())
            grads.push_back(p.grad());
    if (grads.empty())
        return;
    const std::vector<torch::Tensor> norms = at::_foreach_norm(grads, 2);
    const torch::Tensor total = norms.size() == 1 ? norms[0] : torch::stack(norms).norm(2);
    const torch::Tensor coefficient = torch::clamp(maxNorm / (total + 1e-6), c10::nullopt, 1.0);
    // A host scalar (one sync, as the caller's loss.item() makes anyway): LibTorch 1.13 has no
    // multi-tensor multiply by a tensor. The float value is exactly what mul_(tensor) would use.
    at::_foreach_mul_(grads, coefficient.item<float>());
}

void stepAdamW(torch::optim::AdamW& optimizer)
{
    torch::NoGradGuard noGrad;
    for (auto& group : optimizer.param_groups()) {
        auto& options = static_cast<torch::optim::AdamWOptions&>(group.options());
        if (options.amsgrad())
            throw std::invalid_argument("stepAdamW: AMSGrad is not supported");
        const double lr = options.lr();
        const double beta1 = std::get<0>(options.betas());
        const double beta2 = std::get<1>(options.betas());
        std::map<int64_t, StepBatch> batches;
        for (auto& p : group.params()) {
            if (!p.grad().defined())
                continue;
            auto& slot = optimizer.state()[adamwStateKey(p)];
            if (!slot) {
                auto state = std::make_unique<torch::optim::AdamWParamState>();
                state->step(0);
                state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                slot = std::move(state);
            }
            auto& state = static_cast<torch::optim::AdamWParamState&>(*slot);
            StepBatch& batch = batches[state.step()];
            batch.params.push_back(p);
            batch.grads.push_back(p.grad());
            batch.averages.push_back(state.exp_avg());
            batch.squares.push_back(state.exp_avg_sq());
            batch.states.push_back(&state);
        }
        for (auto& [previous, b] : batches) {
            const int64_t step = previous + 1;
            for (auto* state : b.states)
                state->step(step);
            const double correction1 = 1 - std::pow(beta1, step);
            const double correction2 = 1 - std::pow(beta2, step);
            if (options.weight_decay() != 0)
                at::_foreach_mul_(b.params, 1 - lr * options.weight_decay());
            at::_foreach_mul_(b.averages, beta1);
            at::_foreach_add_(b.averages, b.grads, 1 - beta1);
            at::_foreach_mul_(b.squares, beta2);
            at::_foreach_addcmul_(b.squares, b.grads, b.grads, 1 - beta2);
            std::vector<torch::Tensor> denominators = at::_foreach_sqrt(b.squares);
            at::_foreach_div_(denominators, std::sqrt(correction2));
            at::_foreach_add_(denominators, options.eps());
            at::_foreach_addcdiv_(b.params, b.averages, denominators, -lr / correction1);
        }
    }
}

} // namespace muse
