#include "image/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace muse {

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)), m_tmpPath(m_path + ".part")
{
    m_file = std::fopen(m_tmpPath.c_str(), "wb");
    if (!m_file)
        m_status = Status(ErrorCode::IoError, m_path + ": cannot create: " + std::strerror(errno));
}

AtomicFile::~AtomicFile()
{
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_tmpPath.c_str());
    }
}

Status AtomicFile::commit()
{
    if (!m_file)
        return m_status;
    const bool flushed = std::fflush(m_file) == 0 && fsync(fileno(m_file)) == 0;
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (!flushed || !closed) {
        std::remove(m_tmpPath.c_str());
        return Status(ErrorCode::IoError, m_path + ": write failed (disk full?)");
    }
    if (std::rename(m_tmpPath.c_str(), m_path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(m_tmpPath.c_str());
        return Status(ErrorCode::IoError, m_path + ": cannot replace: " + reason);
    }
    return Status::ok();
}

Status writeTextFileAtomically(const std::string& path, const std::string& text)
{
    AtomicFile file(path);
    if (!file.isOpen())
        return file.status();
    if (std::fwrite(text.data(), 1, text.size(), file.file()) != text.size())
        return Status(ErrorCode::IoError, path + ": write failed");
    return file.commit();
}

} // namespace muse
