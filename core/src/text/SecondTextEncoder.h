#pragma once
// A Muse model's optional second text encoder (text_encoder/ is the first): a T5 encoder in
// text_encoder_2/ that reads the same tokenizer's pieces and is never trained with the image
// stages. The base transformer reads its states appended to the first encoder's along the
// features (its encoder_hidden_size is the sum of the two widths); the super-res transformer reads
// the first encoder's alone. `muse grow --second-text-encoder` adds one to a trained model with
// zero weights where the base transformer reads it, so the model computes what it did until the
// base stage is fine-tuned: a frozen encoder that keeps word order, beside a first encoder that
// joint training made a bag of words (docs/training.md, "Twenty-sixth session").
//
//   auto second = take(loadSecondTextEncoder(modelDir, device, torch::kFloat32));
//   torch::Tensor states = baseTextStates(t5->forward(ids, mask), second, ids, mask);

#include "muse/Status.h"
#include "text/T5Encoder.h"

#include <string>

namespace muse {

// text_encoder_2/ of a model folder; none when the folder has no text_encoder_2/config.json.
Result<c10::optional<T5EncoderModel>> loadSecondTextEncoder(const std::string& modelDir, torch::Device device,
                                                            torch::ScalarType dtype);

// The width the base transformer reads: the first encoder's d_model, plus the second's.
int64_t baseTextWidth(const T5EncoderModel& first, const c10::optional<T5EncoderModel>& second);

// The base transformer's text states: `firstStates` (B, L, d1) with the second encoder's states of
// the same ids (B, L, d2) appended, computed without gradients; `firstStates` itself without one.
torch::Tensor baseTextStates(const torch::Tensor& firstStates, const c10::optional<T5EncoderModel>& second,
                             const torch::Tensor& ids, const torch::Tensor& mask);

// Whether transformer/config.json's encoder_hidden_size (`baseWidth`) fits the encoders; the
// error names the file and both widths.
Status checkBaseTextWidth(const std::string& modelDir, int64_t baseWidth, const T5EncoderModel& first,
                          const c10::optional<T5EncoderModel>& second);

} // namespace muse
