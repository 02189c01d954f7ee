#pragma once

namespace muse::ui {

// QUndoCommand::id() values of the commands that merge.
enum CommandId {
    kMaskStrokeCommandId = 1001,
    kExtendCanvasCommandId = 1002,
};

} // namespace muse::ui
