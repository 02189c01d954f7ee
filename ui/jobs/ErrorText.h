#pragma once

#include "muse/Status.h"

#include <QCoreApplication>
#include <QString>

namespace muse::ui {

// Turns an engine Status into a message for the user: a translated sentence for the error
// code, then the engine's English detail (which names the file, tensor or field).
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(muse::ui::ErrorText)

public:
    static QString describe(const Status& status);
};

} // namespace muse::ui
