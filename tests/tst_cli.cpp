// The `muse` command line as a user runs it: exit codes, the summary line, errors naming files.

#include "TestPaths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runMuse(const QStringList& args)
{
    QProcess process;
    process.start(qEnvironmentVariable("MUSE_CLI"), args);
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(qEnvironmentVariable("MUSE_CLI")), "MUSE_CLI must name the muse binary"); }

    void versionAndHelp()
    {
        Run v = runMuse({"--version"});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("muse "));
        Run unknown = runMuse({"frobnicate"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command"));
        Run badOption = runMuse({"info", "--modle", "x"});
        QCOMPARE(badOption.exitCode, 2);
        QVERIFY(badOption.err.contains("unknown option --modle"));
    }

    void checkFixturesSummaryAndUnknownKind()
    {
        Run ok = runMuse({"check-fixtures", MUSE_TEST_DATA "/fixtures/t5_encoder_gated", MUSE_TEST_DATA "/fixtures/amused_schedule"});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY2(ok.out.trimmed().endsWith("2 passed, 0 failed"), qPrintable(ok.out));
        QVERIFY(ok.out.contains("PASS  t5_encoder"));

        QTemporaryDir dir;
        std::ofstream(dir.filePath("case.json").toStdString()) << R"({"kind": "warp_drive", "atol": 1e-4})";
        Run unknown = runMuse({"check-fixtures", dir.path()});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.out.contains("unknown fixture kind \"warp_drive\""));
        QVERIFY(unknown.out.trimmed().endsWith("0 passed, 1 failed"));

        QTemporaryDir empty;
        QVERIFY(runMuse({"check-fixtures", empty.path()}).exitCode != 0);
    }

    void infoAndTokenize()
    {
        Run info = runMuse({"info", "--model", MUSE_TEST_DATA "/fixtures/clip_text"});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains("CLIPTextModelWithProjection"), qPrintable(info.out));
        QVERIFY(info.out.contains("F32"));
        // Config-only folders: the parameter count comes from config.json (aMUSEd's published sizes).
        Run a256 = runMuse({"info", "--model", MUSE_TEST_DATA "/models/amused-256/transformer"});
        QCOMPARE(a256.exitCode, 0);
        QVERIFY2(a256.out.contains("603.5 M (603537664)"), qPrintable(a256.out));
        Run a512 = runMuse({"info", "--model", MUSE_TEST_DATA "/models/amused-512/transformer"});
        QVERIFY2(a512.out.contains("608.3 M (608257792)"), qPrintable(a512.out));
        Run missing = runMuse({"info", "--model", "/no/such/model"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("/no/such/model"));

        if (!QFile::exists(MUSE_SHARED_FIXTURES "/clip_tokenizer/vocab.json"))
            QSKIP("the CLIP vocabulary is not on this machine");
        Run tok = runMuse({"tokenize", "--model", MUSE_SHARED_FIXTURES "/clip_tokenizer", "A red circle above a blue square"});
        QCOMPARE(tok.exitCode, 0);
        QCOMPARE(tok.out.trimmed(), QString("49406 320 736 7117 4348 320 1746 3999 49407"));
        QString longText;
        for (int i = 0; i < 100; ++i)
            longText += "cat ";
        Run cut = runMuse({"tokenize", "--model", MUSE_SHARED_FIXTURES "/clip_tokenizer", longText});
        QCOMPARE(cut.exitCode, 0);
        QVERIFY(cut.err.contains("truncated"));
        QCOMPARE(cut.out.trimmed().split(' ').size(), 77);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
