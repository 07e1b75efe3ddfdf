/*
 * dealer/plugin.h — the C ABI between dealerd and a game plugin.
 *
 * A plugin is a shared library named dealer_<name>.so that exports two
 * symbols (use DEALER_PLUGIN_EXPORT below, or the C++ SDK in plugin.hpp):
 *
 *   const uint32_t dealer_plugin_abi;          -- must equal DEALER_ABI_VERSION
 *   const dealer_plugin *dealer_plugin_init(const dealer_host *host);
 *
 * The host reads dealer_plugin_abi before it calls any plugin function and
 * refuses the library when it differs from its own DEALER_ABI_VERSION.
 *
 * Rules of this ABI (they keep old plugins loading in new hosts):
 *   - Every struct starts with `uint32_t struct_size`, set by whoever fills
 *     the struct to sizeof(the struct as it knew it). Structs only ever grow
 *     at the end; a reader checks struct_size before reading a field that a
 *     later version appended (DEALER_HAS_FIELD).
 *   - JSON crosses the boundary as UTF-8 text (pointer + length), never as a
 *     C++ object. Strings are UTF-8 and not necessarily NUL-terminated unless
 *     said so.
 *   - No C++ exception may cross the boundary. The C++ SDK catches them all.
 *   - DEALER_ABI_VERSION changes only for an incompatible change.
 *
 * Threading: calls on one dealer_session are never concurrent (the host
 * serialises them), but successive calls may come from different threads.
 * Calls on different sessions of one dealer_game may run at the same time:
 * treat a game as read-only after game_create, or lock what its sessions
 * share (a table of failed logins, say).
 *
 * Time: a plugin without DEALER_PLUGIN_SLOW is called on the network
 * threads and must answer in microseconds. A plugin that thinks (a game
 * tree search, a password hash) sets DEALER_PLUGIN_SLOW and the host calls
 * its session functions on worker threads instead (see dealer_plugin.flags).
 */
#ifndef DEALER_PLUGIN_H
#define DEALER_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define DEALER_ABI_VERSION 1u

/** Name of the exported ABI version symbol (a const uint32_t). */
#define DEALER_PLUGIN_ABI_SYMBOL "dealer_plugin_abi"
/** Name of the exported entry function (dealer_plugin_init_fn). */
#define DEALER_PLUGIN_INIT_SYMBOL "dealer_plugin_init"

/** True when a struct filled by the other side is large enough to hold FIELD. */
#define DEALER_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/*
 * Values that cross the boundary as function arguments or results are
 * fixed-width integers, never enum types: the size of an enum is the
 * compiler's choice (-fshort-enums), the size of int32_t is not.
 */

/** Outcome of a plugin call: one of DEALER_OK ... DEALER_BUSY. The host maps
 * each to a protocol error code. */
typedef int32_t dealer_status;
enum {
    DEALER_OK = 0,            /**< success; the output holds a JSON object */
    DEALER_BAD_OPTION = 1,    /**< options refused; output: {"text": "..."} */
    DEALER_ILLEGAL_MOVE = 2,  /**< move refused, game goes on; output: {"text": "..."} */
    DEALER_INTERNAL = 3,      /**< plugin failure; the host ends the session */
    DEALER_RATE_LIMITED = 4,  /**< try later; output: {"text": "...", "retry_after": N} */
    DEALER_BUSY = 5           /**< out of capacity; output: {"text": "..."} */
};

/** Log levels understood by dealer_host.log: one of DEALER_LOG_*. */
typedef int32_t dealer_log_level;
enum {
    DEALER_LOG_TRACE = 0,  /**< very detailed tracing */
    DEALER_LOG_DEBUG = 1,  /**< debugging */
    DEALER_LOG_INFO = 2,   /**< normal operation */
    DEALER_LOG_WARN = 3,   /**< something the operator should look at */
    DEALER_LOG_ERROR = 4   /**< something failed */
};

/**
 * Services the host offers a plugin. Passed to dealer_plugin_init and valid
 * until the plugin is unloaded.
 * OWNERSHIP: owned by the host; the plugin keeps the pointer, never frees it.
 */
typedef struct dealer_host {
    uint32_t struct_size;   /**< sizeof(dealer_host) as the host knows it */
    uint32_t abi_version;   /**< the host's DEALER_ABI_VERSION */
    void *host_data;        /**< opaque host context; pass back unchanged */
    /** Fills buf with len bytes from a CSPRNG. Thread-safe. */
    void (*random_bytes)(const struct dealer_host *host, void *buf, size_t len);
    /** Monotonic clock in milliseconds (for durations). Thread-safe. */
    uint64_t (*monotonic_ms)(const struct dealer_host *host);
    /** Wall clock in milliseconds since the Unix epoch. Thread-safe. */
    uint64_t (*wall_ms)(const struct dealer_host *host);
    /** Logs one message (UTF-8, msg_len bytes) tagged with the plugin name. */
    void (*log)(const struct dealer_host *host, dealer_log_level level,
                const char *msg, size_t msg_len);
    /** SHA-256 of data into out[32]. Thread-safe. */
    void (*sha256)(const struct dealer_host *host, const void *data, size_t len,
                   uint8_t out[32]);
} dealer_host;

/**
 * Where a plugin writes its answer to a call.
 * OWNERSHIP: owned by the host and valid only during the call it was passed
 * to. `write` copies the bytes; the plugin keeps nothing.
 */
typedef struct dealer_output {
    uint32_t struct_size;   /**< sizeof(dealer_output) as the host knows it */
    void *host_data;        /**< opaque host context; pass back unchanged */
    /** Appends len bytes of UTF-8 to the answer. May be called several times. */
    void (*write)(struct dealer_output *out, const char *data, size_t len);
} dealer_output;

/** Kinds of value an option may hold. */
typedef enum dealer_option_type {
    DEALER_OPTION_INT = 0,     /**< integer in [min, max] */
    DEALER_OPTION_STRING = 1,  /**< any UTF-8 string */
    DEALER_OPTION_BOOL = 2,    /**< true or false */
    DEALER_OPTION_CHOICE = 3,  /**< one of the words in `choices` */
    /** A duration written with a unit ("250ms", "30s", "10m", "1h", "2d") in
     * the config and in `play`, within [min, max] milliseconds; the plugin
     * receives it as an integer number of milliseconds. */
    DEALER_OPTION_DURATION = 4
} dealer_option_type;

/** Option flags. */
#define DEALER_OPTION_PLAYER 1u  /**< a player may set it in `play` */
#define DEALER_OPTION_SECRET 2u  /**< never shown to players or logged */

/**
 * One option a game accepts, in its operator table ([games.NAME]) and, when
 * flagged DEALER_OPTION_PLAYER, in a player's `play` request. The host
 * validates types and bounds, fills in defaults and hands the plugin a
 * complete JSON object of all options.
 * OWNERSHIP: owned by the plugin, static for its lifetime.
 */
typedef struct dealer_option {
    uint32_t struct_size;      /**< sizeof(dealer_option) */
    uint32_t type;             /**< a dealer_option_type */
    uint32_t flags;            /**< DEALER_OPTION_* bits */
    const char *name;          /**< NUL-terminated option key, e.g. "max" */
    const char *help;          /**< NUL-terminated one-line description */
    const char *default_json;  /**< NUL-terminated JSON of the default value */
    int64_t min;               /**< INT: smallest value; DURATION: shortest, in ms */
    int64_t max;               /**< INT: largest value; DURATION: longest, in ms */
    const char *choices;       /**< DEALER_OPTION_CHOICE: "a|b|c"; else NULL */
} dealer_option;

/** Transport a session arrived on. */
typedef enum dealer_transport {
    DEALER_TRANSPORT_TCP = 0,  /**< a TCP connection */
    DEALER_TRANSPORT_UDP = 1   /**< a validated UDP peer */
} dealer_transport;

/**
 * Who is playing. Passed to session_open.
 * OWNERSHIP: owned by the host, valid during the call only; copy what you
 * keep. `player_data` points at a slot that lives as long as the player's
 * connection and is shared by every game session of that connection on the
 * same configured game.
 */
typedef struct dealer_session_info {
    uint32_t struct_size;       /**< sizeof(dealer_session_info) as the host knows it */
    uint32_t transport;         /**< a dealer_transport */
    const char *peer_address;   /**< the peer's IP address as text */
    size_t peer_address_len;    /**< length of peer_address in bytes */
    /**
     * Per-connection memory for the plugin (e.g. a player's habits). Starts
     * as NULL. The plugin may store a pointer it allocated; the host calls
     * dealer_plugin.player_data_free on it when the connection ends.
     */
    void **player_data;
} dealer_session_info;

/** A configured game (one [games.NAME] table). Opaque to the host. */
typedef struct dealer_game dealer_game;
/** One player's running game. Opaque to the host. */
typedef struct dealer_session dealer_session;

/** Plugin flags (dealer_plugin.flags). */
/**
 * session_open, session_move, text_to_move and render_text may take
 * milliseconds of CPU (a password hash, a search). The host calls them on
 * its bounded pool of worker threads, never on a network thread, so that
 * other players are not kept waiting; a player whose call cannot be queued
 * gets server_busy.
 */
#define DEALER_PLUGIN_SLOW 1u

/** Reply kinds passed to render_text: one of DEALER_REPLY_*. */
typedef uint32_t dealer_reply_kind;
enum {
    DEALER_REPLY_START = 0,  /**< the reply to `play` */
    DEALER_REPLY_STATE = 1   /**< the reply to a move */
};

/**
 * The descriptor a plugin returns from dealer_plugin_init.
 * OWNERSHIP: owned by the plugin, static until it is unloaded.
 */
typedef struct dealer_plugin {
    uint32_t struct_size;      /**< sizeof(dealer_plugin) as the plugin knows it */
    uint32_t abi_version;      /**< DEALER_ABI_VERSION the plugin was built with */
    const char *name;          /**< NUL-terminated plugin name, e.g. "guess" */
    const char *version;       /**< NUL-terminated plugin version, e.g. "1.0.0" */
    const char *title;         /**< NUL-terminated short title for game lists */
    const char *description;   /**< NUL-terminated one-sentence description */
    uint32_t players;          /**< players per game (1: player against dealer) */
    /** NULL-terminated array of the options the game accepts (may be NULL). */
    const dealer_option *const *options;

    /**
     * Creates a configured game from its complete options (a JSON object,
     * validated by the host against `options`). Returns NULL on refusal and
     * writes {"text": "why"} to err. Required.
     * OWNERSHIP: the returned game belongs to the host, freed by game_destroy.
     */
    dealer_game *(*game_create)(const char *options_json, size_t options_len,
                                dealer_output *err);
    /** Frees a game made by game_create; no session of it is open. Required. */
    void (*game_destroy)(dealer_game *game);

    /**
     * Starts a session. options_json holds every option (game defaults with
     * the player's choices applied). On DEALER_OK, *session is set and out
     * holds the opening state as a JSON object; the host adds "type" and
     * "game". Required.
     * OWNERSHIP: *session belongs to the host, freed by session_close.
     */
    dealer_status (*session_open)(dealer_game *game, const dealer_session_info *info,
                                  const char *options_json, size_t options_len,
                                  dealer_session **session, dealer_output *out);
    /**
     * Applies a move: move_json is the player's whole request object. On
     * DEALER_OK out holds the new state as a JSON object with at least
     * "over" (bool), "text" (string) and, when over, "result"
     * ("win"|"lose"|"draw"). Required.
     */
    dealer_status (*session_move)(dealer_session *session, const char *move_json,
                                  size_t move_len, dealer_output *out);
    /** Ends a session (finished or not) and frees it. Required. */
    void (*session_close)(dealer_session *session);

    /**
     * Turns a line typed in text mode into a move object (JSON), e.g. "5" ->
     * {"guess":5}. Optional: without it the host sends {"input": LINE}.
     */
    dealer_status (*text_to_move)(dealer_session *session, const char *line,
                                  size_t line_len, dealer_output *out);
    /**
     * Renders a start or state object (as the plugin produced it) as plain
     * text lines for a person on netcat. Optional: without it the host shows
     * the object's "text" field.
     */
    dealer_status (*render_text)(dealer_session *session, dealer_reply_kind kind,
                                 const char *reply_json, size_t reply_len,
                                 dealer_output *out);
    /** Frees what a plugin stored in dealer_session_info.player_data. Optional. */
    void (*player_data_free)(void *player_data);
    /** DEALER_PLUGIN_* bits; read as 0 from a descriptor too short to hold it. */
    uint32_t flags;
} dealer_plugin;

/** Signature of the exported entry function. */
typedef const dealer_plugin *(*dealer_plugin_init_fn)(const dealer_host *host);

#if defined(_WIN32)
#define DEALER_EXPORT __declspec(dllexport)
#else
#define DEALER_EXPORT __attribute__((visibility("default")))
#endif

/**
 * Declares the two exported symbols. Use once per plugin, at file scope:
 *   DEALER_PLUGIN_EXPORT(my_init)
 * where my_init is a function of type dealer_plugin_init_fn.
 */
#ifdef __cplusplus
#define DEALER_PLUGIN_EXPORT(init_function)                                         \
    extern "C" DEALER_EXPORT const uint32_t dealer_plugin_abi = DEALER_ABI_VERSION; \
    extern "C" DEALER_EXPORT const dealer_plugin *dealer_plugin_init(const dealer_host *host) { \
        return init_function(host);                                                 \
    }
#else
#define DEALER_PLUGIN_EXPORT(init_function)                                        \
    DEALER_EXPORT const uint32_t dealer_plugin_abi = DEALER_ABI_VERSION;           \
    DEALER_EXPORT const dealer_plugin *dealer_plugin_init(const dealer_host *host) { \
        return init_function(host);                                                \
    }
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DEALER_PLUGIN_H */
