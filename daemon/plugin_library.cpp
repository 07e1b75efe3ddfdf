#include "daemon/plugin_library.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/output_capture.hpp"
#include "daemon/unloader.hpp"
#include "protocol/message.hpp"

namespace dealer {

namespace {

// Runs one plugin call: catches anything that escaped the plugin (a C++
// plugin not built on the SDK may throw through the C ABI) and refuses an
// unknown status or an oversized answer.
template <class Fn>
PluginCall call_plugin(const std::string& plugin, const char* what, Fn&& fn) {
    OutputCapture capture;
    PluginCall result;
    try {
        result.status = fn(&capture.out);
    } catch (const std::exception& e) {
        spdlog::error("plugin {}: {} threw: {}", plugin, what, e.what());
        return {DEALER_INTERNAL, {}};
    } catch (...) {
        spdlog::error("plugin {}: {} threw an unknown exception", plugin, what);
        return {DEALER_INTERNAL, {}};
    }
    if (capture.overflow) {
        spdlog::error("plugin {}: {} wrote more than {} bytes", plugin, what, kMaxPluginOutput);
        return {DEALER_INTERNAL, {}};
    }
    if (result.status > DEALER_BUSY) {
        spdlog::error("plugin {}: {} returned unknown status {}", plugin, what, static_cast<int>(result.status));
        return {DEALER_INTERNAL, {}};
    }
    result.output = std::move(capture.text);
    return result;
}

std::string or_empty(const char* s) { return s != nullptr ? s : ""; }

// Copies the file into an anonymous in-memory file (memfd) and returns its
// descriptor, or -1 with why. In memory, not in a directory: nothing is left
// behind, and a noexec or read-only /tmp (common under systemd hardening)
// cannot stop plugins from loading. identity is the file's, taken from the
// open descriptor before the copy; a file that changes while it is copied
// (an installer writing it in place) is refused rather than loaded torn.
int copy_to_memfd(const std::string& path, FileIdentity& identity, std::string& why) {
    const int src = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (src < 0) {
        why = std::strerror(errno);
        return -1;
    }
    struct stat st {};
    int copy = -1;
    if (::fstat(src, &st) != 0) {
        why = std::strerror(errno);
    } else if (!S_ISREG(st.st_mode)) {
        why = "not a regular file";
    } else {
        identity = FileIdentity::of(st);
        const std::string name = "dealer:" + std::filesystem::path(path).filename().string();
        copy = ::memfd_create(name.c_str(), MFD_CLOEXEC);
        if (copy < 0) why = std::string("memfd_create: ") + std::strerror(errno);
    }
    for (off_t left = st.st_size; copy >= 0 && left > 0;) {
        const ssize_t n = ::sendfile(copy, src, nullptr, static_cast<std::size_t>(left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            why = std::string("cannot copy it: ") + (n < 0 ? std::strerror(errno) : "file shrank while read");
            ::close(copy);
            copy = -1;
            break;
        }
        left -= n;
    }
    struct stat after {};
    if (copy >= 0 && (::fstat(src, &after) != 0 || !(FileIdentity::of(after) == identity))) {
        why = "the file changed while it was read; try again once it is written";
        ::close(copy);
        copy = -1;
    }
    ::close(src);
    return copy;
}

// The name under which dlopen sees an in-memory copy.
std::string image_name(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

// The fields every ABI-1 plugin must fill: up to and including session_close.
constexpr std::size_t kMinDescriptorSize =
    offsetof(dealer_plugin, session_close) + sizeof(dealer_plugin::session_close);

}  // namespace

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::string& path, std::string& why,
                                                   const std::shared_ptr<Unloader>& unloader) {
    std::unique_ptr<PluginLibrary> lib(new PluginLibrary());
    lib->path_ = path;
    // Each load maps a private copy: dlopen of a path already loaded returns
    // the existing handle, so without a copy a plugin replaced on disk would
    // keep serving its old code, and two loads would share one image, its
    // globals and the host table its init kept. With a copy, new sessions
    // get the new build, running ones finish on theirs, and no mapped file
    // is ever overwritten (SPEC §8).
    lib->image_fd_ = copy_to_memfd(path, lib->identity_, why);
    if (lib->image_fd_ < 0) return nullptr;
    lib->handle_ = dlopen(image_name(lib->image_fd_).c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib->handle_ == nullptr) {
        const char* err = dlerror();
        why = err != nullptr ? err : "dlopen failed";
        // dlerror names the copy; the operator knows the file by its own name.
        const std::string copy = image_name(lib->image_fd_);
        if (auto at = why.find(copy); at != std::string::npos) why.replace(at, copy.size(), path);
        return nullptr;
    }
    // The ABI version is plain data: reading it calls no plugin function.
    // (dlopen has run the library's ELF constructors by now; nothing can run
    // before those, which docs/plugins.md tells authors to keep trivial.)
    const auto* abi = static_cast<const uint32_t*>(dlsym(lib->handle_, DEALER_PLUGIN_ABI_SYMBOL));
    if (abi == nullptr) {
        why = "not a dealer plugin: no '" DEALER_PLUGIN_ABI_SYMBOL "' symbol";
        return nullptr;
    }
    if (*abi != DEALER_ABI_VERSION) {
        why = "built for plugin ABI version " + std::to_string(*abi) + ", this dealerd speaks version " +
              std::to_string(DEALER_ABI_VERSION);
        return nullptr;
    }
    auto init = reinterpret_cast<dealer_plugin_init_fn>(dlsym(lib->handle_, DEALER_PLUGIN_INIT_SYMBOL));
    if (init == nullptr) {
        why = "no '" DEALER_PLUGIN_INIT_SYMBOL "' entry function";
        return nullptr;
    }

    lib->host_ = std::make_unique<HostServices>(path);
    try {
        lib->plugin_ = init(lib->host_->table());
    } catch (...) {
        why = DEALER_PLUGIN_INIT_SYMBOL " threw an exception";
        return nullptr;
    }
    const dealer_plugin* p = lib->plugin_;
    if (p == nullptr) {
        why = DEALER_PLUGIN_INIT_SYMBOL " returned no descriptor";
        return nullptr;
    }
    if (p->struct_size < kMinDescriptorSize || p->abi_version != DEALER_ABI_VERSION) {
        why = "descriptor is too small or of another ABI version";
        return nullptr;
    }
    if (p->name == nullptr || *p->name == '\0') {
        why = "descriptor has no name";
        return nullptr;
    }
    if (p->game_create == nullptr || p->game_destroy == nullptr || p->session_open == nullptr ||
        p->session_move == nullptr || p->session_close == nullptr) {
        why = "descriptor lacks a required function";
        return nullptr;
    }
    if (!lib->options_.load(p->options, why)) return nullptr;

    lib->name_ = p->name;
    // The plugin keeps the table it was given: rename it in place.
    lib->host_->set_plugin_name(lib->name_);
    lib->version_ = or_empty(p->version);
    lib->title_ = p->title != nullptr ? p->title : lib->name_;
    lib->description_ = or_empty(p->description);
    lib->players_ = p->players == 0 ? 1 : p->players;
    if (DEALER_HAS_FIELD(p, dealer_plugin, text_to_move)) lib->text_to_move_ = p->text_to_move;
    if (DEALER_HAS_FIELD(p, dealer_plugin, render_text)) lib->render_text_ = p->render_text;
    if (DEALER_HAS_FIELD(p, dealer_plugin, player_data_free)) lib->player_data_free_ = p->player_data_free;
    if (DEALER_HAS_FIELD(p, dealer_plugin, flags)) lib->slow_ = (p->flags & DEALER_PLUGIN_SLOW) != 0;
    std::string note =
        "unloaded plugin " + lib->name_ + " " + lib->version_ + " (" + path + "): nothing uses it any more";
    return Unloader::share(std::move(lib), unloader, std::move(note));
}

// glibc finds loaded libraries by name, and the name of a copy is
// /proc/self/fd/N. While an image of that name stays mapped (dlclose may
// keep it, e.g. for a NODELETE object), N must not be handed out again, so
// its descriptor is then deliberately kept open.
PluginError PluginCall::error() const {
    PluginError e;
    const auto detail = protocol::parse_untrusted(output);
    if (!detail.is_object()) return e;
    if (auto t = detail.find("text"); t != detail.end() && t->is_string()) e.text = t->get<std::string>();
    if (auto r = detail.find("retry_after"); r != detail.end() && r->is_number_unsigned()) {
        e.retry_after = r->get<std::uint64_t>();
    }
    return e;
}

PluginLibrary::~PluginLibrary() {
    if (handle_ != nullptr) dlclose(handle_);
    if (image_fd_ < 0) return;
    if (void* still = dlopen(image_name(image_fd_).c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
        dlclose(still);
        spdlog::debug("plugin {}: still mapped after unloading; keeping its image", name_);
        return;
    }
    ::close(image_fd_);
}

dealer_game* PluginLibrary::create_game(const std::string& options_json, std::string& why) const {
    dealer_game* game = nullptr;
    PluginCall r = call_plugin(name_, "game_create", [&](dealer_output* out) {
        game = plugin_->game_create(options_json.data(), options_json.size(), out);
        return game != nullptr ? DEALER_OK : DEALER_BAD_OPTION;
    });
    if (game == nullptr || r.status != DEALER_OK) {
        why = r.error().text;
        if (why.empty()) why = "the plugin refused these options";
        return nullptr;
    }
    return game;
}

void PluginLibrary::destroy_game(dealer_game* game) const noexcept {
    try {
        plugin_->game_destroy(game);
    } catch (...) {
        spdlog::error("plugin {}: game_destroy threw", name_);
    }
}

PluginCall PluginLibrary::open_session(dealer_game* game, const dealer_session_info& info,
                                       std::string_view options_json, dealer_session** session) const {
    *session = nullptr;
    PluginCall r = call_plugin(name_, "session_open", [&](dealer_output* out) {
        return plugin_->session_open(game, &info, options_json.data(), options_json.size(), session, out);
    });
    if (r.status == DEALER_OK && *session == nullptr) {
        spdlog::error("plugin {}: session_open succeeded without a session", name_);
        r.status = DEALER_INTERNAL;
    }
    if (r.status != DEALER_OK && *session != nullptr) {
        close_session(*session);
        *session = nullptr;
    }
    return r;
}

PluginCall PluginLibrary::move(dealer_session* session, std::string_view move_json) const {
    return call_plugin(name_, "session_move", [&](dealer_output* out) {
        return plugin_->session_move(session, move_json.data(), move_json.size(), out);
    });
}

void PluginLibrary::close_session(dealer_session* session) const noexcept {
    try {
        plugin_->session_close(session);
    } catch (...) {
        spdlog::error("plugin {}: session_close threw", name_);
    }
}

PluginCall PluginLibrary::text_to_move(dealer_session* session, std::string_view line) const {
    if (text_to_move_ == nullptr) {
        return {DEALER_OK, nlohmann::json{{"input", std::string(line)}}.dump(-1, ' ', false,
                                                                              nlohmann::json::error_handler_t::replace)};
    }
    return call_plugin(name_, "text_to_move", [&](dealer_output* out) {
        return text_to_move_(session, line.data(), line.size(), out);
    });
}

PluginCall PluginLibrary::render_text(dealer_session* session, dealer_reply_kind kind,
                                      std::string_view reply_json) const {
    if (render_text_ == nullptr) return {DEALER_INTERNAL, {}};
    return call_plugin(name_, "render_text", [&](dealer_output* out) {
        return render_text_(session, kind, reply_json.data(), reply_json.size(), out);
    });
}

void PluginLibrary::free_player_data(void* data) const noexcept {
    if (player_data_free_ == nullptr || data == nullptr) return;
    try {
        player_data_free_(data);
    } catch (...) {
        spdlog::error("plugin {}: player_data_free threw", name_);
    }
}

}  // namespace dealer
