#pragma once
// The text side: a SentencePiece model trained (by sentencepiece's own trainer) on the captions
// of the training scenes, and a small T5 encoder initialised from scratch. The encoder is then
// trained jointly with the base transformer through the Muse objective (BaseTrainer): with
// captions this regular, the masked-token loss alone teaches it everything the transformer needs
// (colour, shape, count, position words), and nothing pretrained can be downloaded here.

#include "muse/Training.h"

namespace muse {

class TextTrainer {
public:
    explicit TextTrainer(TrainOptions options);
    Result<TrainSummary> run(const TrainLogCallback& log);

private:
    TrainOptions m_options;
};

} // namespace muse
