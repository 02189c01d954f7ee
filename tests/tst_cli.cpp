// The `muse` command line as a user runs it: exit codes, the summary line, errors naming files.

#include "TestPaths.h"

#include "muse/Device.h"

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

Run runMuse(const QStringList& args, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
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

    void openBlasKernelFitsTheCpu()
    {
        // Which kernel set to ask OpenBLAS for: only a set older than AVX2 is replaced, by the newest
        // one the CPU runs; another BLAS (no name) and deliberate AVX2 / AVX-512 choices stay.
        QCOMPARE(muse::betterBlasKernel("Prescott", true, true), std::string("SkylakeX"));
        QCOMPARE(muse::betterBlasKernel("prescott", true, false), std::string("Haswell"));
        QCOMPARE(muse::betterBlasKernel("Sandybridge", true, false), std::string("Haswell"));
        QCOMPARE(muse::betterBlasKernel("Core2", true, true), std::string("SkylakeX"));
        QCOMPARE(muse::betterBlasKernel("Prescott", false, false), std::string());
        QCOMPARE(muse::betterBlasKernel("Haswell", true, true), std::string());
        QCOMPARE(muse::betterBlasKernel("SkylakeX", true, true), std::string());
        QCOMPARE(muse::betterBlasKernel("Zen", true, false), std::string());
        QCOMPARE(muse::betterBlasKernel("", true, true), std::string());

        // The program itself: a kernel the user names is kept; without one, `muse` runs a kernel set
        // this CPU has no better one for (it restarts itself with OPENBLAS_CORETYPE when OpenBLAS
        // picked an older one, as Debian 12's does on CPUs newer than it knows).
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("MUSE_BLAS_RESTARTED");
        environment.insert("OPENBLAS_CORETYPE", "Prescott");
        const Run pinned = runMuse({"--version"}, environment);
        QCOMPARE(pinned.exitCode, 0);
        if (!pinned.out.contains("OpenBLAS"))
            QSKIP("the system's BLAS is not OpenBLAS");
        QVERIFY2(pinned.out.contains("OpenBLAS Prescott)"), qPrintable(pinned.out));
        environment.remove("OPENBLAS_CORETYPE");
        const Run chosen = runMuse({"--version"}, environment);
        QCOMPARE(chosen.exitCode, 0);
        const QString kernel = chosen.out.section("OpenBLAS ", 1).section(')', 0, 0);
        QVERIFY2(!kernel.isEmpty(), qPrintable(chosen.out));
        const muse::CpuVectorUnits units = muse::cpuVectorUnits();
        QVERIFY2(muse::betterBlasKernel(kernel.toStdString(), units.avx2Fma, units.avx512).empty(), qPrintable(chosen.out));
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
