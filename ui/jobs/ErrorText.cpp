#include "jobs/ErrorText.h"

namespace muse::ui {

QString ErrorText::describe(const Status& status)
{
    QString headline;
    switch (status.code()) {
    case ErrorCode::Ok: return {};
    case ErrorCode::InvalidArgument: headline = tr("A setting is out of range."); break;
    case ErrorCode::NotFound: headline = tr("A file or folder was not found."); break;
    case ErrorCode::IoError: headline = tr("Reading or writing a file failed."); break;
    case ErrorCode::CorruptFile: headline = tr("A file is damaged or not what it claims to be."); break;
    case ErrorCode::UnsupportedFormat: headline = tr("This format is not supported."); break;
    case ErrorCode::ConfigMismatch: headline = tr("The model's configuration does not match its weights."); break;
    case ErrorCode::OutOfMemory:
        headline = tr("Out of memory. Try a smaller size, fewer images, a lower precision or the CPU.");
        break;
    case ErrorCode::Cancelled: headline = tr("Cancelled."); break;
    case ErrorCode::Internal: headline = tr("Internal error."); break;
    }
    const QString detail = QString::fromStdString(status.message());
    return detail.isEmpty() ? headline : headline + QLatin1Char(' ') + detail;
}

} // namespace muse::ui
