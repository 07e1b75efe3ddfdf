#include "daemon/file_identity.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace dealer {

FileIdentity FileIdentity::of(const struct stat& st) noexcept {
    FileIdentity id;
    id.device = static_cast<std::uint64_t>(st.st_dev);
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.size = static_cast<std::int64_t>(st.st_size);
    id.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return id;
}

// Called at SIGHUP for each plugin path of the new config, to tell an
// unchanged plugin (reused as it is) from a replaced one (loaded afresh).
std::optional<FileIdentity> identify_file(const std::string& path, std::string& why) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    return FileIdentity::of(st);
}

}  // namespace dealer
