#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace muse::ui {

// Installs the app's translation (:/i18n/muse-studio_<lang>.qm, embedded by the build) and Qt's
// own for the language chosen in the settings ("" = the system's).
class Translations {
public:
    // Returns whether our translation was found and installed (English needs none).
    static bool install(QCoreApplication& app, const QString& language);
    static QLocale localeFor(const QString& language);
};

} // namespace muse::ui
