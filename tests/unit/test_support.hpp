// What several unit test files share: where the plugins the build made are
// (the bundled ones and the fixtures, one per failure mode), a quiet log for
// tests that make plugins fail on purpose, and the session info a plugin
// gets when a game starts.
#pragma once

#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "dealer/plugin.h"

#ifndef DEALER_PLUGIN_DIR
#error "DEALER_PLUGIN_DIR must be defined"
#endif
#ifndef DEALER_FIXTURE_DIR
#error "DEALER_FIXTURE_DIR must be defined"
#endif

namespace dealer::test {

/// build/lib/dealer/plugins/dealer_<name>.so
inline std::string plugin_file(std::string_view name) {
    return std::string(DEALER_PLUGIN_DIR) + "/dealer_" + std::string(name) + ".so";
}

/// build/tests/fixtures/dealer_<name>.so
inline std::string fixture_file(std::string_view name) {
    return std::string(DEALER_FIXTURE_DIR) + "/dealer_" + std::string(name) + ".so";
}

/// Silences the log for its lifetime: plugin failures are logged on purpose
/// in these tests, and the test output stays readable.
struct QuietLog {
    spdlog::level::level_enum before = spdlog::get_level();  ///< restored at the end
    QuietLog() { spdlog::set_level(spdlog::level::off); }
    ~QuietLog() { spdlog::set_level(before); }
    QuietLog(const QuietLog&) = delete;             ///< one scope, one restore
    QuietLog& operator=(const QuietLog&) = delete;  ///< one scope, one restore
};

/// The dealer_session_info the host passes to session_open for a player at
/// address (a string literal) over transport, with player_data as the slot.
inline dealer_session_info session_info(dealer_transport transport, std::string_view address,
                                        void** player_data) {
    dealer_session_info info{};
    info.struct_size = sizeof info;
    info.transport = transport;
    info.peer_address = address.data();
    info.peer_address_len = address.size();
    info.player_data = player_data;
    return info;
}

}  // namespace dealer::test
