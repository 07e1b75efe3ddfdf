// A loaded plugin: the dlopen handle, its checked descriptor and option
// schema, and C++ wrappers for every ABI call that catch whatever a plugin
// throws and capture what it writes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/file_identity.hpp"
#include "daemon/host_services.hpp"
#include "daemon/option_schema.hpp"
#include "dealer/plugin.h"

namespace dealer {

class Unloader;

/// What a plugin wrote with an error status: {"text": ..., "retry_after": N}.
struct PluginError {
    std::string text;              ///< the plugin's sentence; empty when it gave none
    std::uint64_t retry_after = 0; ///< seconds, for DEALER_RATE_LIMITED; 0 when absent
};

/// The outcome of one plugin call: a status and what the plugin wrote.
struct PluginCall {
    dealer_status status = DEALER_INTERNAL;  ///< the plugin's answer (INTERNAL if it failed)
    std::string output;                      ///< JSON (or text, for render_text) it wrote

    /// Reads output as an error object; tolerant of anything a faulty plugin writes.
    [[nodiscard]] PluginError error() const;
};

/// One loaded plugin library. Shared by every game it backs and every
/// session of those games; unloaded (dlclose) when the last owner lets go,
/// which is never from inside its own code.
class PluginLibrary {
public:
    /// Loads a private in-memory copy of the file at path with
    /// RTLD_NOW|RTLD_LOCAL (so each load is its own image, even of one path) and checks it: ABI
    /// version symbol (read before any plugin function is called), entry
    /// point, descriptor and options. Returns null and sets why when refused.
    /// With an unloader, the library's last owner hands it there, so that
    /// its dlclose runs on the event loop (see unloader.hpp).
    static std::shared_ptr<PluginLibrary> load(const std::string& path, std::string& why,
                                               const std::shared_ptr<Unloader>& unloader = nullptr);

    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;             ///< owns a dlopen handle
    PluginLibrary& operator=(const PluginLibrary&) = delete;  ///< owns a dlopen handle

    /// The file it was loaded from.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// Which version of that file was loaded (it was unchanged while read);
    /// a reload reuses this load while the file at path() still has it.
    [[nodiscard]] const FileIdentity& identity() const noexcept { return identity_; }
    /// The plugin's name (descriptor), e.g. "guess".
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    /// The plugin's version string.
    [[nodiscard]] const std::string& version() const noexcept { return version_; }
    /// Title for game lists.
    [[nodiscard]] const std::string& title() const noexcept { return title_; }
    /// One-sentence description.
    [[nodiscard]] const std::string& description() const noexcept { return description_; }
    /// Players per game.
    [[nodiscard]] unsigned players() const noexcept { return players_; }
    /// True when its session calls may take long (DEALER_PLUGIN_SLOW): the
    /// host makes them on worker threads.
    [[nodiscard]] bool slow() const noexcept { return slow_; }
    /// The options it declares.
    [[nodiscard]] const OptionSchema& options() const noexcept { return options_; }

    /// game_create; on refusal returns null and the plugin's reason in why.
    dealer_game* create_game(const std::string& options_json, std::string& why) const;
    /// game_destroy.
    void destroy_game(dealer_game* game) const noexcept;
    /// session_open; on success *session is set.
    PluginCall open_session(dealer_game* game, const dealer_session_info& info, std::string_view options_json,
                            dealer_session** session) const;
    /// session_move.
    PluginCall move(dealer_session* session, std::string_view move_json) const;
    /// session_close.
    void close_session(dealer_session* session) const noexcept;
    /// text_to_move, or {"input": line} when the plugin has none.
    PluginCall text_to_move(dealer_session* session, std::string_view line) const;
    /// True when the plugin renders text itself (render_text is optional).
    [[nodiscard]] bool has_render_text() const noexcept { return render_text_ != nullptr; }
    /// render_text; only call it when has_render_text().
    PluginCall render_text(dealer_session* session, dealer_reply_kind kind, std::string_view reply_json) const;
    /// player_data_free, if the plugin has one.
    void free_player_data(void* data) const noexcept;

private:
    PluginLibrary() = default;

    std::string path_;
    FileIdentity identity_;
    int image_fd_ = -1;  // the in-memory copy dlopen mapped
    void* handle_ = nullptr;
    const dealer_plugin* plugin_ = nullptr;
    std::unique_ptr<HostServices> host_;
    std::string name_, version_, title_, description_;
    unsigned players_ = 1;
    bool slow_ = false;
    OptionSchema options_;
    // Optional entry points, null when the plugin's struct is too old or leaves them out.
    decltype(dealer_plugin::text_to_move) text_to_move_ = nullptr;
    decltype(dealer_plugin::render_text) render_text_ = nullptr;
    decltype(dealer_plugin::player_data_free) player_data_free_ = nullptr;
};

}  // namespace dealer
