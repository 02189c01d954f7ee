#pragma once

namespace muse::ui {

// The four operations, in the order of muse::AnyRequest's alternatives.
enum class GenerationMode { Generate = 0, Inpaint = 1, Outpaint = 2, Edit = 3 };

} // namespace muse::ui
