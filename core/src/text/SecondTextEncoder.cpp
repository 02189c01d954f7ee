#include "text/SecondTextEncoder.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace muse {

Result<c10::optional<T5EncoderModel>> loadSecondTextEncoder(const std::string& modelDir, torch::Device device,
                                                            torch::ScalarType dtype)
{
    const fs::path folder = fs::path(modelDir) / "text_encoder_2";
    if (!fs::exists(folder / "config.json"))
        return c10::optional<T5EncoderModel>();
    auto encoder = loadT5Encoder(folder.string(), device, dtype);
    if (!encoder)
        return encoder.status();
    (*encoder)->eval();
    for (auto& p : (*encoder)->parameters())
        p.set_requires_grad(false);
    return c10::optional<T5EncoderModel>(*encoder);
}

int64_t baseTextWidth(const T5EncoderModel& first, const c10::optional<T5EncoderModel>& second)
{
    return first->config().dModel + (second ? (*second)->config().dModel : 0);
}

torch::Tensor baseTextStates(const torch::Tensor& firstStates, const c10::optional<T5EncoderModel>& second,
                             const torch::Tensor& ids, const torch::Tensor& mask)
{
    if (!second)
        return firstStates;
    torch::NoGradGuard noGrad;
    T5EncoderModel encoder = *second; // a holder sharing the module: forward() is not const
    const torch::Tensor states = encoder->forward(ids, mask).to(firstStates.scalar_type());
    return torch::cat({firstStates, states}, -1);
}

Status checkBaseTextWidth(const std::string& modelDir, int64_t baseWidth, const T5EncoderModel& first,
                          const c10::optional<T5EncoderModel>& second)
{
    const int64_t width = baseTextWidth(first, second);
    if (baseWidth == width)
        return Status();
    const std::string encoders = second ? "the text encoders' d_model " + std::to_string(first->config().dModel) + " + " +
                                              std::to_string((*second)->config().dModel) + " = " + std::to_string(width)
                                        : "the text encoder's d_model " + std::to_string(width);
    return Status(ErrorCode::ConfigMismatch, (fs::path(modelDir) / "transformer" / "config.json").string() +
                                                 ": encoder_hidden_size " + std::to_string(baseWidth) + " differs from " + encoders);
}

} // namespace muse
