#pragma once
// The text side: a SentencePiece model trained (by sentencepiece's own trainer) on the captions
// of the training scenes, and a small T5 encoder initialised from scratch. The encoder is then
// trained jointly with the base transformer through the Muse objective (BaseTrainer): with
// captions this regular, the masked-token loss alone teaches it everything the transformer needs
// (colour, shape, count, position words), and nothing pretrained can be downloaded here.

#include "muse/T5Tokenizer.h"
#include "muse/Training.h"
#include "text/T5Encoder.h"

namespace muse {

class TextTrainer {
public:
    explicit TextTrainer(TrainOptions options);
    Result<TrainSummary> run(const TrainLogCallback& log);

private:
    // --text-pretrain-steps: BERT-style masked-language modelling of the captions, the T5's tied
    // embedding as the output layer (no new weights to ship). Predicting a hidden piece needs its
    // neighbours (a word's other pieces, the template around it), so the encoder must keep word order,
    // which trained only through the image loss it lost (docs/training.md, "Eighteenth session").
    void pretrainMaskedLanguageModel(T5EncoderModelImpl& t5, const T5Tokenizer& tokenizer, const std::vector<std::string>& corpus,
                                     const TrainLogCallback& log) const;
    TrainOptions m_options;
};

} // namespace muse
