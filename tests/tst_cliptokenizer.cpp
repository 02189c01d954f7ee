// The CLIP BPE tokenizer: every text of the reference fixture (OpenAI's tokenizer ids) with the
// real vocabulary from the shared fixtures, padding and truncation, the text cleanup rules
// (HTML entities, whitespace, Unicode lower-casing, curly quotes), BPE merge order on a tiny
// hand-made vocabulary, and the errors for missing or broken files.

#include "TestPaths.h"
#include "muse/ClipTokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace muse;

namespace {

const QString kVocabDir = QStringLiteral(MUSE_SHARED_FIXTURES "/clip_tokenizer");
constexpr int64_t kBos = 49406;
constexpr int64_t kEos = 49407;

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

std::string str(const QString& s) { return s.toStdString(); }

// A small vocabulary over ASCII (whose byte symbols are the characters themselves): every
// lower-case letter alone and word-final, the merges below, and the two special tokens.
QByteArray tinyVocab()
{
    QJsonObject vocab;
    int id = 0;
    for (char c = 'a'; c <= 'z'; ++c)
        vocab[QString(QChar(c))] = id++;
    for (char c = 'a'; c <= 'z'; ++c)
        vocab[QString(QChar(c)) + "</w>"] = id++;
    for (const char* token : {"ab", "abc</w>", "bc</w>", "ca", "cab</w>", "!", "!</w>", "'"})
        vocab[token] = id++;
    vocab["<|startoftext|>"] = id++;
    vocab["<|endoftext|>"] = id++;
    return QJsonDocument(vocab).toJson();
}

// Ranks: "a b" before "b c</w>" before "ab c</w>"; "c a" last.
const QByteArray kTinyMerges = "#version: 0.2\na b\nb c</w>\nab c</w>\nc a\nca b</w>\n";

} // namespace

class TestClipTokenizer : public QObject {
    Q_OBJECT

private:
    static bool haveRealVocabulary()
    {
        return QFile::exists(kVocabDir + "/vocab.json") && QFile::exists(kVocabDir + "/merges.txt");
    }

    // The real vocabulary (callers QSKIP first when it is absent: it is not part of the project).
    static ClipTokenizer realTokenizer()
    {
        auto tokenizer = ClipTokenizer::load(str(kVocabDir + "/vocab.json"), str(kVocabDir + "/merges.txt"));
        if (!tokenizer)
            qFatal("%s", tokenizer.status().toString().c_str());
        return tokenizer.takeValue();
    }

    static bool copyRealVocabulary(const QTemporaryDir& dir)
    {
        return QFile::copy(kVocabDir + "/vocab.json", dir.filePath("vocab.json")) &&
               QFile::copy(kVocabDir + "/merges.txt", dir.filePath("merges.txt"));
    }

    static ClipTokenizer tinyTokenizer(const QTemporaryDir& dir)
    {
        if (!writeFile(dir.filePath("vocab.json"), tinyVocab()) || !writeFile(dir.filePath("merges.txt"), kTinyMerges))
            qFatal("cannot write the tiny vocabulary");
        auto tokenizer = ClipTokenizer::loadFolder(str(dir.path()));
        if (!tokenizer)
            qFatal("%s", tokenizer.status().toString().c_str());
        return tokenizer.takeValue();
    }

private slots:
    void fixtureTexts()
    {
        if (!haveRealVocabulary())
            QSKIP("the CLIP vocabulary (MUSE_SHARED_FIXTURES/clip_tokenizer) is not here");
        QFile file(QStringLiteral(MUSE_TEST_DATA "/fixtures/clip_tokenizer/cases.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(cases.size(), 14);

        const ClipTokenizer tokenizer = realTokenizer();
        QCOMPARE(tokenizer.vocabSize(), int64_t(49408));
        QCOMPARE(tokenizer.bosId(), kBos);
        QCOMPARE(tokenizer.eosId(), kEos);
        QCOMPARE(tokenizer.padId(), kEos);
        QCOMPARE(tokenizer.maxLength(), 77);
        int checked = 0;
        for (const auto& value : cases) {
            const QJsonObject item = value.toObject();
            const std::string text = str(item["text"].toString());
            std::vector<int64_t> expected;
            for (const auto& id : item["ids"].toArray())
                expected.push_back(id.toInteger());
            bool truncated = true;
            const std::vector<int64_t> ids = tokenizer.encode(text, &truncated);
            QVERIFY2(ids == expected, ("ids differ for \"" + text + "\"").c_str());
            const int untruncated = item["untruncated_len"].toInt();
            QCOMPARE(int(tokenizer.tokenize(text).size()) + 2, untruncated);
            QCOMPARE(truncated, untruncated > 77);
            // Twice: the second pass is served from the merge cache.
            QVERIFY(tokenizer.encode(text) == expected);
            ++checked;
        }
        QCOMPARE(checked, 14);
    }

    void paddingFromSpecialTokensMap()
    {
        if (!haveRealVocabulary())
            QSKIP("the CLIP vocabulary is not here");
        QTemporaryDir dir;
        QVERIFY(copyRealVocabulary(dir));

        // No config files: 77 positions, padded with <|endoftext|>.
        auto plain = ClipTokenizer::loadFolder(str(dir.path()));
        QVERIFY2(plain.isOk(), plain.status().toString().c_str());
        std::vector<int64_t> padded = plain->encodePadded("a photo of a cat");
        QCOMPARE(padded.size(), std::size_t(77));
        const std::vector<int64_t> head = {kBos, 320, 1125, 539, 320, 2368, kEos};
        QVERIFY(std::equal(head.begin(), head.end(), padded.begin()));
        QVERIFY(std::all_of(padded.begin() + 7, padded.end(), [](int64_t id) { return id == kEos; }));

        // The Stable Diffusion 2 style: pad with "!" (id 0), named as an AddedToken object, and
        // special_tokens_map.json wins over tokenizer_config.json.
        QVERIFY(writeFile(dir.filePath("tokenizer_config.json"),
                          R"({"pad_token": "<|endoftext|>", "model_max_length": 77, "tokenizer_class": "CLIPTokenizer"})"));
        QVERIFY(writeFile(dir.filePath("special_tokens_map.json"),
                          R"({"bos_token": {"content": "<|startoftext|>", "lstrip": false},
                              "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                              "pad_token": {"content": "!", "normalized": false}})"));
        auto bang = ClipTokenizer::loadFolder(str(dir.path()));
        QVERIFY2(bang.isOk(), bang.status().toString().c_str());
        QCOMPARE(bang->padId(), int64_t(0));
        QCOMPARE(bang->tokenText(0), std::string("!"));
        padded = bang->encodePadded("a photo of a cat");
        QCOMPARE(padded.size(), std::size_t(77));
        QVERIFY(std::equal(head.begin(), head.end(), padded.begin()));
        QVERIFY(std::all_of(padded.begin() + 7, padded.end(), [](int64_t id) { return id == 0; }));
        // Trailing padding is dropped by decode, but "!" inside the text is kept.
        QCOMPARE(bang->decode(bang->encodePadded("hello!")), std::string("hello !"));

        // A shorter model_max_length and Hugging Face's "unset" sentinel.
        QVERIFY(QFile::remove(dir.filePath("special_tokens_map.json")));
        QVERIFY(writeFile(dir.filePath("tokenizer_config.json"), R"({"model_max_length": 8})"));
        auto shortTokenizer = ClipTokenizer::loadFolder(str(dir.path()));
        QVERIFY(shortTokenizer.isOk());
        QCOMPARE(shortTokenizer->maxLength(), 8);
        bool truncated = false;
        QCOMPARE(shortTokenizer->encodePadded("a photo of a cat", &truncated),
                 (std::vector<int64_t>{kBos, 320, 1125, 539, 320, 2368, kEos, kEos}));
        QVERIFY(!truncated);
        QCOMPARE(shortTokenizer->encode("a photo of a cat on a mat", &truncated),
                 (std::vector<int64_t>{kBos, 320, 1125, 539, 320, 2368, 525, kEos}));
        QVERIFY(truncated);
        QVERIFY(writeFile(dir.filePath("tokenizer_config.json"), R"({"model_max_length": 1e30})"));
        QCOMPARE(ClipTokenizer::loadFolder(str(dir.path()))->maxLength(), 77);
    }

    void truncationAt77()
    {
        if (!haveRealVocabulary())
            QSKIP("the CLIP vocabulary is not here");
        const ClipTokenizer tokenizer = realTokenizer();
        auto repeat = [](const char* word, int n) {
            std::string text;
            for (int i = 0; i < n; ++i)
                text += std::string(word) + " ";
            return text;
        };
        bool truncated = true;
        std::vector<int64_t> ids = tokenizer.encode(repeat("cat", 75), &truncated); // exactly fills 77
        QCOMPARE(ids.size(), std::size_t(77));
        QVERIFY(!truncated);
        QCOMPARE(ids.back(), kEos);
        ids = tokenizer.encodePadded(repeat("cat", 76), &truncated);
        QCOMPARE(ids.size(), std::size_t(77));
        QVERIFY(truncated);
        QCOMPARE(ids.front(), kBos);
        QCOMPARE(ids[75], int64_t(2368));
        QCOMPARE(ids.back(), kEos); // the end token survives truncation
        QCOMPARE(tokenizer.tokenize(repeat("cat", 200)).size(), std::size_t(200));
    }

    void htmlEntities()
    {
        QCOMPARE(ClipTokenizer::unescapeHtml("fish &amp; chips"), std::string("fish & chips"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&lt;b&gt; &quot;x&quot; &#39;y&#x27;"), std::string("<b> \"x\" 'y'"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&copy 2024 &COPY;"), std::string("\u00a9 2024 \u00a9"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&notit; &eacute;t&eacute;"), std::string("\u00acit; \u00e9t\u00e9"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&#x263A;&#9731;&#128;"), std::string("\u263a\u2603\u20ac"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&#0;&#xD800;&#1114112;&#99999999999999999999;"),
                 std::string("\ufffd\ufffd\ufffd\ufffd"));
        QCOMPARE(ClipTokenizer::unescapeHtml("a&#1;b&#x7f;c"), std::string("abc")); // dropped code points
        QCOMPARE(ClipTokenizer::unescapeHtml("&bogus; & &# &#x; AT&T"), std::string("&bogus; & &# &#x; AT&T"));
        QCOMPARE(ClipTokenizer::unescapeHtml("&NotNestedGreaterGreater;"), std::string("\u2aa2\u0338"));
        // The reference unescapes twice.
        QCOMPARE(ClipTokenizer::normalizeText("&amp;amp; &amp;lt;"), std::string("& <"));
        QCOMPARE(ClipTokenizer::normalizeText("&amp;amp;amp;"), std::string("&amp;"));

        if (!haveRealVocabulary())
            QSKIP("the CLIP vocabulary is not here");
        const ClipTokenizer tokenizer = realTokenizer();
        QCOMPARE(tokenizer.encode("it&#39;s a dog&apos;s life"), tokenizer.encode("it's a dog's life"));
        QCOMPARE(tokenizer.encode("Tom &amp;amp; Jerry"), tokenizer.encode("tom & jerry"));
    }

    void textCleanup()
    {
        // Whitespace of every kind collapses to one space; the ends are stripped.
        QCOMPARE(ClipTokenizer::normalizeText("\u00a0 a\u2003\u3000b\r\n\tc \u2029"), std::string("a b c"));
        QCOMPARE(ClipTokenizer::normalizeText(""), std::string());
        QCOMPARE(ClipTokenizer::normalizeText(" \t\n"), std::string());
        // str.lower(): beyond ASCII, with İ → i + combining dot and the final-sigma rule.
        QCOMPARE(ClipTokenizer::normalizeText("\u00c0\u00c9\u00ce \u0394\u0396 \u0130"),
                 std::string("\u00e0\u00e9\u00ee \u03b4\u03b6 i\u0307"));
        QCOMPARE(ClipTokenizer::normalizeText("\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u039f\u03a3. \u03a3"),
                 std::string("\u03bf\u03b4\u03bf\u03c2 \u03c3\u03bf\u03c6\u03bf\u03c2. \u03c3"));
        QCOMPARE(ClipTokenizer::normalizeText("\u0410\u0411\u0412 \u10a0 \U00010400"), std::string("\u0430\u0431\u0432 \u2d00 \U00010428"));
        // Curly quotes are straightened as ftfy does before the reference sees the text.
        QCOMPARE(ClipTokenizer::normalizeText("\u201cIt\u2019s\u201d"), std::string("\"it's\""));
        // Invalid UTF-8 becomes U+FFFD instead of breaking the tokenizer.
        QCOMPARE(ClipTokenizer::normalizeText("a\xff" "b\xe2\x82"), std::string("a\ufffdb\ufffd"));

        if (!haveRealVocabulary())
            QSKIP("the CLIP vocabulary is not here");
        const ClipTokenizer tokenizer = realTokenizer();
        QCOMPARE(tokenizer.encode("it\u2019s"), tokenizer.encode("it's"));
        QCOMPARE(tokenizer.encode("CAF\u00c9"), tokenizer.encode("caf\u00e9"));
        // Special tokens written in the text are recognised as such.
        QCOMPARE(tokenizer.encode("a <|endoftext|> b"), (std::vector<int64_t>{kBos, 320, kEos, 321, kEos}));
        QCOMPARE(tokenizer.decode(tokenizer.encode("A photo of a cat, 4K!")), std::string("a photo of a cat , 4 k !"));
        QCOMPARE(tokenizer.decode(tokenizer.encode("caf\u00e9 \U0001F431")), std::string("caf\u00e9 \U0001F431"));
    }

    void mergeOrderOnTinyVocabulary()
    {
        QTemporaryDir dir;
        const ClipTokenizer tokenizer = tinyTokenizer(dir);
        QCOMPARE(tokenizer.vocabSize(), int64_t(62));
        QCOMPARE(tokenizer.padId(), tokenizer.eosId());
        const int64_t bos = tokenizer.bosId(), eos = tokenizer.eosId();
        auto id = [&](const char* token) { return tokenizer.tokenId(token); };
        // "abc": a+b (rank 0) first, then ab+c</w> (rank 2) — not b+c</w> (rank 1, no longer adjacent).
        QCOMPARE(tokenizer.encode("abc"), (std::vector<int64_t>{bos, id("abc</w>"), eos}));
        // "bc": only b+c</w>.
        QCOMPARE(tokenizer.encode("BC"), (std::vector<int64_t>{bos, id("bc</w>"), eos}));
        // "cab": c+a (rank 3) then ca+b</w> (rank 4); a+b is never adjacent to b</w>'s merge.
        QCOMPARE(tokenizer.encode("cab"), (std::vector<int64_t>{bos, id("cab</w>"), eos}));
        // All occurrences of the best pair merge in one pass: "ababc" → ab ab c</w> → ab abc</w>.
        QCOMPARE(tokenizer.encode("ababc"), (std::vector<int64_t>{bos, id("ab"), id("abc</w>"), eos}));
        // Pre-tokenizer: letters run together, digits and punctuation split, contractions apart.
        QCOMPARE(tokenizer.tokenize("ab!c's"), (std::vector<int64_t>{id("a"), id("b</w>"), id("!</w>"), id("c</w>"),
                                                                     id("'"), id("s</w>")}));
        QCOMPARE(tokenizer.decode(tokenizer.encode("abc cab")), std::string("abc cab"));
    }

    void errorsNameTheFile()
    {
        QTemporaryDir dir;
        auto missing = ClipTokenizer::loadFolder(str(dir.path()));
        QVERIFY(!missing.isOk());
        QCOMPARE(missing.status().code(), ErrorCode::NotFound);
        QVERIFY2(missing.status().message().find(str(dir.filePath("vocab.json"))) != std::string::npos,
                 missing.status().message().c_str());

        QVERIFY(writeFile(dir.filePath("vocab.json"), "{\"a\": 0, \"b\": "));
        QVERIFY(writeFile(dir.filePath("merges.txt"), kTinyMerges));
        auto truncatedJson = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(truncatedJson.status().code(), ErrorCode::CorruptFile);
        QVERIFY(truncatedJson.status().message().find(str(dir.filePath("vocab.json"))) != std::string::npos);

        QVERIFY(writeFile(dir.filePath("vocab.json"), "[\"a\", \"b\"]"));
        auto notObject = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(notObject.status().code(), ErrorCode::CorruptFile);
        QVERIFY2(notObject.status().message().find("vocab.json: not a JSON object") != std::string::npos,
                 notObject.status().message().c_str());

        QVERIFY(writeFile(dir.filePath("vocab.json"), "{\"a\": 0, \"b\": \"one\"}"));
        auto badId = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(badId.status().code(), ErrorCode::CorruptFile);
        QVERIFY(badId.status().message().find("\"b\"") != std::string::npos);

        QVERIFY(writeFile(dir.filePath("vocab.json"), tinyVocab()));
        QVERIFY(writeFile(dir.filePath("merges.txt"), "#version: 0.2\na b\nabc\nb c</w>\n"));
        auto badMerges = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(badMerges.status().code(), ErrorCode::CorruptFile);
        QVERIFY2(badMerges.status().message().find(str(dir.filePath("merges.txt")) + ": line 3") != std::string::npos,
                 badMerges.status().message().c_str());

        QVERIFY(QFile::remove(dir.filePath("merges.txt")));
        auto noMerges = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(noMerges.status().code(), ErrorCode::NotFound);
        QVERIFY(noMerges.status().message().find("merges.txt") != std::string::npos);

        QVERIFY(writeFile(dir.filePath("merges.txt"), kTinyMerges));
        QVERIFY(writeFile(dir.filePath("special_tokens_map.json"), R"({"pad_token": "<pad>"})"));
        auto badPad = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(badPad.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(badPad.status().message().find("special_tokens_map.json") != std::string::npos &&
                     badPad.status().message().find("\"<pad>\"") != std::string::npos,
                 badPad.status().message().c_str());

        QVERIFY(writeFile(dir.filePath("special_tokens_map.json"), "{}"));
        QVERIFY(writeFile(dir.filePath("tokenizer_config.json"), R"({"model_max_length": 1})"));
        auto tooShort = ClipTokenizer::loadFolder(str(dir.path()));
        QVERIFY(!tooShort.isOk());
        QVERIFY(tooShort.status().message().find("model_max_length") != std::string::npos);

        // A vocabulary without the special tokens cannot frame a text.
        QVERIFY(QFile::remove(dir.filePath("tokenizer_config.json")));
        QVERIFY(writeFile(dir.filePath("vocab.json"), R"({"a": 0, "b": 1, "ab": 2, "a</w>": 3, "b</w>": 4})"));
        QVERIFY(writeFile(dir.filePath("merges.txt"), "a b\n"));
        auto noSpecials = ClipTokenizer::loadFolder(str(dir.path()));
        QCOMPARE(noSpecials.status().code(), ErrorCode::ConfigMismatch);
        QVERIFY2(noSpecials.status().message().find("<|startoftext|>") != std::string::npos &&
                     noSpecials.status().message().find("vocab.json") != std::string::npos,
                 noSpecials.status().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestClipTokenizer)
#include "tst_cliptokenizer.moc"
