#include "check/FixtureCase.h"

#include "text/ClipTextModel.h"
#include "util/LoadError.h"

namespace muse {

void runClipTextCase(const FixtureCase& fixture, FixtureCaseResult& result)
{
    auto model = loadClipTextModel(fixture.folder, fixture.device(), fixture.dtype());
    if (!model)
        throw LoadError(model.status());
    const torch::Tensor inputIds = fixture.ioTensor("input_ids").to(fixture.device(), torch::kLong);
    const ClipTextOutput out = (*model)->forward(inputIds);

    // aMUSEd's two conditioning tensors first, then the final states they derive from.
    if (out.textEmbeds.defined())
        compareTensor(result, fixture, "text_embeds", out.textEmbeds, fixture.ioTensor("text_embeds"));
    else if (fixture.io().find("text_embeds"))
        throw LoadError(ErrorCode::ConfigMismatch,
                        "the fixture expects text_embeds but the model has no text_projection");
    compareTensor(result, fixture, "penultimate_hidden_state", out.penultimateHiddenState,
                  fixture.ioTensor("penultimate_hidden_state"));
    compareTensor(result, fixture, "last_hidden_state", out.lastHiddenState, fixture.ioTensor("last_hidden_state"));
}

} // namespace muse
