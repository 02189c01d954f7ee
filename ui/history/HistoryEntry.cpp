#include "history/HistoryEntry.h"

#include "muse/Requests.h"

#include <variant>

namespace muse::ui {

QString HistoryEntry::requestJson() const
{
    auto it = metadata.find("muse");
    return it == metadata.end() ? QString() : QString::fromStdString(it->second);
}

QImage HistoryEntry::loadImage() const
{
    if (path.isEmpty())
        return unsavedImage;
    QImage image(path);
    return image.isNull() ? unsavedImage : image.convertToFormat(QImage::Format_RGB888);
}

QString HistoryEntry::prompt() const
{
    const auto request = requestFromJson(requestJson().toStdString());
    return request ? QString::fromStdString(requestSettings(*request).prompt) : QString();
}

} // namespace muse::ui

namespace muse::ui {

bool HistoryEntry::isGeneration() const
{
    const auto request = requestFromJson(requestJson().toStdString());
    return request && std::holds_alternative<GenerateRequest>(*request);
}

} // namespace muse::ui
