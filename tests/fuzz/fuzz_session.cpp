// libFuzzer target: one player's session (daemon/session.hpp) with the four
// bundled games loaded from the build's plugin directory, as dealerd loads
// them. The input is split into lines and each is handled as a TCP line:
// JSON requests, text commands, and (once a `play` line gets through) every
// game's move handler, text_to_move and render_text. Slow calls (mancala's
// search, password's check) are made at once on this thread.
//
// Every reply must be whole lines of well-formed UTF-8, and each JSON line
// an object with a string "type".

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/session.hpp"
#include "protocol/message.hpp"
#include "protocol/utf8.hpp"

namespace {

dealer::GameConfig game(std::string name, nlohmann::json options = nlohmann::json::object()) {
    dealer::GameConfig g;
    g.name = name;
    g.plugin = std::string(DEALER_PLUGIN_DIR) + "/dealer_" + name + ".so";
    g.options = std::move(options);
    return g;
}

// Built once: loading plugins per input would be most of the time.
// mancala thinks 1 ms, and password compares a plain password, so that an
// input costs microseconds, not an argon2 hash or a 50 ms search.
const dealer::CatalogRef& catalogs() {
    static dealer::CatalogRef ref;
    static const bool loaded = [] {
        spdlog::set_level(spdlog::level::off);
        dealer::Config config;
        config.games.push_back(game("guess"));
        config.games.push_back(game("rps"));
        config.games.push_back(game("mancala", {{"think_ms", 1}}));
        config.games.push_back(game("password", {{"password", "fuzz"}}));
        auto build = dealer::build_catalog(config);
        if (!build.errors.empty() || !build.refused.empty() || !build.catalog) std::abort();
        ref.set(build.catalog);
        return true;
    }();
    (void)loaded;
    return ref;
}

void check_reply(std::string_view out) {
    if (out.empty()) return;
    if (out.back() != '\n' || !dealer::protocol::is_valid_utf8(out)) std::abort();
    while (!out.empty()) {
        const std::size_t nl = out.find('\n');
        const std::string_view line = out.substr(0, nl);
        out.remove_prefix(nl + 1);
        if (line.empty() || line.front() != '{') continue;
        const auto reply = dealer::protocol::parse_untrusted(line);
        if (!reply.is_object()) std::abort();
        const auto type = reply.find("type");
        if (type == reply.end() || !type->is_string()) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dealer::Session session(catalogs(), dealer::PeerInfo{"127.0.0.1", 40000, DEALER_TRANSPORT_TCP});
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        std::string out;
        auto after = session.handle_line(line, out);
        if (after == dealer::Session::After::pending) {
            session.run_pending();
            after = session.finish_pending(out);
        }
        check_reply(out);
        if (after == dealer::Session::After::close) break;
    }
    return 0;
}
