// Splits a byte stream into newline-terminated lines (SPEC §3): a '\r'
// before the '\n' is dropped, and a line longer than the limit is reported
// as soon as it is known to be too long, without buffering the rest of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace dealer::protocol {

/// Incremental line splitter with a length limit. Holds only the unfinished
/// tail of the stream, and nothing at all between lines.
class LineFramer {
public:
    /// What feed() stopped on.
    enum class Status {
        ok,        ///< all bytes consumed
        stopped,   ///< the callback asked to stop; later bytes were not looked at
        too_long,  ///< a line exceeded the limit; the stream is unusable
    };

    /// max_line_bytes: the most bytes a line may hold, not counting "\r\n".
    explicit LineFramer(std::size_t max_line_bytes) noexcept : max_line_bytes_(max_line_bytes) {}

    /// Consumes data, calling on_line(std::string_view) for each complete line
    /// (without its "\n" or "\r\n"); on_line returns false to stop early.
    template <class OnLine>
    Status feed(std::string_view data, OnLine&& on_line) {
        return consume(data, std::forward<OnLine>(on_line));
    }

    /// As feed(), but consumes from data in place: when on_line stops early,
    /// data is left holding the bytes not yet looked at, for a later call
    /// (a reader pausing for backpressure loses nothing).
    template <class OnLine>
    Status consume(std::string_view& data, OnLine&& on_line);

    /// True while part of a line has arrived but not its newline.
    [[nodiscard]] bool has_partial() const noexcept { return !partial_.empty(); }

    /// Bytes held for the unfinished line.
    [[nodiscard]] std::size_t buffered() const noexcept { return partial_.size(); }

    /// Changes the limit (config reload); applies to the next line.
    void set_max_line_bytes(std::size_t max) noexcept { max_line_bytes_ = max; }

private:
    /// The line without a trailing '\r', if it is within the limit.
    [[nodiscard]] bool trim_and_check(std::string_view& line) const noexcept {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line.size() <= max_line_bytes_;
    }

    /// Returns the buffer's memory once a line is done, so an idle session
    /// holds no buffer.
    void release() noexcept {
        if (partial_.capacity() > kKeepCapacity) std::string().swap(partial_);
        else partial_.clear();
    }

    static constexpr std::size_t kKeepCapacity = 64;
    std::size_t max_line_bytes_;
    std::string partial_;
};

template <class OnLine>
LineFramer::Status LineFramer::consume(std::string_view& data, OnLine&& on_line) {
    while (!data.empty()) {
        const std::size_t nl = data.find('\n');
        if (nl == std::string_view::npos) {
            // An unfinished line may still end in '\r', which does not count.
            if (partial_.size() + data.size() > max_line_bytes_ + 1) return Status::too_long;
            partial_.append(data);
            return Status::ok;
        }
        std::string_view line = data.substr(0, nl);
        data.remove_prefix(nl + 1);
        bool keep_going;
        if (partial_.empty()) {
            // Fast path: the whole line is in this chunk; no copy.
            if (!trim_and_check(line)) return Status::too_long;
            keep_going = on_line(line);
        } else {
            if (partial_.size() + line.size() > max_line_bytes_ + 1) return Status::too_long;
            partial_.append(line);
            std::string_view whole = partial_;
            if (!trim_and_check(whole)) return Status::too_long;
            keep_going = on_line(whole);
            release();
        }
        if (!keep_going) return Status::stopped;
    }
    return Status::ok;
}

}  // namespace dealer::protocol
