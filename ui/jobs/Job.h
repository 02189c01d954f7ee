#pragma once

#include "muse/Requests.h"

#include <QImage>
#include <QPoint>
#include <QString>

namespace muse::ui {

// One queued generation as the GUI sees it.
struct Job {
    enum class State { Queued, Running, Finished, Failed, Cancelled };

    quint64 id = 0;
    AnyRequest request;
    State state = State::Queued;
    QString label;        // the prompt, for lists
    QImage sourceImage;   // the document image the job started from (for comparing)
    QPoint resultOrigin;  // where the result's top-left lands in document coordinates
    QSize expectedSize;   // of the result, when known (previews are scaled to it)
    QString stageText;
    double fraction = 0;  // 0..1 over all decoding steps
    double secondsLeft = -1;
    QString error;
    // Batches run image by image, each through every stage; these follow which one is running.
    int imageIndex = 0;
    int lastBaseStep = 0;
    bool sawSuperRes = false;

    bool isActive() const { return state == State::Queued || state == State::Running; }
};

} // namespace muse::ui
