#include "transformer/ConvNextBlock.h"

namespace muse {

ConvNextBlockImpl::ConvNextBlockImpl(int64_t channels, double eps, bool elementwiseAffine, bool bias, double dropout,
                                     int64_t conditioningDim, int64_t ffnFactor)
{
    const int64_t wide = channels * ffnFactor;
    depthwise = register_module(
        "depthwise", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).groups(channels).bias(bias)));
    norm = register_module("norm", RMSNorm(channels, eps, elementwiseAffine));
    channelwise_linear_1 =
        register_module("channelwise_linear_1", torch::nn::Linear(torch::nn::LinearOptions(channels, wide).bias(bias)));
    channelwise_norm = register_module("channelwise_norm", GlobalResponseNorm(wide));
    channelwise_linear_2 =
        register_module("channelwise_linear_2", torch::nn::Linear(torch::nn::LinearOptions(wide, channels).bias(bias)));
    channelwise_dropout = register_module("channelwise_dropout", torch::nn::Dropout(dropout));
    cond_embeds_mapper = register_module(
        "cond_embeds_mapper", torch::nn::Linear(torch::nn::LinearOptions(conditioningDim, 2 * channels).bias(bias)));
}

torch::Tensor ConvNextBlockImpl::forward(const torch::Tensor& input, const torch::Tensor& conditioning)
{
    torch::Tensor x = depthwise(input).permute({0, 2, 3, 1});
    x = norm(x);
    x = torch::gelu(channelwise_linear_1(x));
    x = channelwise_norm(x);
    x = channelwise_dropout(channelwise_linear_2(x));
    x = x.permute({0, 3, 1, 2}) + input;
    const auto parts = cond_embeds_mapper(torch::silu(conditioning)).chunk(2, 1);
    return x * (1 + parts[0]).unsqueeze(-1).unsqueeze(-1) + parts[1].unsqueeze(-1).unsqueeze(-1);
}

} // namespace muse
