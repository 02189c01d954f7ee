#include "jobs/RequestBuilder.h"

#include "document/Document.h"
#include "document/ImageConvert.h"
#include "history/HistoryStore.h"
#include "jobs/ErrorText.h"

#include <variant>

namespace muse::ui {

int RequestBuilder::roundUpToTokens(int pixels, int tokenSize)
{
    if (tokenSize <= 1)
        return pixels;
    return (pixels + tokenSize - 1) / tokenSize * tokenSize;
}

QPoint RequestBuilder::outpaintOrigin(QSize imageSize, QMargins margins, QSize resultSize, int tokenSize)
{
    const auto r = [](int v, int u) { return roundUpToTokens(v, u); };
    for (int unit = std::max(1, tokenSize); unit <= std::max(1, tokenSize) * 16; unit *= 2) {
        const QSize size(r(imageSize.width(), unit) + r(margins.left(), unit) + r(margins.right(), unit),
                         r(imageSize.height(), unit) + r(margins.top(), unit) + r(margins.bottom(), unit));
        if (size == resultSize)
            return QPoint(-r(margins.left(), unit), -r(margins.top(), unit));
    }
    return QPoint(-r(margins.left(), tokenSize), -r(margins.top(), tokenSize));
}

RequestBuilder::Built RequestBuilder::build(const AnyRequest& panelRequest, const Document& document,
                                            const ModelDescription& model, HistoryStore* inputs, quint64 jobId)
{
    Built built;
    Job& job = built.job;
    job.request = panelRequest;
    job.label = QString::fromStdString(requestSettings(panelRequest).prompt).simplified().left(120);
    job.sourceImage = document.image();
    // Image sides must be whole tokens of every stage (for Muse with super-res: of the base stage).
    const int tokenSize = std::max(1, model.sizeUnit);

    const bool needsImage = !std::holds_alternative<GenerateRequest>(panelRequest);
    if (needsImage && document.isEmpty()) {
        built.error = tr("Open or generate an image first.");
        return built;
    }
    const auto writeInput = [&](const QString& role, const QImage& image, int channels) -> std::string {
        if (!inputs)
            return {};
        return inputs->writeInput(jobId, role, image, channels).toStdString();
    };

    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, GenerateRequest>) {
                job.sourceImage = QImage();
                // The engine wants whole tokens; typed sizes snap to the nearest.
                const auto snap = [tokenSize](int v) { return v <= 0 ? 0 : std::max(tokenSize, (v + tokenSize / 2) / tokenSize * tokenSize); };
                r.width = snap(r.width);
                r.height = snap(r.height);
                const int w = r.width > 0 ? r.width : model.nativeWidth;
                const int h = r.height > 0 ? r.height : model.nativeHeight;
                if (w > 0 && h > 0)
                    job.expectedSize = QSize(w, h);
            } else if constexpr (std::is_same_v<T, InpaintRequest>) {
                if (!document.hasMask()) {
                    built.error = tr("Paint a mask over the part to regenerate first (brush: B).");
                    return;
                }
                r.image = toMuseImage(document.image(), 3);
                r.mask = toMuseImage(document.mask(), 1);
                r.imagePath = writeInput(QStringLiteral("image"), document.image(), 3);
                r.maskPath = writeInput(QStringLiteral("mask"), document.mask(), 1);
                job.expectedSize = document.imageSize();
            } else if constexpr (std::is_same_v<T, OutpaintRequest>) {
                const QMargins m = document.margins();
                if (m.isNull()) {
                    built.error = tr("Extend the canvas first: drag the handles on its edges or set the margins.");
                    return;
                }
                r.margins = Margins{m.left(), m.top(), m.right(), m.bottom()};
                r.image = toMuseImage(document.image(), 3);
                r.imagePath = writeInput(QStringLiteral("image"), document.image(), 3);
                const int left = roundUpToTokens(m.left(), tokenSize), top = roundUpToTokens(m.top(), tokenSize);
                job.resultOrigin = QPoint(-left, -top);
                job.expectedSize = QSize(document.imageSize().width() + left + roundUpToTokens(m.right(), tokenSize),
                                         document.imageSize().height() + top + roundUpToTokens(m.bottom(), tokenSize));
            } else {
                r.image = toMuseImage(document.image(), 3);
                r.imagePath = writeInput(QStringLiteral("image"), document.image(), 3);
                job.expectedSize = document.imageSize();
            }
        },
        job.request);
    if (!built.error.isEmpty())
        return built;
    const Status status = std::visit([](const auto& r) { return r.validate(); }, job.request);
    if (!status.isOk())
        built.error = ErrorText::describe(status);
    return built;
}

} // namespace muse::ui
