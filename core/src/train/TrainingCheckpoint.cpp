#include "train/TrainingCheckpoint.h"

#include "io/TensorConvert.h"
#include "muse/SafeTensors.h"
#include "train/MultiTensorAdamW.h"
#include "util/LoadError.h"

#include <filesystem>

namespace muse {

Status TrainingCheckpoint::save(const std::string& path, const std::vector<NamedModule>& modules,
                                torch::optim::AdamW& optimizer, int step)
{
    return guarded(path, [&]() -> Status {
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        auto& state = optimizer.state();
        for (const auto& m : modules) {
            for (const auto& item : m.module->named_parameters()) {
                const std::string name = m.name + "." + item.key();
                tensors.emplace_back(name, item.value().detach().to(torch::kCPU, torch::kFloat32));
                auto it = state.find(adamwStateKey(item.value()));
                if (it == state.end())
                    continue;
                auto& s = static_cast<torch::optim::AdamWParamState&>(*it->second);
                tensors.emplace_back("adamw." + name + ".exp_avg", s.exp_avg().to(torch::kCPU, torch::kFloat32));
                tensors.emplace_back("adamw." + name + ".exp_avg_sq", s.exp_avg_sq().to(torch::kCPU, torch::kFloat32));
                tensors.emplace_back("adamw." + name + ".step", torch::tensor({double(s.step())}, torch::kFloat64));
            }
        }
        tensors.emplace_back("trainer.step", torch::tensor({int64_t(step)}, torch::kInt64));
        const std::string temporary = path + ".partial";
        MUSE_RETURN_IF_ERROR(writeTensors(temporary, tensors));
        std::error_code ec;
        std::filesystem::rename(temporary, path, ec);
        if (ec)
            return Status(ErrorCode::IoError, path + ": cannot replace the checkpoint: " + ec.message());
        return Status::ok();
    });
}

Result<int> TrainingCheckpoint::load(const std::string& path, const std::vector<NamedModule>& modules,
                                     torch::optim::AdamW& optimizer)
{
    return guarded(path, [&]() -> Result<int> {
        auto archive = TensorArchive::open(path);
        if (!archive)
            return archive.status();
        torch::NoGradGuard noGrad;
        auto& state = optimizer.state();
        const auto names = archive->names();
        auto has = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
        for (const auto& m : modules) {
            for (auto& item : m.module->named_parameters()) {
                const std::string name = m.name + "." + item.key();
                torch::Tensor p = item.value();
                torch::Tensor stored = readTensor(*archive, name);
                if (stored.sizes() != p.sizes())
                    throw LoadError(ErrorCode::ConfigMismatch, path + ": " + name + " has another shape than the model's");
                p.copy_(stored);
                if (!has("adamw." + name + ".exp_avg"))
                    continue;
                auto s = std::make_unique<torch::optim::AdamWParamState>();
                s->exp_avg(readTensor(*archive, "adamw." + name + ".exp_avg").to(p.device(), p.scalar_type()));
                s->exp_avg_sq(readTensor(*archive, "adamw." + name + ".exp_avg_sq").to(p.device(), p.scalar_type()));
                s->step(int64_t(readTensor(*archive, "adamw." + name + ".step").item<double>()));
                state[adamwStateKey(p)] = std::move(s);
            }
        }
        return int(readTensor(*archive, "trainer.step").item<int64_t>());
    });
}

} // namespace muse
