// Which file a path names, and which version of it: what a reload compares
// to decide whether a plugin file was replaced since it was loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct stat;

namespace dealer {

/// A file's identity: device and inode say which file, size and
/// modification time (to the nanosecond) which version of it. A plugin
/// installed by rename gets a new inode; one copied over in place keeps
/// its inode but gets a new modification time.
struct FileIdentity {
    std::uint64_t device = 0;    ///< st_dev
    std::uint64_t inode = 0;     ///< st_ino
    std::int64_t size = 0;       ///< st_size, bytes
    std::int64_t mtime_ns = 0;   ///< st_mtim, nanoseconds since the epoch

    /// Same file, same version.
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;

    /// The identity in a stat result.
    static FileIdentity of(const struct stat& st) noexcept;
};

/// The identity of the file at path (symbolic links followed, as dlopen
/// and open would), or nullopt and why (strerror) when it cannot be stat'ed.
std::optional<FileIdentity> identify_file(const std::string& path, std::string& why);

}  // namespace dealer
