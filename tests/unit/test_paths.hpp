// Where the unit tests find the plugins the build made: the bundled ones
// and the fixture plugins (one per failure mode).
#pragma once

#include <string>
#include <string_view>

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

}  // namespace dealer::test
