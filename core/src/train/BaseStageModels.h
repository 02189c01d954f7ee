#pragma once
// The text side, base transformer and base VQ of a model folder of our Muse layout, in float32 and
// eval mode: what the base-stage diagnostics of `muse eval` read (TeacherForcedAccuracy.h,
// TextOrderProbe.h).

#include "muse/T5Tokenizer.h"
#include "text/T5Encoder.h"
#include "transformer/MuseTransformer.h"
#include "vq/VqModel.h"

#include <string>

namespace muse {

struct BaseStageModels {
    T5Tokenizer tokenizer;
    T5EncoderModel t5;
    c10::optional<T5EncoderModel> t5Second; // text_encoder_2/, when the model has one (SecondTextEncoder.h)
    MuseTransformer transformer;
    VqModel vq;
};

// Throws LoadError naming the file (call it inside guarded()).
BaseStageModels loadBaseStageModels(const std::string& modelDir, torch::Device device);

} // namespace muse
