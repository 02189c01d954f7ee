#pragma once
// muse::Image ↔ float image tensors (1, 3, H, W) in [0, 1] on a device, and resizing.

#include "muse/Image.h"

#include <torch/torch.h>

namespace muse {

torch::Tensor imageToTensor(const Image& image, torch::Device device); // RGB(A) → (1, 3, H, W) float32 [0, 1]
Image tensorToImage(const torch::Tensor& image);                        // (1 or 3, H, W) or (1, 3, H, W), clipped, rounded
Image resizeImage(const Image& image, int width, int height);           // area average down, cubic up
Image toRgb(const Image& image);                                        // drops alpha / expands gray
Image toGray(const Image& image);                                       // 1 channel (first channel of RGB)

} // namespace muse
