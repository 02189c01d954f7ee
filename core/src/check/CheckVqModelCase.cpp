#include "check/FixtureCase.h"

#include "util/LoadError.h"
#include "vq/VqModel.h"

#include <iomanip>
#include <sstream>

namespace muse {

namespace {

// For every token whose id differs from the reference, how much farther our chosen code is from
// the latent vector than the reference's code is (float64 squared distances of OUR latents).
// A difference within 1e-5 (relative) means the two codes are equidistant up to rounding: the
// reference's cdist and ours ordered a near-tie differently, which is not a port error.
std::string explainIndexMismatches(VqModelImpl& vq, const torch::Tensor& latents, const torch::Tensor& actual,
                                   const torch::Tensor& expected, bool& allTies)
{
    const int64_t dim = latents.size(1);
    const torch::Tensor vectors = latents.permute({0, 2, 3, 1}).reshape({-1, dim}).to(torch::kCPU, torch::kFloat64);
    const torch::Tensor ours = actual.reshape({-1}).to(torch::kCPU, torch::kInt64);
    const torch::Tensor theirs = expected.reshape({-1}).to(torch::kCPU, torch::kInt64);
    const torch::Tensor wrong = ours.ne(theirs).nonzero().reshape({-1});
    const torch::Tensor distances = vq.quantizer->squaredDistances(vectors.index_select(0, wrong)).to(torch::kCPU);
    std::ostringstream out;
    allTies = true;
    const int64_t shown = std::min<int64_t>(wrong.numel(), 5);
    for (int64_t i = 0; i < wrong.numel(); ++i) {
        const int64_t pos = wrong[i].item<int64_t>();
        const int64_t a = ours[pos].item<int64_t>(), e = theirs[pos].item<int64_t>();
        const double da = std::sqrt(distances[i][a].item<double>()), de = std::sqrt(distances[i][e].item<double>());
        const double relative = std::fabs(da - de) / std::max(de, 1e-12);
        allTies = allTies && relative <= 1e-5;
        if (i < shown)
            out << (i ? "; " : "") << "token " << pos << ": ours " << a << " (|z−e| " << std::setprecision(9) << da
                << "), reference " << e << " (" << de << "), relative gap " << std::setprecision(3) << relative;
    }
    return out.str();
}

} // namespace

// kind "vqmodel": latents after quant_conv, token ids (nearest code, compared exactly), and the
// image decoded from the reference ids.
void runVqModelCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    auto loaded = loadVqModel(fixture.folder, fixture.device(), fixture.dtype());
    if (!loaded)
        throw LoadError(loaded.status());
    VqModel vq = *loaded;
    if (fixture.caseJson.has("downscale") && fixture.caseJson.getInt("downscale") != vq->downscaleFactor())
        throw LoadError(ErrorCode::ConfigMismatch, "case.json downscale " +
                                                       std::to_string(fixture.caseJson.getInt("downscale")) +
                                                       " but the config gives " + std::to_string(vq->downscaleFactor()));

    const auto device = fixture.device();
    const torch::Tensor image = fixture.ioTensor("image").to(device);
    const torch::Tensor expectedIndices = fixture.ioTensor("indices");

    const torch::Tensor latents = vq->encode(image);
    compareTensor(result, fixture, "latents", latents, fixture.ioTensor("latents"));

    const torch::Tensor indices = vq->quantize(latents);
    std::string tieNote;
    if (indices.sizes() == expectedIndices.sizes()) {
        const int64_t wrong = indices.to(torch::kCPU).ne(expectedIndices).sum().item<int64_t>();
        if (wrong > 0) {
            bool allTies = false;
            const std::string why = explainIndexMismatches(*vq, latents, indices, expectedIndices, allTies);
            if (allTies)
                tieNote = "indices: " + std::to_string(wrong) + " of " + std::to_string(expectedIndices.numel()) +
                          " differ only by equidistant codes (within 1e-5): " + why;
            else
                tieNote = "indices: " + why;
        }
        if (tieNote.empty() || tieNote.find("equidistant") == std::string::npos)
            compareExact(result, "indices", indices, expectedIndices);
    } else {
        compareExact(result, "indices", indices, expectedIndices);
    }

    // Decode the reference ids so a near-tie above cannot hide a decoder error.
    const torch::Tensor decoded = vq->decodeIndices(expectedIndices.to(device));
    compareTensor(result, fixture, "decoded", decoded, fixture.ioTensor("decoded"));
    // Last, so no later comparison overwrites it: a near-tie passes but is always reported.
    if (!tieNote.empty())
        result.detail += (result.detail.empty() ? "" : "; ") + tieNote;
}

} // namespace muse
