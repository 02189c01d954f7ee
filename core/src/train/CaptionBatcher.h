#pragma once
// Captions → padded T5 input ids and attention mask, with classifier-free-guidance dropout: each
// caption is replaced by the empty prompt with probability p (model-spec §1.2: text is DROPPED
// with probability p — the shipped open-muse scripts invert this). The empty prompt is encoded
// exactly as the engine encodes it for the unconditional branch (just EOS), so guidance at
// inference contrasts with what training saw.

#include "muse/T5Tokenizer.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace muse {

struct CaptionBatch {
    torch::Tensor ids;  // (B, L) int64, padded with the pad id
    torch::Tensor mask; // (B, L) int64, 1 = token
    int dropped = 0;
    std::vector<bool> droppedRows; // per caption: replaced by the empty prompt
    // Base stage with a second text encoder (TrainOptions::firstTextDropout): per caption, whether
    // the first encoder's states are zeroed; empty = none. Set by the trainer, not by make().
    std::vector<bool> firstTextDropped;
};

class CaptionBatcher {
public:
    CaptionBatcher(const T5Tokenizer& tokenizer, double dropProbability);
    // `draws[i]` in [0, 1): caption i is dropped when draws[i] < p.
    CaptionBatch make(const std::vector<std::string>& captions, const std::vector<double>& draws,
                      torch::Device device) const;

private:
    const T5Tokenizer& m_tokenizer;
    double m_drop;
};

} // namespace muse
