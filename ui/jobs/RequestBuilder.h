#pragma once

#include "jobs/Job.h"
#include "muse/Engine.h"

#include <QCoreApplication>
#include <QMargins>
#include <QSize>
#include <QString>

namespace muse::ui {

class Document;
class HistoryStore;

// Turns the prompt panel's request and the document into a job: fills in the image, mask and
// margins, writes the inputs next to the history (so the request's metadata names real files
// and can be re-run), works out where the result lands, and validates.
class RequestBuilder {
    Q_DECLARE_TR_FUNCTIONS(muse::ui::RequestBuilder)

public:
    struct Built {
        Job job;
        QString error; // empty = ready to queue
    };

    // `inputs` may be null (no files written; the request then carries pixels only).
    static Built build(const AnyRequest& panelRequest, const Document& document, const ModelDescription& model,
                       HistoryStore* inputs, quint64 jobId);
    // Rounds a margin up to whole tokens, as the engine does.
    static int roundUpToTokens(int pixels, int tokenSize);
    // Where the original's top-left lies in an outpaint result. The engine rounds the image and
    // each margin up to whole size units (the token size or a multiple of it, for models with a
    // super-res stage); the unit is the one that explains the result's size.
    static QPoint outpaintOrigin(QSize imageSize, QMargins margins, QSize resultSize, int tokenSize);
};

} // namespace muse::ui
