// The German translation is embedded under :/i18n, loads for the "de" setting, and translates
// what the widgets show.

#include "panels/PromptPanel.h"
#include "settings/Translations.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace muse::ui;

class TestTranslation : public QObject {
    Q_OBJECT

private slots:
    void germanLoads()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/muse-studio_de.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/muse-studio_fr.qm")));
        QVERIFY(Translations::install(*QCoreApplication::instance(), QStringLiteral("de")));
        QCOMPARE(QCoreApplication::translate("muse::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(QCoreApplication::translate("muse::ui::PromptPanel", "Negative prompt"), QStringLiteral("Negativer Prompt"));
        QCOMPARE(QCoreApplication::translate("muse::ui::MaskPanel", "Eraser"), QStringLiteral("Radierer"));

        PromptPanel panel;
        QStringList labels;
        for (const QLabel* label : panel.findChildren<QLabel*>())
            labels << label->text();
        QVERIFY2(labels.contains(QStringLiteral("Negativer Prompt")), qPrintable(labels.join(QLatin1Char('|'))));
        QStringList buttons;
        for (const QPushButton* button : panel.findChildren<QPushButton*>())
            buttons << button->text();
        QVERIFY2(buttons.contains(QStringLiteral("Erzeugen")), qPrintable(buttons.join(QLatin1Char('|'))));
    }
};

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
