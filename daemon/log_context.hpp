// Which session a log line is about, for the journal sink's structured
// fields (DEALER_SESSION, DEALER_GAME, DEALER_PEER). The code that works for
// a session opens a LogScope; every line logged on that thread meanwhile,
// a plugin's own included, carries the session's fields.
#pragma once

#include <string>

namespace dealer {

/// A session's fields, owned by the Session and kept current by it.
struct LogFields {
    std::string session;  ///< its number, unique in this process ("17")
    std::string peer;     ///< "tcp 127.0.0.1:5555"
    std::string game;     ///< the game being played, "" in the lobby
};

/// While alive, lines logged on this thread carry `fields`. Nests: the
/// previous scope comes back at the end. fields must outlive the scope.
class LogScope {
public:
    explicit LogScope(const LogFields& fields) noexcept;
    ~LogScope();
    LogScope(const LogScope&) = delete;             ///< tied to one thread's stack
    LogScope& operator=(const LogScope&) = delete;  ///< tied to one thread's stack

    /// The fields of the innermost scope on this thread, or nullptr.
    static const LogFields* current() noexcept;

private:
    const LogFields* previous_;
};

}  // namespace dealer
