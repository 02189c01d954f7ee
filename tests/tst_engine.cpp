// The engine end to end with the tiny random Muse model (tests/data/models/tiny-muse): seeds,
// guidance, inpaint/outpaint/edit pixel guarantees, cancellation, metadata re-runs, bad input.

#include "TestPaths.h"
#include "muse/Engine.h"
#include "muse/MaskOps.h"
#include "muse/SafeTensors.h"
#include "muse/Training.h"

#include <QTemporaryDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <functional>

using namespace muse;

namespace {

const std::string kTinyModel = MUSE_TEST_DATA "/models/tiny-muse";

Image noiseImage(int w, int h, uint32_t seed)
{
    Image image(w, h, 3);
    for (auto& v : image.pixels) {
        seed = seed * 1664525u + 1013904223u;
        v = static_cast<uint8_t>(seed >> 24);
    }
    return image;
}

bool samePixel(const Image& a, int ax, int ay, const Image& b, int bx, int by)
{
    return std::equal(a.pixel(ax, ay), a.pixel(ax, ay) + 3, b.pixel(bx, by));
}

// Copies the named component folders of the tiny test model into `dir`.
void copyTinyModelParts(const QTemporaryDir& dir, std::initializer_list<const char*> parts)
{
    const QString src = QString::fromStdString(kTinyModel);
    for (const char* part : parts) {
        QDir().mkpath(dir.filePath(part));
        for (const QString& f : QDir(src + "/" + part).entryList(QDir::Files))
            QFile::copy(src + "/" + part + "/" + f, dir.filePath(QString(part) + "/" + f));
    }
}


// An aMUSEd pipeline folder made of the reference fixtures' tiny random components (UVit2D,
// VQ-f8, CLIP text model, all 64 codes) and a hand-made CLIP vocabulary over a few letters.
void writeTinyAmusedFolder(const QTemporaryDir& dir)
{
    auto copyComponent = [&](const char* fixture, const char* component) {
        const QString src = QStringLiteral(MUSE_TEST_DATA "/fixtures/") + fixture;
        QDir().mkpath(dir.filePath(component));
        for (const char* f : {"config.json", "model.safetensors", "diffusion_pytorch_model.safetensors"})
            if (QFile::exists(src + "/" + f))
                QFile::copy(src + "/" + f, dir.filePath(QString(component) + "/" + f));
    };
    copyComponent("uvit2d", "transformer");
    copyComponent("vqmodel_f8", "vqvae");
    copyComponent("clip_text", "text_encoder");
    QDir().mkpath(dir.filePath("tokenizer"));
    QJsonObject vocab;
    int id = 0;
    for (char c = 'a'; c <= 'z'; ++c) {
        vocab[QString(QChar(c))] = id++;
        vocab[QString(QChar(c)) + "</w>"] = id++;
    }
    vocab["ab"] = id++;
    vocab["<|startoftext|>"] = id++;
    vocab["<|endoftext|>"] = id++;
    auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile out(dir.filePath(name));
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
    };
    write("tokenizer/vocab.json", QJsonDocument(vocab).toJson());
    write("tokenizer/merges.txt", "#version: 0.2\na b\n");
    write("model_index.json", R"({"_class_name": "AmusedPipeline",
        "tokenizer": ["transformers", "CLIPTokenizer"], "text_encoder": ["transformers", "CLIPTextModelWithProjection"],
        "transformer": ["diffusers", "UVit2DModel"], "vqvae": ["diffusers", "VQModel"],
        "scheduler": ["diffusers", "AmusedScheduler"]})");
}

// Rewrites the safetensors file `path`: `change` may edit each tensor's bytes in place and shrink
// its shape and byte size (the bytes kept are the first ones).
void rewriteTensors(const std::string& path, const std::function<void(const TensorInfo&, TensorToWrite&, uint8_t*)>& change)
{
    std::vector<uint8_t> bytes;
    std::vector<TensorToWrite> tensors;
    {
        auto file = SafeTensorsFile::open(path);
        QVERIFY2(file, file.status().toString().c_str());
        std::size_t total = 0;
        for (const TensorInfo& t : file->tensors())
            total += t.byteSize();
        bytes.reserve(total); // the TensorToWrite pointers below stay valid
        for (const TensorInfo& t : file->tensors()) {
            const std::size_t at = bytes.size();
            bytes.insert(bytes.end(), file->data(t), file->data(t) + t.byteSize());
            TensorToWrite w{t.name, t.dtype, t.shape, bytes.data() + at, std::size_t(t.byteSize())};
            change(t, w, bytes.data() + at);
            tensors.push_back(w);
        }
    }
    QVERIFY(writeSafeTensors(path, tensors).isOk());
}

// Rewrites the VQ of a folder from writeTinyAmusedFolder with only its first `codes` codes
// (codebook rows and config), a consistent VQ that disagrees with the transformer.
void shrinkVqCodebook(const QTemporaryDir& dir, int64_t codes)
{
    const std::string weights = dir.filePath("vqvae/diffusion_pytorch_model.safetensors").toStdString();
    rewriteTensors(weights, [&](const TensorInfo& t, TensorToWrite& w, uint8_t*) {
        if (t.name != "quantize.embedding.weight")
            return;
        QCOMPARE(t.shape.size(), std::size_t(2));
        w.shape[0] = codes;
        w.byteSize = std::size_t(codes * t.shape[1]) * dtypeSize(t.dtype);
    });
    QFile config(dir.filePath("vqvae/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
    config.close();
    json["num_vq_embeddings"] = int(codes);
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(QJsonDocument(json).toJson());
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private:
    Engine m_engine;

    GenerateRequest request(uint64_t seed, float guidance = 3.0f)
    {
        GenerateRequest r;
        r.settings.prompt = "a red circle in the top left";
        r.settings.seed = seed;
        r.settings.guidanceScale = guidance;
        return r;
    }

private slots:
    void initTestCase()
    {
        Status s = m_engine.loadModel(kTinyModel);
        QVERIFY2(s.isOk(), s.toString().c_str());
        QCOMPARE(m_engine.model().family, std::string("muse"));
        QVERIFY(m_engine.model().hasSuperRes);
        QCOMPARE(m_engine.model().nativeWidth, 32);
    }

    void sameSeedSameImage()
    {
        auto a = m_engine.generate(request(11));
        auto b = m_engine.generate(request(11));
        auto c = m_engine.generate(request(12));
        QVERIFY2(a.isOk(), a.status().toString().c_str());
        QCOMPARE(a->images.size(), std::size_t(1));
        QCOMPARE(a->images[0].width, 32);
        QVERIFY(a->images[0].pixels == b->images[0].pixels);
        QVERIFY(a->images[0].pixels != c->images[0].pixels);
    }

    void guidanceChangesTheOutput()
    {
        auto plain = m_engine.generate(request(5, 1.0f));
        auto guided = m_engine.generate(request(5, 6.0f));
        QVERIFY(plain.isOk() && guided.isOk());
        QVERIFY(plain->images[0].pixels != guided->images[0].pixels);
    }

    void severalImagesEachReproducible()
    {
        GenerateRequest r = request(20);
        r.settings.numImages = 3;
        auto many = m_engine.generate(r);
        QVERIFY(many.isOk());
        QCOMPARE(many->images.size(), std::size_t(3));
        QCOMPARE(many->seeds, (std::vector<uint64_t>{20, 21, 22}));
        auto second = m_engine.generate(request(21));
        QVERIFY(second->images[0].pixels == many->images[1].pixels);
    }

    void progressAndCancel()
    {
        // Progress arrives for every step of both stages, with previews.
        std::vector<Progress> seen;
        std::vector<bool> hadPreview;
        auto ok = m_engine.generate(request(1), [&](const Progress& p) {
            seen.push_back(p);
            hadPreview.push_back(p.preview != nullptr);
        });
        QVERIFY(ok.isOk());
        int base = 0, superRes = 0;
        for (const auto& p : seen) {
            base += p.stage == Stage::Base;
            superRes += p.stage == Stage::SuperRes;
        }
        QCOMPARE(base, 6);     // the tiny model's default steps
        QCOMPARE(superRes, 4); // and super-res steps
        QVERIFY(std::find(hadPreview.begin(), hadPreview.end(), true) != hadPreview.end());
        QCOMPARE(ok->steps.size(), std::size_t(10));

        // Cancelling during step k stops by step k + 1 and leaves the engine ready.
        CancelToken cancel;
        int steps = 0;
        auto cancelled = m_engine.generate(request(1), [&](const Progress& p) {
            if (p.stage == Stage::Base && ++steps == 3)
                cancel.requestCancel();
        }, &cancel);
        QCOMPARE(cancelled.status().code(), ErrorCode::Cancelled);
        QVERIFY(steps <= 4);
        auto again = m_engine.generate(request(1));
        QVERIFY(again.isOk());
        QVERIFY(again->images[0].pixels == ok->images[0].pixels);
    }

    void inpaintKeepsOutsidePixels()
    {
        InpaintRequest r;
        r.settings.prompt = "a blue star";
        r.settings.seed = 3;
        r.image = noiseImage(32, 32, 7);
        r.mask = Image(32, 32, 1, 0);
        for (int y = 8; y < 20; ++y)
            for (int x = 4; x < 14; ++x)
                r.mask.pixel(x, y)[0] = 255;
        r.featherPixels = 3;
        auto out = m_engine.inpaint(r);
        QVERIFY2(out.isOk(), out.status().toString().c_str());
        const Image alpha = featherMask(r.mask, r.featherPixels);
        int kept = 0, changed = 0;
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x) {
                if (alpha.pixel(x, y)[0] == 0) {
                    QVERIFY(samePixel(out->images[0], x, y, r.image, x, y));
                    ++kept;
                } else if (r.mask.pixel(x, y)[0] == 255) {
                    changed += !samePixel(out->images[0], x, y, r.image, x, y);
                }
            }
        QVERIFY(kept > 500);
        QVERIFY(changed > 50); // the masked area was regenerated
    }

    void largeImagesAreInpaintedInAContextBox()
    {
        InpaintRequest r;
        r.settings.prompt = "a blue star";
        r.settings.seed = 2;
        r.image = noiseImage(80, 56, 5); // larger than the tiny model's 32×32
        r.mask = Image(80, 56, 1, 0);
        for (int y = 30; y < 40; ++y)
            for (int x = 60; x < 70; ++x)
                r.mask.pixel(x, y)[0] = 255;
        r.featherPixels = 2;
        auto out = m_engine.inpaint(r);
        QVERIFY2(out.isOk(), out.status().toString().c_str());
        QCOMPARE(out->images[0].width, 80);
        QCOMPARE(out->images[0].height, 56);
        const Image alpha = featherMask(r.mask, r.featherPixels);
        int changedInside = 0;
        for (int y = 0; y < 56; ++y)
            for (int x = 0; x < 80; ++x) {
                if (alpha.pixel(x, y)[0] == 0)
                    QVERIFY(samePixel(out->images[0], x, y, r.image, x, y));
                else if (r.mask.pixel(x, y)[0] == 255)
                    changedInside += !samePixel(out->images[0], x, y, r.image, x, y);
            }
        QVERIFY(changedInside > 50);
    }

    void oddSizedImagesArePaddedAndCroppedBack()
    {
        InpaintRequest r;
        r.settings.seed = 1;
        r.image = noiseImage(29, 27, 3);
        r.mask = Image(29, 27, 1, 0);
        r.mask.pixel(5, 5)[0] = 255;
        auto out = m_engine.inpaint(r);
        QVERIFY2(out.isOk(), out.status().toString().c_str());
        QCOMPARE(out->images[0].width, 29);
        QCOMPARE(out->images[0].height, 27);
        QVERIFY(samePixel(out->images[0], 28, 26, r.image, 28, 26));
    }

    void outpaintKeepsTheOriginal()
    {
        OutpaintRequest r;
        r.settings.prompt = "a yellow square";
        r.image = noiseImage(24, 32, 9);
        r.margins = {5, 0, 0, 0}; // rounded up to one 8-pixel token
        auto out = m_engine.outpaint(r);
        QVERIFY2(out.isOk(), out.status().toString().c_str());
        QCOMPARE(out->images[0].width, 32);
        QCOMPARE(out->images[0].height, 32);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 24; ++x)
                QVERIFY(samePixel(out->images[0], 8 + x, y, r.image, x, y));
    }

    void largeCanvasesAreOutpaintedAndEditedToo()
    {
        OutpaintRequest o;
        o.settings.prompt = "a red square";
        o.image = noiseImage(40, 40, 21); // 40 + 8 > 32: worked at a smaller scale
        o.margins = {0, 0, 8, 0};
        auto out = m_engine.outpaint(o);
        QVERIFY2(out.isOk(), out.status().toString().c_str());
        QCOMPARE(out->images[0].width, 48);
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x)
                QVERIFY(samePixel(out->images[0], x, y, o.image, x, y));
        EditRequest e;
        e.settings.prompt = "a green star";
        e.image = noiseImage(64, 64, 3);
        e.strength = 0.3f;
        e.iterations = 2;
        auto edited = m_engine.edit(e);
        QVERIFY2(edited.isOk(), edited.status().toString().c_str());
        QCOMPARE(edited->images[0].width, 64);
    }

    void editChangesAtMostTheStrength()
    {
        EditRequest r;
        r.settings.prompt = "a green triangle";
        r.settings.seed = 4;
        r.image = noiseImage(32, 32, 11);
        r.strength = 0.25f;
        r.iterations = 3;
        for (EditMethod method : {EditMethod::Targeted, EditMethod::Resample}) {
            r.method = method;
            auto out = m_engine.edit(r);
            QVERIFY2(out.isOk(), out.status().toString().c_str());
            // Pixels of 8×8 tokens that did not change (and their feather) are kept exactly: with at
            // most a quarter of the base tokens changed, well over half the image is untouched.
            int identical = 0;
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x)
                    identical += samePixel(out->images[0], x, y, r.image, x, y);
            QVERIFY2(identical > 32 * 32 / 3, QByteArray::number(identical));
        }
        r.method = EditMethod::Img2Img;
        r.strength = 0.5f;
        QVERIFY(m_engine.edit(r).isOk());
    }

    void metadataRerunsExactly()
    {
        auto first = m_engine.generate(request(33));
        QVERIFY(first.isOk());
        const auto& text = first->pngText[0];
        QVERIFY(text.at("parameters").find("Seed: 33") != std::string::npos);
        auto stored = requestFromJson(text.at("muse"));
        QVERIFY2(stored.isOk(), stored.status().toString().c_str());
        QCOMPARE(modelPathFromMetadata(text.at("muse")), kTinyModel);
        auto again = m_engine.run(*stored);
        QVERIFY(again.isOk());
        QVERIFY(again->images[0].pixels == first->images[0].pixels);
        // Defaults are filled into the result's request.
        QCOMPARE(requestSettings(first->request).steps, 6);
    }

    void editMethodsSurviveTheMetadata()
    {
        for (EditMethod method : {EditMethod::Targeted, EditMethod::Resample, EditMethod::Img2Img}) {
            EditRequest e;
            e.imagePath = "in.png";
            e.method = method;
            auto back = requestFromJson(requestToJson(e));
            QVERIFY2(back.isOk(), back.status().toString().c_str());
            QCOMPARE(std::get<EditRequest>(*back).method, method);
        }
        QCOMPARE(EditRequest().method, EditMethod::Targeted);
        std::string json = requestToJson(EditRequest());
        json.replace(json.find("\"targeted\""), 10, "\"blurry\"");
        auto bad = requestFromJson(json);
        QCOMPARE(bad.status().code(), ErrorCode::InvalidArgument);
        QVERIFY(bad.status().message().find("blurry") != std::string::npos);
    }

    void badInput()
    {
        GenerateRequest odd = request(1);
        odd.width = 30;
        odd.height = 32;
        QCOMPARE(m_engine.generate(odd).status().code(), ErrorCode::InvalidArgument);
        GenerateRequest big = request(1);
        big.width = big.height = 64;
        auto tooBig = m_engine.generate(big);
        QVERIFY(tooBig.status().message().find("larger than this model") != std::string::npos);
        InpaintRequest wrongMask;
        wrongMask.image = noiseImage(32, 32, 1);
        wrongMask.mask = Image(16, 16, 1, 255);
        auto r = m_engine.inpaint(wrongMask);
        QCOMPARE(r.status().code(), ErrorCode::InvalidArgument);
        QVERIFY(r.status().message().find("16×16") != std::string::npos);
        InpaintRequest emptyMask;
        emptyMask.image = noiseImage(32, 32, 1);
        emptyMask.mask = Image(32, 32, 1, 0);
        QVERIFY(m_engine.inpaint(emptyMask).status().message().find("empty") != std::string::npos);
        InpaintRequest missing;
        missing.imagePath = "/no/such/image.png";
        missing.maskPath = "/no/such/mask.png";
        QVERIFY(m_engine.inpaint(missing).status().message().find("/no/such/image.png") != std::string::npos);
        // An empty prompt is allowed; a prompt past the tokenizer's limit is truncated.
        GenerateRequest empty = request(1);
        empty.settings.prompt.clear();
        QVERIFY(m_engine.generate(empty).isOk());
        GenerateRequest longPrompt = request(1);
        for (int i = 0; i < 50; ++i)
            longPrompt.settings.prompt += " a red circle";
        auto cut = m_engine.generate(longPrompt);
        QVERIFY(cut.isOk());
        QCOMPARE(cut->warnings.size(), std::size_t(1));
        QVERIFY(m_engine.generate(empty)->warnings.empty());

        Engine fresh;
        QCOMPARE(fresh.generate(request(1)).status().code(), ErrorCode::InvalidArgument);
        QCOMPARE(fresh.loadModel("/no/such/model").code(), ErrorCode::NotFound);
        QVERIFY(!fresh.hasModel());
        Status single = fresh.loadModel(MUSE_TEST_DATA "/fixtures/uvit2d");
        QCOMPARE(single.code(), ErrorCode::UnsupportedFormat);
    }

    void tokenTemperatureFromTheModelIndex()
    {
        QTemporaryDir dir;
        copyTinyModelParts(dir, {"tokenizer", "text_encoder", "transformer", "super_res_transformer", "vqvae"});
        QFile in(QString::fromStdString(kTinyModel) + "/model_index.json");
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject index = QJsonDocument::fromJson(in.readAll()).object();
        auto writeIndex = [&](double temperature) {
            QJsonObject defaults = index["_defaults"].toObject();
            defaults["super_res_token_temperature"] = temperature;
            index["_defaults"] = defaults;
            QFile out(dir.filePath("model_index.json"));
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(QJsonDocument(index).toJson());
        };
        writeIndex(0.5);
        Engine engine;
        Status s = engine.loadModel(dir.path().toStdString());
        QVERIFY2(s.isOk(), s.toString().c_str());
        QCOMPARE(engine.model().tokenTemperature[0], 1.0f);
        QCOMPARE(engine.model().tokenTemperature[1], 0.5f);
        writeIndex(0.0);
        s = engine.loadModel(dir.path().toStdString());
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().find("model_index.json") != std::string::npos, s.message().c_str());
        QVERIFY2(s.message().find("super_res_token_temperature") != std::string::npos, s.message().c_str());
    }

    void anAmusedFolderLoadsAndRefusesAVqWithOtherCodes()
    {
        QTemporaryDir dir;
        writeTinyAmusedFolder(dir);
        Engine engine;
        Status s = engine.loadModel(dir.path().toStdString());
        QVERIFY2(s.isOk(), s.toString().c_str());
        GenerateRequest r;
        r.settings.prompt = "a cab";
        r.settings.steps = 2;
        r.settings.seed = 1;
        auto image = engine.generate(r);
        QVERIFY2(image.isOk(), image.status().toString().c_str());
        QCOMPARE(engine.model().family, std::string("amused"));
        QCOMPARE(image->images.size(), std::size_t(1));
        QCOMPARE(image->images[0].width, engine.model().nativeWidth);
        QVERIFY(image->images[0].width > 0);

        // The transformer predicts 64 codes, the VQ would decode 32: refused at load, naming both.
        shrinkVqCodebook(dir, 32);
        Engine other;
        s = other.loadModel(dir.path().toStdString());
        QCOMPARE(s.code(), ErrorCode::ConfigMismatch);
        QVERIFY2(s.message().find("transformer") != std::string::npos, s.message().c_str());
        QVERIFY2(s.message().find("64 codes") != std::string::npos, s.message().c_str());
        QVERIFY2(s.message().find("32") != std::string::npos, s.message().c_str());
        QVERIFY(!other.hasModel());
    }

    void aSecondTextEncoderIsReadByTheBaseStage()
    {
        // `muse grow --second-text-encoder`: the tiny model's own encoder as text_encoder_2. The
        // base transformer reads its states through new zero columns of text_projection, so the
        // grown model draws exactly what the original does; once those columns are not zero, the
        // image changes (the second encoder is read); a width that fits neither is refused by name.
        QTemporaryDir dir;
        GrowOptions g;
        g.modelDir = kTinyModel;
        g.outDir = dir.filePath("grown").toStdString();
        g.secondTextEncoder = kTinyModel;
        Status grown = growModel(g);
        QVERIFY2(grown.isOk(), grown.toString().c_str());
        QVERIFY(QFile::exists(dir.filePath("grown/text_encoder_2/model.safetensors")));
        QFile index(dir.filePath("grown/model_index.json"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(index.readAll()).object().contains("text_encoder_2"));
        Engine engine;
        Status s = engine.loadModel(g.outDir);
        QVERIFY2(s.isOk(), s.toString().c_str());
        auto original = m_engine.generate(request(11));
        auto same = engine.generate(request(11));
        QVERIFY(original.isOk() && same.isOk());
        QVERIFY(original->images[0].pixels == same->images[0].pixels);

        const std::string weights = dir.filePath("grown/transformer/model.safetensors").toStdString();
        rewriteTensors(weights, [](const TensorInfo& t, TensorToWrite&, uint8_t* data) {
            if (t.name != "text_projection.weight")
                return;
            QCOMPARE(t.shape, (std::vector<int64_t>{32, 64})); // hidden × (32 + 32)
            QCOMPARE(t.dtype, DType::F32);
            float* w = reinterpret_cast<float*>(data);
            for (int64_t row = 0; row < 32; ++row)
                for (int64_t column = 32; column < 64; ++column) {
                    QCOMPARE(w[row * 64 + column], 0.0f); // added as zeros
                    w[row * 64 + column] = 4.0f * float((row + column) % 5 - 2);
                }
        });
        Engine edited;
        s = edited.loadModel(g.outDir);
        QVERIFY2(s.isOk(), s.toString().c_str());
        auto other = edited.generate(request(11));
        QVERIFY(other.isOk());
        // The tiny model's random logits are nearly flat, so its tokens rarely change; the base
        // steps' confidences say whether it reads the second encoder.
        auto baseConfidenceChange = [&](const GenerationResult& r) {
            double change = 0.0;
            for (std::size_t i = 0; i < r.steps.size(); ++i)
                if (r.steps[i].stage == Stage::Base)
                    change = std::max(change, std::abs(r.steps[i].meanConfidence - original->steps[i].meanConfidence));
            return change;
        };
        QCOMPARE(same->steps.size(), original->steps.size());
        QCOMPARE(other->steps.size(), original->steps.size());
        QVERIFY2(baseConfidenceChange(*same) < 1e-9, qPrintable(QString::number(baseConfidenceChange(*same))));
        QVERIFY2(baseConfidenceChange(*other) > 1e-7, qPrintable(QString::number(baseConfidenceChange(*other))));

        QFile config(dir.filePath("grown/transformer/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        config.close();
        QCOMPARE(json["encoder_hidden_size"].toInt(), 64);
        json["encoder_hidden_size"] = 32;
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QJsonDocument(json).toJson());
        config.close();
        Engine refused;
        s = refused.loadModel(g.outDir);
        QCOMPARE(s.code(), ErrorCode::ConfigMismatch); // the weights are 64 wide
        QVERIFY2(s.message().find("transformer/model.safetensors") != std::string::npos, s.message().c_str());
        QVERIFY2(s.message().find("text_projection.weight") != std::string::npos, s.message().c_str());
        // The original transformer (32 wide) beside two encoders: the widths are named.
        for (const char* f : {"config.json", "model.safetensors"}) {
            QFile::remove(dir.filePath(QString("grown/transformer/") + f));
            QVERIFY(QFile::copy(QString::fromStdString(kTinyModel + "/transformer/") + f, dir.filePath(QString("grown/transformer/") + f)));
        }
        s = refused.loadModel(g.outDir);
        QCOMPARE(s.code(), ErrorCode::ConfigMismatch);
        QVERIFY2(s.message().find("transformer/config.json: encoder_hidden_size 32") != std::string::npos, s.message().c_str());
        QVERIFY2(s.message().find("32 + 32 = 64") != std::string::npos, s.message().c_str());
        QVERIFY(!refused.hasModel());

        // Growing again, or from a folder with another tokenizer, is refused; nothing is left behind.
        g.modelDir = g.outDir;
        g.outDir = dir.filePath("again").toStdString();
        QCOMPARE(growModel(g).code(), ErrorCode::InvalidArgument);
        QVERIFY(QDir(dir.filePath("again")).isEmpty());
        copyTinyModelParts(dir, {"tokenizer", "text_encoder"});
        QFile spiece(dir.filePath("tokenizer/spiece.model"));
        QVERIFY(spiece.open(QIODevice::Append));
        spiece.write("x");
        spiece.close();
        g.modelDir = kTinyModel;
        g.outDir = dir.filePath("otherTokenizer").toStdString();
        g.secondTextEncoder = dir.path().toStdString();
        s = growModel(g);
        QCOMPARE(s.code(), ErrorCode::ConfigMismatch);
        QVERIFY2(s.message().find("tokenizer") != std::string::npos, s.message().c_str());
        QVERIFY(QDir(dir.filePath("otherTokenizer")).isEmpty());
    }

    void aMissingComponentIsReported()
    {
        QTemporaryDir dir;
        copyTinyModelParts(dir, {"tokenizer", "text_encoder", "transformer"});
        QFile::copy(QString::fromStdString(kTinyModel) + "/model_index.json", dir.filePath("model_index.json"));
        Engine engine;
        Status s = engine.loadModel(dir.path().toStdString());
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().find("vqvae") != std::string::npos, s.message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
