// The T5 SentencePiece tokenizer: a small model trained here on generated captions, loaded the way
// a Hugging Face folder is, must append </s>, round-trip the text it was trained on, truncate
// keeping </s>, and report broken files by name.

#include "muse/T5Tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace muse;

namespace {

std::vector<std::string> makeCaptions()
{
    const char* counts[] = {"a", "one", "two", "three", "several"};
    const char* colours[] = {"red", "blue", "green", "yellow", "black", "white", "orange", "purple"};
    const char* things[] = {"bicycle", "cat", "house", "boat", "tree", "car", "bird", "lamp", "chair"};
    const char* places[] = {"in the snow", "on a beach", "under a bridge", "near a river", "at night",
                            "in a forest", "on a table"};
    std::vector<std::string> captions;
    for (int i = 0; i < 200; ++i) {
        // Coprime strides walk through the combinations without repeating a caption.
        std::string caption = std::string(counts[i % 5]) + " " + colours[(i * 3) % 8] + " " + things[(i * 7) % 9] +
                              " " + places[(i * 5) % 7];
        captions.push_back(caption);
    }
    return captions;
}

void writeText(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

} // namespace

class TestT5Tokenizer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::vector<std::string> m_captions;

    std::string folder() const { return m_dir.path().toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_captions = makeCaptions();
        const Status trained = trainSentencePiece(m_captions, 80, m_dir.filePath("spiece").toStdString());
        QVERIFY2(trained.isOk(), trained.toString().c_str());
        QVERIFY(QFile::exists(m_dir.filePath("spiece.model")));
        writeText(m_dir.filePath("tokenizer_config.json"), R"({"model_max_length": 16, "eos_token": "</s>"})");
    }

    void loadsWithT5SpecialIds()
    {
        auto tokenizer = T5Tokenizer::loadFolder(folder());
        QVERIFY2(tokenizer.isOk(), tokenizer.status().toString().c_str());
        QCOMPARE(tokenizer->padId(), int64_t(0));
        QCOMPARE(tokenizer->eosId(), int64_t(1));
        QCOMPARE(tokenizer->unkId(), int64_t(2));
        QCOMPARE(tokenizer->maxLength(), int64_t(16));
        QVERIFY(tokenizer->vocabSize() > 3);
        QVERIFY(tokenizer->vocabSize() <= 80);
    }

    void appendsEosOnce()
    {
        auto tokenizer = T5Tokenizer::loadFolder(folder());
        QVERIFY(tokenizer.isOk());
        bool truncated = true;
        const std::vector<int64_t> ids = tokenizer->encode("a red cat", &truncated);
        QVERIFY(!truncated);
        QVERIFY(ids.size() >= 2);
        QCOMPARE(ids.back(), int64_t(1));
        QCOMPARE(std::count(ids.begin(), ids.end(), int64_t(1)), std::ptrdiff_t(1));
        for (const int64_t id : ids) {
            QVERIFY(id != 0);             // no padding
            QVERIFY(id != 2);             // every character was seen in training
            QVERIFY(id < tokenizer->vocabSize());
        }
        const std::vector<int64_t> empty = tokenizer->encode("");
        QCOMPARE(empty, std::vector<int64_t>{1});
    }

    void roundTripsSeenText()
    {
        auto tokenizer = T5Tokenizer::loadModelFile(m_dir.filePath("spiece.model").toStdString(), 512);
        QVERIFY(tokenizer.isOk());
        for (std::size_t i = 0; i < m_captions.size(); i += 7) {
            const std::vector<int64_t> ids = tokenizer->encode(m_captions[i]);
            QCOMPARE(tokenizer->decode(ids), m_captions[i]);
        }
        // Padding after EOS is skipped by decode.
        std::vector<int64_t> padded = tokenizer->encode(m_captions[3]);
        padded.insert(padded.end(), {0, 0, 0});
        QCOMPARE(tokenizer->decode(padded), m_captions[3]);
    }

    void truncatesKeepingEos()
    {
        auto limited = T5Tokenizer::loadFolder(folder());
        auto unlimited = T5Tokenizer::loadModelFile(m_dir.filePath("spiece.model").toStdString(), 512);
        QVERIFY(limited.isOk() && unlimited.isOk());
        const std::string text = m_captions[0] + " " + m_captions[1] + " " + m_captions[2] + " " + m_captions[3];
        const std::vector<int64_t> full = unlimited->encode(text);
        QVERIFY(full.size() > 16);
        bool truncated = false;
        const std::vector<int64_t> cut = limited->encode(text, &truncated);
        QVERIFY(truncated);
        QCOMPARE(cut.size(), std::size_t(16));
        QCOMPARE(cut.back(), int64_t(1));
        QVERIFY(std::equal(cut.begin(), cut.end() - 1, full.begin()));

        // Exactly 16 ids with EOS fit without being cut.
        const std::vector<int64_t> pieces(full.begin(), full.begin() + 15);
        const std::string fitting = unlimited->decode(pieces);
        const std::vector<int64_t> fitted = limited->encode(fitting, &truncated);
        QVERIFY(fitted.size() <= 16);
        QVERIFY(!truncated || fitted.size() == 16);
    }

    void maxLengthFallsBackToConfigThenDefault()
    {
        QTemporaryDir other;
        QVERIFY(QFile::copy(m_dir.filePath("spiece.model"), other.filePath("spiece.model")));
        auto plain = T5Tokenizer::loadFolder(other.path().toStdString());
        QVERIFY(plain.isOk());
        QCOMPARE(plain->maxLength(), int64_t(512));

        writeText(other.filePath("config.json"), R"({"model_type": "t5", "n_positions": 24})");
        auto fromConfig = T5Tokenizer::loadFolder(other.path().toStdString());
        QVERIFY(fromConfig.isOk());
        QCOMPARE(fromConfig->maxLength(), int64_t(24));

        // transformers' "no limit" marker falls through to the model config.
        writeText(other.filePath("tokenizer_config.json"),
                  R"({"model_max_length": 1000000000000000019884624838656, "extra_ids": 3})");
        auto huge = T5Tokenizer::loadFolder(other.path().toStdString());
        QVERIFY2(huge.isOk(), huge.status().toString().c_str());
        QCOMPARE(huge->maxLength(), int64_t(24));
        QCOMPARE(huge->vocabSize(), plain->vocabSize() + 3);
    }

    void sentinelsFollowTheVocabulary()
    {
        auto tokenizer = T5Tokenizer::loadModelFile(m_dir.filePath("spiece.model").toStdString(), 64, 2);
        QVERIFY(tokenizer.isOk());
        const int64_t pieces = tokenizer->vocabSize() - 2;
        const std::vector<int64_t> ids = tokenizer->encode("a red cat <extra_id_0> in the snow <extra_id_1>");
        QCOMPARE(std::count(ids.begin(), ids.end(), pieces + 1), std::ptrdiff_t(1)); // <extra_id_0> is the last id
        QCOMPARE(ids[ids.size() - 2], pieces);                                      // <extra_id_1>
        QCOMPARE(tokenizer->decode(ids), std::string("a red cat<extra_id_0> in the snow<extra_id_1>"));
        // An undeclared sentinel is ordinary text.
        const std::vector<int64_t> plain = tokenizer->encode("<extra_id_5>");
        QVERIFY(std::none_of(plain.begin(), plain.end(), [&](int64_t id) { return id >= pieces; }));
    }

    void corruptModelIsNamed()
    {
        QTemporaryDir broken;
        writeText(broken.filePath("spiece.model"), std::string("\x0a\xff\xff\xff\xff\x0f garbage, not a model", 28));
        auto tokenizer = T5Tokenizer::loadFolder(broken.path().toStdString());
        QVERIFY(!tokenizer.isOk());
        QCOMPARE(tokenizer.status().code(), ErrorCode::CorruptFile);
        QVERIFY2(tokenizer.status().message().find("spiece.model") != std::string::npos,
                 tokenizer.status().message().c_str());

        writeText(broken.filePath("spiece.model"), "");
        auto empty = T5Tokenizer::loadFolder(broken.path().toStdString());
        QVERIFY(!empty.isOk());
        QVERIFY(empty.status().message().find("spiece.model") != std::string::npos);
    }

    void missingModelIsNamed()
    {
        QTemporaryDir emptyDir;
        auto tokenizer = T5Tokenizer::loadFolder(emptyDir.path().toStdString());
        QVERIFY(!tokenizer.isOk());
        QCOMPARE(tokenizer.status().code(), ErrorCode::NotFound);
        QVERIFY(tokenizer.status().message().find("spiece.model") != std::string::npos);
    }

    void corruptConfigIsNamed()
    {
        QTemporaryDir other;
        QVERIFY(QFile::copy(m_dir.filePath("spiece.model"), other.filePath("spiece.model")));
        writeText(other.filePath("tokenizer_config.json"), R"({"model_max_length": "long"})");
        auto tokenizer = T5Tokenizer::loadFolder(other.path().toStdString());
        QVERIFY(!tokenizer.isOk());
        QVERIFY(tokenizer.status().message().find("tokenizer_config.json") != std::string::npos);
        QVERIFY(tokenizer.status().message().find("model_max_length") != std::string::npos);
    }

    void trainingRejectsBadArguments()
    {
        QTemporaryDir other;
        const std::string prefix = other.filePath("m").toStdString();
        QCOMPARE(trainSentencePiece({}, 50, prefix).code(), ErrorCode::InvalidArgument);
        QCOMPARE(trainSentencePiece(m_captions, 2, prefix).code(), ErrorCode::InvalidArgument);
        QCOMPARE(trainSentencePiece(m_captions, 50, prefix, "lstm").code(), ErrorCode::InvalidArgument);
        QCOMPARE(trainSentencePiece(m_captions, 50, other.filePath("no/such/dir/m").toStdString()).code(),
                 ErrorCode::NotFound);
    }

    void trainsBpeToo()
    {
        QTemporaryDir other;
        const Status trained = trainSentencePiece(m_captions, 60, other.filePath("spiece").toStdString(), "bpe");
        QVERIFY2(trained.isOk(), trained.toString().c_str());
        auto tokenizer = T5Tokenizer::loadFolder(other.path().toStdString());
        QVERIFY(tokenizer.isOk());
        QCOMPARE(tokenizer->eosId(), int64_t(1));
        QCOMPARE(tokenizer->decode(tokenizer->encode(m_captions[42])), m_captions[42]);
    }
};

QTEST_GUILESS_MAIN(TestT5Tokenizer)
#include "tst_t5tokenizer.moc"
