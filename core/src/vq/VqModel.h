#pragma once
// The VQ-GAN tokenizer, weight-compatible with diffusers' VQModel as aMUSEd uses it (model-spec
// §2.5): encoder + quant_conv → latents, nearest codebook entry → token ids, and token ids →
// codebook vectors → post_quant_conv → decoder → image. Images are whatever range the weights
// were trained on: [0, 1] for aMUSEd (the module does not normalise or clamp).
//
//   auto vq = loadVqModel("amused-256/vqvae", torch::kCUDA, torch::kBFloat16);
//   torch::Tensor ids = (*vq)->encodeToIndices(image);   // (B, H/16, W/16)
//   torch::Tensor image = (*vq)->decodeIndices(ids);     // float32, (B, 3, H, W)
//
// Precision: the decoder (with post_quant_conv and the codebook) always runs in float32 — fp16
// overflows to NaN there (diffusers PR #5437, force_upcast). The encoder follows the requested
// dtype only when the config's force_upcast is false (aMUSEd: true, so everything stays float32).

#include "muse/Status.h"
#include "vq/VectorQuantizer.h"
#include "vq/VqConfig.h"
#include "vq/VqDecoder.h"
#include "vq/VqEncoder.h"

namespace muse {

class VqModelImpl : public torch::nn::Module {
public:
    explicit VqModelImpl(const VqConfig& config);

    // image (B, in_channels, H, W) → latents (B, vq_embed_dim, h, w) after quant_conv.
    torch::Tensor encode(const torch::Tensor& image);
    // latents → token ids (B, h, w) int64 (nearest codebook entry).
    torch::Tensor quantize(const torch::Tensor& latents);
    torch::Tensor encodeToIndices(const torch::Tensor& image) { return quantize(encode(image)); }
    // token ids (B, h, w) → image (B, out_channels, h·f, w·f), float32.
    torch::Tensor decodeIndices(const torch::Tensor& indices);
    // codebook vectors (B, vq_embed_dim, h, w) → image, float32.
    torch::Tensor decodeQuantized(const torch::Tensor& quantized);

    // Puts the encoder side in `dtype` where the config allows it (see above); the decoder side
    // stays float32. Call after moving the module to its device.
    void setComputeDtype(torch::ScalarType dtype);
    torch::ScalarType encoderDtype() const { return quant_conv->weight.scalar_type(); }

    const VqConfig& config() const { return m_config; }
    int64_t downscaleFactor() const { return m_config.downscaleFactor(); }
    int64_t codebookSize() const { return m_config.numVqEmbeddings; }

    VqEncoder encoder{nullptr};
    torch::nn::Conv2d quant_conv{nullptr};
    VectorQuantizer quantizer{nullptr}; // registered under its checkpoint name "quantize"
    torch::nn::Conv2d post_quant_conv{nullptr};
    VqDecoder decoder{nullptr};

private:
    VqConfig m_config;
};
TORCH_MODULE(VqModel);

Result<VqModel> buildVqModel(const JsonConfig& config);
// Loads `folder`/config.json and its safetensors weights onto `device` in eval mode; `dtype` is
// the precision asked for (see the precision note above).
Result<VqModel> loadVqModel(const std::string& folder, const torch::Device& device, torch::ScalarType dtype);

} // namespace muse
