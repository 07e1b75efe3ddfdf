// The host side of a dealer_output: what a plugin writes in answer to one
// call, collected up to a bound.
#pragma once

#include <cstddef>
#include <string>

#include "dealer/plugin.h"

namespace dealer {

/// The most a plugin may write in answer to one call. A larger answer is a
/// faulty plugin: the call fails as DEALER_INTERNAL.
inline constexpr std::size_t kMaxPluginOutput = 1 << 20;

/// Collects what a plugin writes into `out` during one call. Pass `&out`
/// to the plugin; it finds this object again through `host_data`.
struct OutputCapture {
    OutputCapture() = default;
    OutputCapture(const OutputCapture&) = delete;             ///< `out` points at this object
    OutputCapture& operator=(const OutputCapture&) = delete;  ///< `out` points at this object

    dealer_output out{sizeof(dealer_output), this, &OutputCapture::write};  ///< the table for the plugin
    std::string text;       ///< what the plugin wrote, in order
    bool overflow = false;  ///< it wrote more than kMaxPluginOutput (or memory ran out): text is cut

private:
    static void write(dealer_output* o, const char* data, std::size_t len) noexcept {
        auto* self = static_cast<OutputCapture*>(o->host_data);
        if (self->overflow || data == nullptr) return;
        if (len > kMaxPluginOutput - self->text.size()) {
            self->overflow = true;
            return;
        }
        try {
            self->text.append(data, len);
        } catch (...) {
            self->overflow = true;
        }
    }
};

}  // namespace dealer
