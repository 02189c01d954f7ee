#include "train/CaptionBatcher.h"

namespace muse {

CaptionBatcher::CaptionBatcher(const T5Tokenizer& tokenizer, double dropProbability)
    : m_tokenizer(tokenizer), m_drop(dropProbability)
{
}

CaptionBatch CaptionBatcher::make(const std::vector<std::string>& captions, const std::vector<double>& draws,
                                  torch::Device device) const
{
    CaptionBatch batch;
    std::vector<std::vector<int64_t>> encoded;
    std::size_t length = 1;
    for (std::size_t i = 0; i < captions.size(); ++i) {
        const bool drop = i < draws.size() && draws[i] < m_drop;
        batch.dropped += drop ? 1 : 0;
        batch.droppedRows.push_back(drop);
        encoded.push_back(m_tokenizer.encode(drop ? std::string() : captions[i]));
        length = std::max(length, encoded.back().size());
    }
    const int64_t b = int64_t(captions.size()), l = int64_t(length);
    batch.ids = torch::full({b, l}, m_tokenizer.padId(), torch::kInt64);
    batch.mask = torch::zeros({b, l}, torch::kInt64);
    auto ids = batch.ids.accessor<int64_t, 2>();
    auto mask = batch.mask.accessor<int64_t, 2>();
    for (int64_t i = 0; i < b; ++i)
        for (std::size_t j = 0; j < encoded[std::size_t(i)].size(); ++j) {
            ids[i][int64_t(j)] = encoded[std::size_t(i)][j];
            mask[i][int64_t(j)] = 1;
        }
    batch.ids = batch.ids.to(device);
    batch.mask = batch.mask.to(device);
    return batch;
}

} // namespace muse
