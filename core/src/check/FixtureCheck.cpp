#include "muse/FixtureCheck.h"

#include "check/FixtureCase.h"
#include "io/TensorConvert.h"
#include "util/LoadError.h"
#include "util/TorchUtil.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

namespace fs = std::filesystem;

namespace muse {

namespace {

using KindRunner = void (*)(const FixtureCase&, FixtureCaseResult&);

const std::map<std::string, KindRunner>& runners()
{
    static const std::map<std::string, KindRunner> table = {
        {"t5_encoder", &runT5EncoderCase},
        {"clip_text", &runClipTextCase},
        {"clip_tokenizer", &runClipTokenizerCase},
        {"vqmodel", &runVqModelCase},
        {"uvit2d", &runUVit2DCase},
        {"amused_schedule", &runAmusedScheduleCase},
    };
    return table;
}

} // namespace

torch::ScalarType FixtureCase::dtype() const { return scalarTypeOf(options.precision); }

const TensorArchive& FixtureCase::io() const
{
    if (!ioCache) {
        auto archive = TensorArchive::open(file("io.safetensors"));
        if (!archive)
            throw LoadError(archive.status());
        ioCache = std::make_shared<TensorArchive>(archive.takeValue());
    }
    return *ioCache;
}

torch::Tensor FixtureCase::ioTensor(const std::string& name) const { return readTensor(io(), name); }

void compareTensor(FixtureCaseResult& result, const FixtureCase& fixture, const std::string& name,
                   const torch::Tensor& actual, const torch::Tensor& expected,
                   const c10::optional<torch::Tensor>& select)
{
    if (actual.sizes() != expected.sizes()) {
        result.outcome = FixtureCaseResult::Outcome::Failed;
        std::ostringstream out;
        out << name << ": shape " << actual.sizes() << ", expected " << expected.sizes();
        result.detail = out.str();
        result.maxAbsError = std::numeric_limits<double>::infinity();
        return;
    }
    torch::Tensor a = actual.detach().to(torch::kCPU, torch::kFloat64);
    torch::Tensor e = expected.detach().to(torch::kCPU, torch::kFloat64);
    torch::Tensor diff = (a - e).abs();
    torch::Tensor excess = diff - (fixture.atol + fixture.rtol * e.abs());
    if (select) {
        torch::Tensor keep = select->to(torch::kCPU).to(torch::kBool).expand_as(diff);
        diff = diff.masked_select(keep);
        excess = excess.masked_select(keep);
    }
    if (diff.numel() == 0)
        return;
    // NaN anywhere counts as the largest possible error.
    const bool hasNan = diff.isnan().any().item<bool>();
    const double maxDiff = hasNan ? std::numeric_limits<double>::infinity() : diff.max().item<double>();
    const bool ok = !hasNan && excess.max().item<double>() <= 0.0;
    if (maxDiff >= result.maxAbsError) {
        result.maxAbsError = maxDiff;
        if (result.outcome != FixtureCaseResult::Outcome::Failed)
            result.detail = "worst: " + name;
    }
    if (!ok) {
        if (result.outcome != FixtureCaseResult::Outcome::Failed)
            result.detail.clear();
        result.outcome = FixtureCaseResult::Outcome::Failed;
        std::ostringstream out;
        out << (result.detail.empty() ? "" : "; ") << name << " exceeds the tolerance (max |diff| " << maxDiff << ")";
        result.detail += out.str();
    }
}

void compareExact(FixtureCaseResult& result, const std::string& name, const torch::Tensor& actual,
                  const torch::Tensor& expected)
{
    if (actual.sizes() != expected.sizes()) {
        std::ostringstream out;
        out << name << ": shape " << actual.sizes() << ", expected " << expected.sizes();
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail = out.str();
        return;
    }
    const int64_t wrong = actual.to(torch::kCPU, torch::kInt64).ne(expected.to(torch::kCPU, torch::kInt64)).sum().item<int64_t>();
    if (wrong > 0) {
        if (result.outcome != FixtureCaseResult::Outcome::Failed)
            result.detail.clear();
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail += (result.detail.empty() ? "" : "; ") + name + ": " + std::to_string(wrong) + " of " +
                         std::to_string(expected.numel()) + " differ";
    }
}

std::vector<std::string> knownFixtureKinds()
{
    std::vector<std::string> kinds;
    for (const auto& [kind, runner] : runners())
        kinds.push_back(kind);
    return kinds;
}

Result<std::vector<std::string>> findFixtureCases(const std::vector<std::string>& roots)
{
    std::vector<std::string> cases;
    for (const auto& root : roots) {
        std::error_code ec;
        if (!fs::is_directory(root, ec))
            return Status(ErrorCode::NotFound, root + ": not a folder");
        if (fs::is_regular_file(fs::path(root) / "case.json", ec))
            cases.push_back(fs::path(root).lexically_normal().string());
        for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec)
                break;
            if (it->is_directory(ec) && fs::is_regular_file(it->path() / "case.json", ec))
                cases.push_back(it->path().lexically_normal().string());
        }
    }
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    return cases;
}

FixtureCaseResult runFixtureCase(const std::string& folder, const FixtureCheckOptions& options)
{
    FixtureCaseResult result;
    result.folder = folder;
    auto caseJson = JsonConfig::load(folder + "/case.json");
    if (!caseJson) {
        result.detail = caseJson.status().message();
        return result;
    }
    const Status status = guarded(folder, [&]() -> Status {
        FixtureCase fixture{folder, caseJson.value(), options};
        result.kind = fixture.caseJson.getString("kind");
        fixture.atol = fixture.caseJson.getDouble("atol", 1e-4) * options.toleranceScale;
        fixture.rtol = fixture.caseJson.getDouble("rtol", 1e-4) * options.toleranceScale;
        result.tolerance = fixture.atol;
        auto runner = runners().find(result.kind);
        if (runner == runners().end())
            return Status(ErrorCode::UnsupportedFormat, "unknown fixture kind \"" + result.kind + "\"");
        auto device = resolveDeviceName(options.device);
        if (!device)
            return device.status();
        fixture.options.device = *device;
        torch::NoGradGuard noGrad;
        result.outcome = FixtureCaseResult::Outcome::Passed;
        runner->second(fixture, result);
        return Status::ok();
    });
    if (!status) {
        result.outcome = FixtureCaseResult::Outcome::Failed;
        result.detail = status.message();
    }
    return result;
}

} // namespace muse
