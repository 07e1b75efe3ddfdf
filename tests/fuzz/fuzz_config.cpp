// libFuzzer target: the config loader (daemon/config.hpp) on any text. It
// must return a config or errors, never both and never neither, and every
// error must say what is wrong.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const dealer::ConfigResult result = dealer::load_config_string(text, "fuzz.toml");
    if (result.config.has_value() == !result.errors.empty()) std::abort();
    for (const auto& e : result.errors)
        if (e.to_string().empty()) std::abort();
    return 0;
}
