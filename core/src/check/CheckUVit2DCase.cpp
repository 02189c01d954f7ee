#include "check/FixtureCase.h"

#include "transformer/UVit2DModel.h"
#include "util/LoadError.h"

namespace muse {

// kind "uvit2d": logits of a diffusers UVit2DModel. The case is run twice — with the text
// context prepared once (as the sampler uses it) and with every cross-attention projecting the
// text itself — and both must match.
void runUVit2DCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    auto model = loadUVit2DModel(fixture.folder, fixture.device(), fixture.dtype());
    if (!model)
        throw LoadError(model.status());
    const int64_t maskId = fixture.caseJson.getInt("mask_token_id", (*model)->maskTokenId());
    if (maskId != (*model)->maskTokenId())
        throw LoadError(ErrorCode::ConfigMismatch, "case.json mask_token_id " + std::to_string(maskId) +
                                                       " is not vocab_size − 1 = " +
                                                       std::to_string((*model)->maskTokenId()));

    const auto device = fixture.device();
    const torch::Tensor inputIds = fixture.ioTensor("input_ids").to(device, torch::kInt64);
    const torch::Tensor hidden = fixture.ioTensor("encoder_hidden_states").to(device, fixture.dtype());
    const torch::Tensor pooled = fixture.ioTensor("pooled_text_emb").to(device, fixture.dtype());
    const torch::Tensor micro = fixture.ioTensor("micro_conds").to(device, torch::kFloat32);
    const torch::Tensor expected = fixture.ioTensor("logits");

    const UVit2DTextContext context = (*model)->prepareText(hidden, pooled, micro);
    compareTensor(result, fixture, "logits (prepared text context)", (*model)->forward(inputIds, context), expected);
    compareTensor(result, fixture, "logits (text projected per layer)", (*model)->forward(inputIds, hidden, pooled, micro),
                  expected);
}

} // namespace muse
