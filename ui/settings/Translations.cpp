#include "settings/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace muse::ui {

QLocale Translations::localeFor(const QString& language)
{
    return language.isEmpty() ? QLocale::system() : QLocale(language);
}

bool Translations::install(QCoreApplication& app, const QString& language)
{
    const QLocale locale = localeFor(language);
    QLocale::setDefault(locale);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("muse-studio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
        return true;
    }
    delete ours;
    return false;
}

} // namespace muse::ui
