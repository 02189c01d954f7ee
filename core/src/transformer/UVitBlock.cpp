#include "transformer/UVitBlock.h"

namespace muse {

UVitBlockImpl::UVitBlockImpl(const UVitBlockOptions& o)
{
    if (o.downsample)
        downsample = register_module("downsample", UVitDownsample(o.channels, o.eps, o.elementwiseAffine, o.bias));
    res_blocks = register_module("res_blocks", torch::nn::ModuleList());
    attention_blocks = register_module("attention_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < o.numResBlocks; ++i) {
        m_resBlocks.push_back(ConvNextBlock(o.channels, o.eps, o.elementwiseAffine, o.bias, o.hiddenDropout, o.hiddenSize));
        res_blocks->push_back(m_resBlocks.back());
        m_attentionBlocks.push_back(SkipFFTransformerBlock(o.channels, o.heads, o.channels / o.heads, o.hiddenSize, o.bias,
                                                           o.attentionDropout, o.bias, o.bias));
        attention_blocks->push_back(m_attentionBlocks.back());
    }
    if (o.upsample)
        upsample = register_module("upsample", UVitUpsample(o.channels, o.eps, o.elementwiseAffine, o.bias));
}

UVitBlockImpl::TextKeyValues UVitBlockImpl::prepareText(const torch::Tensor& text)
{
    TextKeyValues out;
    for (auto& block : m_attentionBlocks)
        out.push_back(block->prepareText(text));
    return out;
}

torch::Tensor UVitBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& conditioning, const torch::Tensor& text)
{
    return forward(x, conditioning, prepareText(text));
}

torch::Tensor UVitBlockImpl::forward(const torch::Tensor& input, const torch::Tensor& conditioning,
                                     const TextKeyValues& text)
{
    TORCH_CHECK(text.size() == m_attentionBlocks.size(), "UVitBlock: text context has ", text.size(),
                " entries for ", m_attentionBlocks.size(), " attention blocks");
    torch::Tensor x = downsample ? downsample(input) : input;
    for (std::size_t i = 0; i < m_resBlocks.size(); ++i) {
        x = m_resBlocks[i](x, conditioning);
        const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        torch::Tensor tokens = x.reshape({b, c, h * w}).permute({0, 2, 1});
        tokens = m_attentionBlocks[i]->forward(tokens, text[i]);
        x = tokens.permute({0, 2, 1}).reshape({b, c, h, w});
    }
    return upsample ? upsample(x) : x;
}

} // namespace muse
