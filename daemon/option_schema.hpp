// The options a plugin declares (dealer_option), checked by the host: the
// operator's [games.NAME] keys at load, a player's `play` options per game.
// Plugins then receive complete, well-typed option objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dealer/plugin.h"

namespace dealer {

/// One declared option, copied out of the plugin's static descriptor.
struct OptionSpec {
    std::string name;                  ///< the key
    std::string help;                  ///< one-line description
    dealer_option_type type = DEALER_OPTION_INT;  ///< value kind
    std::uint32_t flags = 0;           ///< DEALER_OPTION_* bits
    nlohmann::json default_value;      ///< parsed default_json
    std::int64_t min = 0;              ///< INT bound; DURATION bound in ms
    std::int64_t max = 0;              ///< INT bound; DURATION bound in ms
    std::vector<std::string> choices;  ///< CHOICE words

    /// True when players may set it in `play`.
    [[nodiscard]] bool player_settable() const noexcept { return (flags & DEALER_OPTION_PLAYER) != 0; }
    /// Checks one value; returns "" when valid, else why (e.g. "must be between 0 and 9").
    [[nodiscard]] std::string check(const nlohmann::json& value) const;
    /// What the plugin receives for a checked value: a duration becomes its
    /// milliseconds; any other value stays as it is.
    [[nodiscard]] nlohmann::json plugin_value(const nlohmann::json& checked) const;
    /// Converts a typed word (text mode "key=value") into a value; "" or why.
    [[nodiscard]] std::string from_text(std::string_view word, nlohmann::json& value) const;
};

/// A problem with one key of an options object.
struct OptionError {
    std::string key;      ///< the offending key
    std::string message;  ///< what is wrong with it
};

/// All options of one plugin.
class OptionSchema {
public:
    /// Copies and validates a plugin's NULL-terminated option array (which may
    /// be null). Returns false with why when the declaration itself is broken.
    bool load(const dealer_option* const* options, std::string& why);

    /// The option named name, or null.
    [[nodiscard]] const OptionSpec* find(std::string_view name) const noexcept;

    /// The declared options in declaration order.
    [[nodiscard]] const std::vector<OptionSpec>& specs() const noexcept { return specs_; }

    /// Checks the operator's keys and fills in defaults. Returns every error.
    std::vector<OptionError> complete(const nlohmann::json& given, nlohmann::json& complete) const;

    /// Applies a player's choices on top of a game's complete options.
    /// Returns "" or a sentence for bad_option.
    std::string apply_player(const nlohmann::json& player, const nlohmann::json& base,
                             nlohmann::json& result) const;

private:
    std::vector<OptionSpec> specs_;
};

}  // namespace dealer
