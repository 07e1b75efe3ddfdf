// dealer/plugin.hpp — the header-only C++ SDK over the C ABI in plugin.h.
//
// A game author writes two classes and one macro line:
//
//   class MySession : public dealer::sdk::Session {
//     nlohmann::json move(const nlohmann::json& request) override;  // throw IllegalMove to refuse
//   };
//   class MyGame : public dealer::sdk::Game {
//     MyGame(const dealer::sdk::Host& host, const nlohmann::json& options);  // throw BadOption to refuse
//     std::unique_ptr<dealer::sdk::Session> open(const nlohmann::json& options,
//         const dealer::sdk::SessionInfo& info, nlohmann::json& start) override;
//   };
//   DEALER_SDK_PLUGIN(MyGame, my_descriptor_fields...)
//
// Every call from the host goes through a noexcept thunk that catches every
// exception: IllegalMove, BadOption, RateLimited and Busy become their status
// codes; anything else becomes DEALER_INTERNAL (and is logged). No exception
// ever crosses into the host.
#pragma once

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "dealer/plugin.h"

namespace dealer::sdk {

/// The JSON type the SDK hands to game code; it keeps keys in the order the
/// game wrote them, so replies read naturally ("min", "max", "commit").
using json = nlohmann::ordered_json;

/// Thrown by a game to refuse a move; the game goes on. Maps to illegal_move.
struct IllegalMove : std::runtime_error {
    using std::runtime_error::runtime_error;  ///< construct with a human sentence
};

/// Thrown by a game to refuse options (at game_create or session_open). Maps to bad_option.
struct BadOption : std::runtime_error {
    using std::runtime_error::runtime_error;  ///< construct with a human sentence
};

/// Thrown to tell the player to come back later. Maps to rate_limited.
struct RateLimited : std::runtime_error {
    /// text: a human sentence; retry_after: seconds until a retry may succeed.
    RateLimited(const std::string& text, std::uint64_t retry_after)
        : std::runtime_error(text), retry_after_seconds(retry_after) {}
    std::uint64_t retry_after_seconds;  ///< seconds until a retry may succeed
};

/// Thrown when the game is out of capacity. Maps to server_busy.
struct Busy : std::runtime_error {
    using std::runtime_error::runtime_error;  ///< construct with a human sentence
};

/// The host's services (CSPRNG, clocks, logging, SHA-256) in C++ form.
class Host {
public:
    /// Wraps the host table given to dealer_plugin_init (may be null before init).
    explicit Host(const dealer_host* host = nullptr) noexcept : host_(host) {}

    /// Fills buf with len bytes from the host's CSPRNG.
    void random_bytes(void* buf, std::size_t len) const { host_->random_bytes(host_, buf, len); }

    /// A uniformly random integer in [lo, hi] from the CSPRNG (rejection sampling, no modulo bias).
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) const {
        if (hi <= lo) return lo;
        const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if (span == UINT64_MAX) return static_cast<std::int64_t>(random_u64());
        const std::uint64_t range = span + 1;
        const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);  // accept [0, limit)
        std::uint64_t r;
        do { r = random_u64(); } while (r >= limit);
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + r % range);
    }

    /// 32 lowercase hex characters (128 bits) from the CSPRNG, for commitments.
    std::string nonce_hex() const {
        unsigned char bytes[16];
        random_bytes(bytes, sizeof bytes);
        return to_hex(bytes, sizeof bytes);
    }

    /// Lowercase hex SHA-256 of data.
    std::string sha256_hex(std::string_view data) const {
        std::uint8_t digest[32];
        host_->sha256(host_, data.data(), data.size(), digest);
        return to_hex(digest, sizeof digest);
    }

    /// The commitment of SPEC §5: hex SHA-256 of "<value>:<nonce>".
    std::string commit(std::string_view value, std::string_view nonce) const {
        std::string text;
        text.reserve(value.size() + 1 + nonce.size());
        text.append(value).append(1, ':').append(nonce);
        return sha256_hex(text);
    }

    /// Monotonic milliseconds, for measuring durations.
    std::uint64_t monotonic_ms() const { return host_->monotonic_ms(host_); }
    /// Wall-clock milliseconds since the Unix epoch.
    std::uint64_t wall_ms() const { return host_->wall_ms(host_); }

    /// Logs a message through the daemon's logger, tagged with the plugin name.
    void log(dealer_log_level level, std::string_view message) const noexcept {
        if (host_ != nullptr) host_->log(host_, level, message.data(), message.size());
    }

    /// The raw C table, for calls the C++ wrapper does not cover.
    const dealer_host* raw() const noexcept { return host_; }

    /// Lowercase hex of len bytes.
    static std::string to_hex(const void* data, std::size_t len) {
        static constexpr char digits[] = "0123456789abcdef";
        const auto* p = static_cast<const unsigned char*>(data);
        std::string hex(len * 2, '0');
        for (std::size_t i = 0; i < len; ++i) {
            hex[2 * i] = digits[p[i] >> 4];
            hex[2 * i + 1] = digits[p[i] & 0xf];
        }
        return hex;
    }

private:
    std::uint64_t random_u64() const {
        std::uint64_t r;
        random_bytes(&r, sizeof r);
        return r;
    }

    const dealer_host* host_;
};

/// Base of what a plugin keeps per player connection (see SessionInfo::player_data).
struct PlayerData {
    virtual ~PlayerData() = default;  ///< freed by the host through player_data_free
};

/// Who is playing, as the game sees it.
struct SessionInfo {
    dealer_transport transport = DEALER_TRANSPORT_TCP;  ///< TCP or UDP
    std::string peer_address;                            ///< the player's IP address
    void** player_data_slot = nullptr;                   ///< host slot, see player_data()

    /// Memory shared by every game of this player's connection on this game:
    /// created as T{} on first use, freed when the connection ends.
    template <class T>
    T& player_data() const {
        static_assert(std::is_base_of_v<PlayerData, T>, "T must derive from dealer::sdk::PlayerData");
        // A SessionInfo made by hand (a unit test of a game) has no host slot:
        // an error the SDK turns into DEALER_ERR_INTERNAL, not a crash.
        if (player_data_slot == nullptr) throw std::logic_error("player_data: this session has no host slot");
        if (*player_data_slot == nullptr) *player_data_slot = static_cast<PlayerData*>(new T());
        auto* base = static_cast<PlayerData*>(*player_data_slot);
        auto* typed = dynamic_cast<T*>(base);
        if (typed == nullptr) throw std::logic_error("player_data used with two different types");
        return *typed;
    }
};

/// One player's running game. Calls on one session never overlap.
class Session {
public:
    virtual ~Session() = default;

    /// Applies a move (the player's whole request object) and returns the new
    /// state: "over", "text" and, when over, "result", plus game fields.
    /// Throw IllegalMove to refuse the move.
    virtual json move(const json& request) = 0;

    /// Turns a line typed on netcat into a move object. The default sends {"input": line}.
    virtual json text_to_move(std::string_view line) { return json{{"input", std::string(line)}}; }

    /// Renders a start (kind == DEALER_REPLY_START) or state object as text
    /// lines for a person. The default is the object's "text" field.
    virtual std::string render_text(dealer_reply_kind kind, const json& reply) {
        (void)kind;
        auto it = reply.find("text");
        return it != reply.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
};

/// A configured game: one [games.NAME] table. Shared by many sessions on
/// several threads; keep it read-only after construction, or lock what the
/// sessions share.
///
/// A game class whose sessions think for milliseconds (a search, a password
/// hash) declares
///     static constexpr std::uint32_t plugin_flags = DEALER_PLUGIN_SLOW;
/// and the host then calls its sessions on worker threads (see plugin.h).
class Game {
public:
    virtual ~Game() = default;

    /// Starts a session with the complete options (defaults plus the player's
    /// choices). Fill `start` with the opening state. Throw BadOption to refuse.
    virtual std::unique_ptr<Session> open(const json& options, const SessionInfo& info, json& start) = 0;
};

/// Option descriptor helpers, for building the static options array.
/// @{
/// An integer option in [min, max] with a default given as JSON text.
constexpr dealer_option int_option(const char* name, const char* help, const char* default_json,
                                   std::int64_t min, std::int64_t max, std::uint32_t flags = 0) {
    return dealer_option{sizeof(dealer_option), DEALER_OPTION_INT, flags, name, help, default_json, min, max, nullptr};
}
/// A string option.
constexpr dealer_option string_option(const char* name, const char* help, const char* default_json,
                                      std::uint32_t flags = 0) {
    return dealer_option{sizeof(dealer_option), DEALER_OPTION_STRING, flags, name, help, default_json, 0, 0, nullptr};
}
/// A boolean option.
constexpr dealer_option bool_option(const char* name, const char* help, const char* default_json,
                                    std::uint32_t flags = 0) {
    return dealer_option{sizeof(dealer_option), DEALER_OPTION_BOOL, flags, name, help, default_json, 0, 0, nullptr};
}
/// A duration option: written "10m" by operators and players, handed to the
/// game as an integer of milliseconds in [min_ms, max_ms]. default_json is
/// a JSON string such as "\"10m\"".
constexpr dealer_option duration_option(const char* name, const char* help, const char* default_json,
                                        std::int64_t min_ms, std::int64_t max_ms, std::uint32_t flags = 0) {
    return dealer_option{sizeof(dealer_option), DEALER_OPTION_DURATION, flags, name, help, default_json,
                         min_ms, max_ms, nullptr};
}
/// An option whose value is one word of `choices` ("a|b|c").
constexpr dealer_option choice_option(const char* name, const char* help, const char* default_json,
                                      const char* choices, std::uint32_t flags = 0) {
    return dealer_option{sizeof(dealer_option), DEALER_OPTION_CHOICE, flags, name, help, default_json, 0, 0, choices};
}
/// @}

namespace detail {

/// Writes a string to a host output.
inline void write(dealer_output* out, std::string_view text) noexcept {
    if (out != nullptr) out->write(out, text.data(), text.size());
}

/// Serialises JSON without throwing on invalid UTF-8 (it is replaced).
inline std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Writes {"text": message[, "retry_after": N]} for an error status.
inline void write_error(dealer_output* out, const char* message, std::uint64_t retry_after = 0) noexcept {
    try {
        json error{{"text", message}};
        if (retry_after > 0) error["retry_after"] = retry_after;
        write(out, dump(error));
    } catch (...) {
        write(out, R"({"text":"plugin error"})");
    }
}

/// Runs fn, turning every exception into a status and an error text.
template <class Fn>
dealer_status guarded(const Host& host, dealer_output* out, Fn&& fn) noexcept {
    try {
        return fn();
    } catch (const IllegalMove& e) {
        write_error(out, e.what());
        return DEALER_ILLEGAL_MOVE;
    } catch (const BadOption& e) {
        write_error(out, e.what());
        return DEALER_BAD_OPTION;
    } catch (const RateLimited& e) {
        write_error(out, e.what(), e.retry_after_seconds);
        return DEALER_RATE_LIMITED;
    } catch (const Busy& e) {
        write_error(out, e.what());
        return DEALER_BUSY;
    } catch (const std::exception& e) {
        try {
            host.log(DEALER_LOG_ERROR, std::string("exception in game: ") + e.what());
        } catch (...) {
            host.log(DEALER_LOG_ERROR, "exception in game");  // no memory for the message
        }
        write_error(out, "the game failed");
        return DEALER_INTERNAL;
    } catch (...) {
        host.log(DEALER_LOG_ERROR, "unknown exception in game");
        write_error(out, "the game failed");
        return DEALER_INTERNAL;
    }
}

/// The C thunks for a Game class G; one instantiation per plugin.
template <class G>
struct Adapter {
    static inline Host host;  ///< set by init before any other call

    static dealer_game* game_create(const char* options, std::size_t len, dealer_output* err) noexcept {
        G* game = nullptr;
        guarded(host, err, [&] {
            game = new G(host, json::parse(options, options + len));
            return DEALER_OK;
        });
        return reinterpret_cast<dealer_game*>(game);
    }

    static void game_destroy(dealer_game* game) noexcept {
        try {
            delete reinterpret_cast<G*>(game);
        } catch (...) {
            host.log(DEALER_LOG_ERROR, "exception while destroying a game");
        }
    }

    static dealer_status session_open(dealer_game* game, const dealer_session_info* info,
                                      const char* options, std::size_t len, dealer_session** session,
                                      dealer_output* out) noexcept {
        return guarded(host, out, [&] {
            SessionInfo who;
            who.transport = static_cast<dealer_transport>(info->transport);
            who.peer_address.assign(info->peer_address, info->peer_address_len);
            who.player_data_slot = info->player_data;
            json start = json::object();
            std::unique_ptr<Session> s =
                reinterpret_cast<G*>(game)->open(json::parse(options, options + len), who, start);
            write(out, dump(start));
            *session = reinterpret_cast<dealer_session*>(s.release());
            return DEALER_OK;
        });
    }

    static dealer_status session_move(dealer_session* session, const char* move, std::size_t len,
                                      dealer_output* out) noexcept {
        return guarded(host, out, [&] {
            json state = as_session(session)->move(json::parse(move, move + len));
            write(out, dump(state));
            return DEALER_OK;
        });
    }

    static void session_close(dealer_session* session) noexcept {
        try {
            delete as_session(session);
        } catch (...) {
            host.log(DEALER_LOG_ERROR, "exception while closing a session");
        }
    }

    static dealer_status text_to_move(dealer_session* session, const char* line, std::size_t len,
                                      dealer_output* out) noexcept {
        return guarded(host, out, [&] {
            write(out, dump(as_session(session)->text_to_move(std::string_view(line, len))));
            return DEALER_OK;
        });
    }

    static dealer_status render_text(dealer_session* session, dealer_reply_kind kind, const char* reply,
                                     std::size_t len, dealer_output* out) noexcept {
        return guarded(host, out, [&] {
            write(out, as_session(session)->render_text(kind, json::parse(reply, reply + len)));
            return DEALER_OK;
        });
    }

    static void player_data_free(void* data) noexcept {
        try {
            delete static_cast<PlayerData*>(data);
        } catch (...) {
            host.log(DEALER_LOG_ERROR, "exception while freeing player data");
        }
    }

    static Session* as_session(dealer_session* s) noexcept { return reinterpret_cast<Session*>(s); }
};

}  // namespace detail

namespace detail {

/// G::plugin_flags when the game class declares it, else 0.
template <class G, class = void>
struct PluginFlags : std::integral_constant<std::uint32_t, 0> {};
/// Specialisation for a game class that declares plugin_flags.
template <class G>
struct PluginFlags<G, std::void_t<decltype(G::plugin_flags)>>
    : std::integral_constant<std::uint32_t, G::plugin_flags> {};

}  // namespace detail

/// Fills a descriptor with the thunks for game class G.
template <class G>
dealer_plugin make_descriptor(const char* name, const char* version, const char* title,
                              const char* description, const dealer_option* const* options) {
    using A = detail::Adapter<G>;
    dealer_plugin p{};
    p.struct_size = sizeof(dealer_plugin);
    p.abi_version = DEALER_ABI_VERSION;
    p.name = name;
    p.version = version;
    p.title = title;
    p.description = description;
    p.players = 1;
    p.options = options;
    p.game_create = &A::game_create;
    p.game_destroy = &A::game_destroy;
    p.session_open = &A::session_open;
    p.session_move = &A::session_move;
    p.session_close = &A::session_close;
    p.text_to_move = &A::text_to_move;
    p.render_text = &A::render_text;
    p.player_data_free = &A::player_data_free;
    p.flags = detail::PluginFlags<G>::value;
    return p;
}

}  // namespace dealer::sdk

/// Defines the plugin's exported symbols for game class GAME.
/// NAME, VERSION, TITLE, DESCRIPTION are string literals; OPTIONS is a
/// NULL-terminated `const dealer_option* const[]` (or nullptr).
#define DEALER_SDK_PLUGIN(GAME, NAME, VERSION, TITLE, DESCRIPTION, OPTIONS)                      \
    namespace {                                                                                  \
    const dealer_plugin* dealer_sdk_init(const dealer_host* host) {                              \
        ::dealer::sdk::detail::Adapter<GAME>::host = ::dealer::sdk::Host(host);                 \
        static const dealer_plugin descriptor =                                                  \
            ::dealer::sdk::make_descriptor<GAME>(NAME, VERSION, TITLE, DESCRIPTION, OPTIONS);    \
        return &descriptor;                                                                      \
    }                                                                                            \
    }                                                                                            \
    DEALER_PLUGIN_EXPORT(dealer_sdk_init)
