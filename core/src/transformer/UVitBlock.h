#pragma once
// The U-ViT's convolutional stage (diffusers UVitBlock), used once before and once after the
// transformer layers: optional 2×2 downsample, then num_res_blocks × [ConvNeXt block, SkipFF
// cross-attention block on the flattened grid], then optional 2×2 upsample. NCHW in and out.

#include "transformer/ConvNextBlock.h"
#include "transformer/SkipFFTransformerBlock.h"
#include "transformer/UVitDownsample.h"
#include "transformer/UVitUpsample.h"

#include <vector>

namespace muse {

struct UVitBlockOptions {
    int64_t channels = 768;
    int64_t numResBlocks = 3;
    int64_t hiddenSize = 1024; // width of the conditioning vector and of the projected text
    double hiddenDropout = 0.0;
    bool elementwiseAffine = true;
    double eps = 1e-6;
    bool bias = false;
    int64_t heads = 12;
    double attentionDropout = 0.0;
    bool downsample = false;
    bool upsample = false;
};

class UVitBlockImpl : public torch::nn::Module {
public:
    using TextKeyValues = std::vector<SkipFFTransformerBlockImpl::TextKeyValues>;

    explicit UVitBlockImpl(const UVitBlockOptions& options);

    TextKeyValues prepareText(const torch::Tensor& text);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& conditioning, const torch::Tensor& text);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& conditioning, const TextKeyValues& text);

    UVitDownsample downsample{nullptr};
    torch::nn::ModuleList res_blocks{nullptr};
    torch::nn::ModuleList attention_blocks{nullptr};
    UVitUpsample upsample{nullptr};

private:
    std::vector<ConvNextBlock> m_resBlocks;
    std::vector<SkipFFTransformerBlock> m_attentionBlocks;
};
TORCH_MODULE(UVitBlock);

} // namespace muse
