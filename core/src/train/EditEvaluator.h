#pragma once
// `muse eval --task edit|inpaint|outpaint`: do the engine's editing modes follow their prompts and
// leave the rest alone? Each scene of the training distribution is rendered at the model's size.
//  - edit: one group of its objects (every object of one colour–shape pair) gets a new colour (even
//    scenes) or a new shape (odd scenes), always a pair training shows, in the caption only; the
//    engine's mask-free edit of the render is judged against the changed scene.
//  - inpaint: the same change, with a mask over the changed objects' bounding squares (and 8 px).
//  - outpaint: the half of the image on the side with the most whole objects is cut off, and the
//    outpainted image judged against the whole scene: those objects must come from the caption
//    alone (scenes with no object wholly in one half are skipped).
// Beside the judged attributes, for edit and inpaint: how many pixels away from the changed objects
// kept their exact value, and how many stayed within 16 levels of it.
// With EditInput::Generated the input is the model's own image of the scene's caption (a user's
// generate-then-edit); inputs the detector does not read as the scene are skipped, and the change,
// the inpaint mask and the outpainted side follow the objects where the image has them.

#include "muse/Training.h"

namespace muse {

class EditEvaluator {
public:
    explicit EditEvaluator(EvalOptions options);
    Result<EvalSummary> run(const TrainLogCallback& log);

private:
    EvalOptions m_options;
};

} // namespace muse
