#include "transformer/UVit2DModel.h"

#include "io/ComponentLoader.h"
#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

namespace {

UVitBlockImpl::TextKeyValues selectRows(const UVitBlockImpl::TextKeyValues& kv, const torch::Tensor& index)
{
    UVitBlockImpl::TextKeyValues out;
    for (const auto& pair : kv)
        out.push_back({pair[0].indexSelect(index), pair[1].indexSelect(index)});
    return out;
}

UVitBlockOptions blockOptions(const UVit2DConfig& c, bool downsample, bool upsample)
{
    UVitBlockOptions o;
    o.channels = c.blockOutChannels;
    o.numResBlocks = c.numResBlocks;
    o.hiddenSize = c.hiddenSize;
    o.hiddenDropout = c.hiddenDropout;
    o.elementwiseAffine = c.lnElementwiseAffine;
    o.eps = c.layerNormEps;
    o.bias = c.useBias;
    o.heads = c.blockNumHeads;
    o.attentionDropout = c.attentionDropout;
    o.downsample = downsample;
    o.upsample = upsample;
    return o;
}

} // namespace

UVit2DTextContext UVit2DTextContext::indexSelect(const torch::Tensor& index) const
{
    UVit2DTextContext out;
    out.conditioning = conditioning.index_select(0, index);
    out.downBlock = selectRows(downBlock, index);
    out.upBlock = selectRows(upBlock, index);
    for (const auto& kv : layers)
        out.layers.push_back(kv.indexSelect(index));
    return out;
}

UVit2DModelImpl::UVit2DModelImpl(const UVit2DConfig& c) : m_config(c)
{
    const bool bias = c.useBias;
    encoder_proj = register_module(
        "encoder_proj", torch::nn::Linear(torch::nn::LinearOptions(c.encoderHiddenSize, c.hiddenSize).bias(bias)));
    encoder_proj_layer_norm =
        register_module("encoder_proj_layer_norm", RMSNorm(c.hiddenSize, c.layerNormEps, c.lnElementwiseAffine));
    embed = register_module("embed", UVit2DConvEmbed(c.inChannels, c.blockOutChannels, c.vocabSize,
                                                     c.lnElementwiseAffine, c.layerNormEps, bias));
    cond_embed = register_module("cond_embed", TimestepEmbedding(c.microCondEmbedDim + c.condEmbedDim, c.hiddenSize, bias));
    down_block = register_module("down_block", UVitBlock(blockOptions(c, c.downsample, false)));
    project_to_hidden_norm =
        register_module("project_to_hidden_norm", RMSNorm(c.blockOutChannels, c.layerNormEps, c.lnElementwiseAffine));
    project_to_hidden = register_module(
        "project_to_hidden", torch::nn::Linear(torch::nn::LinearOptions(c.blockOutChannels, c.hiddenSize).bias(bias)));

    BasicTransformerBlockOptions layer;
    layer.dim = c.hiddenSize;
    layer.heads = c.numAttentionHeads;
    layer.headDim = c.hiddenSize / c.numAttentionHeads;
    layer.crossAttentionDim = c.hiddenSize;
    layer.conditioningDim = c.hiddenSize;
    layer.ffInnerDim = c.intermediateSize;
    layer.dropout = c.hiddenDropout;
    layer.eps = c.layerNormEps;
    layer.elementwiseAffine = c.lnElementwiseAffine;
    layer.bias = bias;
    transformer_layers = register_module("transformer_layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.numHiddenLayers; ++i) {
        m_layers.push_back(BasicTransformerBlock(layer));
        transformer_layers->push_back(m_layers.back());
    }

    project_from_hidden_norm =
        register_module("project_from_hidden_norm", RMSNorm(c.hiddenSize, c.layerNormEps, c.lnElementwiseAffine));
    project_from_hidden = register_module(
        "project_from_hidden", torch::nn::Linear(torch::nn::LinearOptions(c.hiddenSize, c.blockOutChannels).bias(bias)));
    up_block = register_module("up_block", UVitBlock(blockOptions(c, false, c.upsample)));
    mlm_layer = register_module("mlm_layer", ConvMlmLayer(c.blockOutChannels, c.inChannels, bias, c.lnElementwiseAffine,
                                                          c.layerNormEps, c.codebookSize));
}

torch::Tensor UVit2DModelImpl::projectText(const torch::Tensor& encoderHiddenStates)
{
    return encoder_proj_layer_norm(encoder_proj(encoderHiddenStates.to(dtype())));
}

torch::Tensor UVit2DModelImpl::conditioningVector(const torch::Tensor& pooledTextEmb, const torch::Tensor& microConds)
{
    const int64_t batch = pooledTextEmb.size(0);
    TORCH_CHECK(microConds.dim() == 2 && microConds.size(0) == batch && microConds.size(1) == 5,
                "UVit2DModel: micro_conds must be (B, 5), got ", microConds.sizes());
    // The sinusoidal micro-conditioning is computed in float32 and concatenated after the pooled
    // text embedding (model-spec §7.6); the concatenation is then cast to the model dtype.
    const torch::Tensor micro =
        sinusoidalEmbedding(microConds.flatten(), m_config.microCondEncodeDim, /*flipSinToCos=*/true, 0.0)
            .reshape({batch, -1});
    const torch::Tensor joined = torch::cat({pooledTextEmb.to(torch::kFloat32), micro}, 1).to(dtype());
    return cond_embed(joined);
}

UVit2DTextContext UVit2DModelImpl::prepareText(const torch::Tensor& encoderHiddenStates,
                                               const torch::Tensor& pooledTextEmb, const torch::Tensor& microConds)
{
    UVit2DTextContext context;
    const torch::Tensor text = projectText(encoderHiddenStates);
    context.conditioning = conditioningVector(pooledTextEmb, microConds);
    context.downBlock = down_block->prepareText(text);
    for (auto& layer : m_layers)
        context.layers.push_back(layer->prepareText(text));
    context.upBlock = up_block->prepareText(text);
    return context;
}

torch::Tensor UVit2DModelImpl::forward(const torch::Tensor& inputIds, const UVit2DTextContext& text)
{
    TORCH_CHECK(text.layers.size() == m_layers.size(), "UVit2DModel: the text context belongs to another model");
    return run(inputIds, text.conditioning, nullptr, &text);
}

torch::Tensor UVit2DModelImpl::forward(const torch::Tensor& inputIds, const torch::Tensor& encoderHiddenStates,
                                       const torch::Tensor& pooledTextEmb, const torch::Tensor& microConds)
{
    const torch::Tensor text = projectText(encoderHiddenStates);
    return run(inputIds, conditioningVector(pooledTextEmb, microConds), &text, nullptr);
}

torch::Tensor UVit2DModelImpl::run(const torch::Tensor& inputIds, const torch::Tensor& conditioning,
                                   const torch::Tensor* text, const UVit2DTextContext* context)
{
    TORCH_CHECK(inputIds.dim() == 3, "UVit2DModel: input_ids must be (B, h, w), got ", inputIds.sizes());
    TORCH_CHECK(conditioning.size(0) == inputIds.size(0), "UVit2DModel: ", inputIds.size(0), " images but ",
                conditioning.size(0), " text conditions");
    torch::Tensor x = embed(inputIds);
    x = text ? down_block->forward(x, conditioning, *text) : down_block->forward(x, conditioning, context->downBlock);

    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    torch::Tensor tokens = x.permute({0, 2, 3, 1}).reshape({b, h * w, c});
    tokens = project_to_hidden(project_to_hidden_norm(tokens));
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        tokens = text ? m_layers[i]->forward(tokens, *text, conditioning)
                      : m_layers[i]->forward(tokens, context->layers[i], conditioning);
    tokens = project_from_hidden(project_from_hidden_norm(tokens));

    x = tokens.reshape({b, h, w, c}).permute({0, 3, 1, 2});
    x = text ? up_block->forward(x, conditioning, *text) : up_block->forward(x, conditioning, context->upBlock);
    return mlm_layer(x);
}

Result<UVit2DModel> buildUVit2DModel(const JsonConfig& config)
{
    return guarded(config.path(), [&]() -> Result<UVit2DModel> { return UVit2DModel(UVit2DConfig::fromJson(config)); });
}

Result<UVit2DModel> loadUVit2DModel(const std::string& folder, const torch::Device& device, torch::ScalarType dtype)
{
    return loadComponent<UVit2DModel>(folder, device, dtype, [](const JsonConfig& json) { return buildUVit2DModel(json); });
}

} // namespace muse
