#include "vq/VqModel.h"

#include "io/WeightLoader.h"
#include "util/LoadError.h"

namespace muse {

VqModelImpl::VqModelImpl(const VqConfig& c) : m_config(c)
{
    encoder = register_module("encoder", VqEncoder(c));
    quant_conv = register_module("quant_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.latentChannels, c.vqEmbedDim, 1)));
    quantizer = register_module("quantize", VectorQuantizer(c.numVqEmbeddings, c.vqEmbedDim));
    post_quant_conv =
        register_module("post_quant_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.vqEmbedDim, c.latentChannels, 1)));
    decoder = register_module("decoder", VqDecoder(c));
}

torch::Tensor VqModelImpl::encode(const torch::Tensor& image)
{
    TORCH_CHECK(image.dim() == 4 && image.size(1) == m_config.inChannels, "VqModel: image must be (B, ",
                m_config.inChannels, ", H, W), got ", image.sizes());
    const torch::Tensor x = image.to(encoderDtype());
    const int64_t tile = m_config.encoderTileTokens * downscaleFactor();
    if (tile <= 0)
        return quant_conv(encoder(x));
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    TORCH_CHECK(h % tile == 0 && w % tile == 0, "VqModel: a tiled encoder needs image sides that are multiples of ",
                tile, " pixels, got ", h, "×", w);
    const int64_t rows = h / tile, columns = w / tile;
    const torch::Tensor tiles =
        x.reshape({b, c, rows, tile, columns, tile}).permute({0, 2, 4, 1, 3, 5}).reshape({b * rows * columns, c, tile, tile});
    const torch::Tensor z = quant_conv(encoder(tiles));
    const int64_t d = z.size(1), t = z.size(2);
    return z.reshape({b, rows, columns, d, t, t}).permute({0, 3, 1, 4, 2, 5}).reshape({b, d, rows * t, columns * t});
}

torch::Tensor VqModelImpl::quantize(const torch::Tensor& latents) { return quantizer->nearestCodes(latents); }

torch::Tensor VqModelImpl::decodeIndices(const torch::Tensor& indices) { return decodeQuantized(quantizer->lookup(indices)); }

torch::Tensor VqModelImpl::decodeQuantized(const torch::Tensor& quantized)
{
    const torch::ScalarType dtype = post_quant_conv->weight.scalar_type();
    return decoder(post_quant_conv(quantized.to(dtype)));
}

void VqModelImpl::setComputeDtype(torch::ScalarType dtype)
{
    const torch::ScalarType encoderType = m_config.forceUpcast ? torch::kFloat32 : dtype;
    encoder->to(encoderType);
    quant_conv->to(encoderType);
    quantizer->to(torch::kFloat32);
    post_quant_conv->to(torch::kFloat32);
    decoder->to(torch::kFloat32);
}

Result<VqModel> buildVqModel(const JsonConfig& config)
{
    return guarded(config.path(), [&]() -> Result<VqModel> { return VqModel(VqConfig::fromJson(config)); });
}

Result<VqModel> loadVqModel(const std::string& folder, const torch::Device& device, torch::ScalarType dtype)
{
    return guarded(folder, [&]() -> Result<VqModel> {
        auto json = JsonConfig::load(folder + "/config.json");
        if (!json)
            return json.status();
        auto model = buildVqModel(*json);
        if (!model)
            return model.status();
        auto archive = TensorArchive::openFolder(folder);
        if (!archive)
            return archive.status();
        MUSE_RETURN_IF_ERROR(loadModuleWeights(**model, *archive));
        (*model)->to(device);
        (*model)->setComputeDtype(dtype);
        (*model)->eval();
        return model;
    });
}

} // namespace muse
