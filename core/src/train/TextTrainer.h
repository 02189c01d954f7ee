#pragma once
// The text side: a SentencePiece model trained (by sentencepiece's own trainer) on the captions
// of the training scenes, and a small T5 encoder initialised from scratch (nothing pretrained can
// be downloaded here), optionally pretrained on the captions (--text-pretrain-steps) and then kept
// frozen by the base stage (--freeze-text); trained only jointly with the base transformer it
// became a bag of words. With --init-from-model the folder's tokenizer (and encoder, unless
// --text-fresh-encoder) are pretrained further instead, optionally held to the states a base stage
// was trained on (--text-keep-states).

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
    // embedding as the output layer (no new weights to ship), plus, from every visible piece's state,
    // its neighbours two and one before and after (training-only heads). Masked-language modelling
    // alone left each visible word's state its own (the states of a caption and its colour-swapped
    // twin differed by 3 %): a caption's colours are random, so nothing asked "heart" to know it is
    // white. The neighbour terms do, which is the binding the base stage needs and, trained only
    // through the image loss, the encoder lost (docs/training.md, "Eighteenth session").
    // With --text-placement, two more heads read from every piece's state the row and column its
    // caption gives the piece's object (CaptionPlacement.h): the neighbour terms reach two pieces,
    // so "a yellow cross" after "above" never had to know it is the lower one.
    // With `teacher` (--text-keep-states, the encoder as it was loaded): its states on clean captions
    // and the empty prompt are a target too, so that the base stage already trained on them still
    // reads the pretrained encoder.
    void pretrainMaskedLanguageModel(T5EncoderModelImpl& t5, const T5Tokenizer& tokenizer, const std::vector<std::string>& corpus,
                                     T5EncoderModelImpl* teacher, const TrainLogCallback& log) const;
    TrainOptions m_options;
};

} // namespace muse
