#include "check/FixtureCase.h"

#include "text/T5Encoder.h"
#include "util/LoadError.h"

namespace muse {

void runT5EncoderCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    auto model = loadT5Encoder(fixture.folder, fixture.device(), fixture.dtype());
    if (!model)
        throw LoadError(model.status());

    // The case names the variant it was made for; a config that disagrees means a mixed-up folder.
    const std::string expectedProj = fixture.caseJson.getString("feed_forward_proj", "");
    if (!expectedProj.empty() && expectedProj != (*model)->config().feedForwardProj)
        throw LoadError(ErrorCode::ConfigMismatch, fixture.file("config.json") + ": feed_forward_proj is \"" +
                                                       (*model)->config().feedForwardProj + "\" but case.json says \"" +
                                                       expectedProj + "\"");

    const torch::Tensor inputIds = fixture.ioTensor("input_ids");
    const torch::Tensor attentionMask = fixture.ioTensor("attention_mask");
    const torch::Tensor expected = fixture.ioTensor("last_hidden_state");
    const torch::Tensor actual = (*model)->forward(inputIds.to(fixture.device()), attentionMask.to(fixture.device()));

    // States at padding positions are unspecified (the reference computes them, but nothing reads them).
    const torch::Tensor real = attentionMask.ne(0).unsqueeze(-1);
    compareTensor(result, fixture, "last_hidden_state", actual, expected, real);
}

} // namespace muse
