#pragma once
// A file written under a temporary name and renamed over the target on commit(), so a crash or a
// full disk never leaves a half-written image or checkpoint where a good one was.

#include "muse/Status.h"

#include <cstdio>
#include <string>

namespace muse {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile(); // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    bool isOpen() const { return m_file != nullptr; }
    const Status& status() const { return m_status; }
    FILE* file() const { return m_file; }
    Status commit();

private:
    std::string m_path;
    std::string m_tmpPath;
    FILE* m_file = nullptr;
    Status m_status;
};

// Writes `text` to `path` through an AtomicFile.
Status writeTextFileAtomically(const std::string& path, const std::string& text);

} // namespace muse
