// The services dealerd offers every plugin through dealer_host: a CSPRNG,
// clocks, logging tagged with the plugin's name, and SHA-256.
#pragma once

#include <memory>
#include <string>

#include "dealer/plugin.h"

namespace dealer {

/// A dealer_host table bound to one plugin name (for log tagging). It must
/// outlive the plugin that was given it.
class HostServices {
public:
    /// plugin_name tags the plugin's log lines.
    explicit HostServices(std::string plugin_name);
    HostServices(const HostServices&) = delete;             ///< the table points at this object
    HostServices& operator=(const HostServices&) = delete;  ///< the table points at this object

    /// The C table to hand to dealer_plugin_init.
    [[nodiscard]] const dealer_host* table() const noexcept { return &table_; }

    /// Sets the name used in log lines (once the descriptor is known; before
    /// that, lines are tagged with the file path). Not thread-safe: call it
    /// before the plugin serves sessions.
    void set_plugin_name(std::string name) { plugin_name_ = std::move(name); }

    /// The plugin name used in log lines.
    [[nodiscard]] const std::string& plugin_name() const noexcept { return plugin_name_; }

private:
    std::string plugin_name_;
    dealer_host table_{};
};

}  // namespace dealer
