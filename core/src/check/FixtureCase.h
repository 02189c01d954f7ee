#pragma once
// What a fixture-kind runner gets, and the comparison it reports through (core-internal).

#include "muse/FixtureCheck.h"
#include "muse/SafeTensors.h"
#include "io/JsonConfig.h"

#include <torch/torch.h>

namespace muse {

struct FixtureCase {
    std::string folder;
    JsonConfig caseJson; // case.json
    FixtureCheckOptions options;
    double atol = 1e-4;
    double rtol = 1e-4;

    std::string file(const std::string& name) const { return folder + "/" + name; }
    torch::Device device() const { return torch::Device(options.device); }
    torch::ScalarType dtype() const;
    // io.safetensors, opened on first use; throws LoadError when it cannot be read.
    const TensorArchive& io() const;
    torch::Tensor ioTensor(const std::string& name) const;

    mutable std::shared_ptr<TensorArchive> ioCache;
};

// allclose-style check |actual − expected| ≤ atol + rtol·|expected| on the positions where
// `select` (broadcastable bool tensor, optional) is true. Updates maxAbsError, and marks the
// result failed with the tensor's name when the check fails.
void compareTensor(FixtureCaseResult& result, const FixtureCase& fixture, const std::string& name,
                   const torch::Tensor& actual, const torch::Tensor& expected,
                   const c10::optional<torch::Tensor>& select = c10::nullopt);
// Exact comparison of integer tensors (token ids, indices): reports the count that differ.
void compareExact(FixtureCaseResult& result, const std::string& name, const torch::Tensor& actual,
                  const torch::Tensor& expected);

// One runner per kind; each fills `result` (outcome starts as Passed).
void runT5EncoderCase(const FixtureCase& fixture, FixtureCaseResult& result);
void runClipTextCase(const FixtureCase& fixture, FixtureCaseResult& result);
void runClipTokenizerCase(const FixtureCase& fixture, FixtureCaseResult& result);
void runVqModelCase(const FixtureCase& fixture, FixtureCaseResult& result);
void runUVit2DCase(const FixtureCase& fixture, FixtureCaseResult& result);
void runAmusedScheduleCase(const FixtureCase& fixture, FixtureCaseResult& result);

} // namespace muse
