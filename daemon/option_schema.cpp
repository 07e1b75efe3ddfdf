#include "daemon/option_schema.hpp"

#include <cstddef>

#include "daemon/config.hpp"
#include "protocol/message.hpp"
#include "protocol/text_words.hpp"

namespace dealer {

namespace {

// "a|b|c" -> {"a","b","c"}; empty words are dropped.
std::vector<std::string> split_choices(const char* text) {
    std::vector<std::string> words;
    std::string_view rest = text != nullptr ? text : "";
    while (!rest.empty()) {
        const auto bar = rest.find('|');
        const auto word = rest.substr(0, bar);
        if (!word.empty()) words.emplace_back(word);
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    return words;
}

// The fields of an ABI-1 dealer_option: a later host with a larger struct
// still takes plugins that filled only these (structs only grow at the end).
constexpr std::size_t kMinOptionSize = offsetof(dealer_option, choices) + sizeof(dealer_option::choices);

std::string join_choices(const std::vector<std::string>& choices) {
    std::string out;
    for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
    return out;
}

}  // namespace

std::string OptionSpec::check(const nlohmann::json& value) const {
    switch (type) {
        case DEALER_OPTION_INT: {
            if (!value.is_number_integer()) return "must be an integer";
            if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
                return "must be between " + std::to_string(min) + " and " + std::to_string(max);
            }
            const auto v = value.get<std::int64_t>();
            if (v < min || v > max) return "must be between " + std::to_string(min) + " and " + std::to_string(max);
            return {};
        }
        case DEALER_OPTION_STRING:
            return value.is_string() ? std::string() : "must be a string";
        case DEALER_OPTION_BOOL:
            return value.is_boolean() ? std::string() : "must be true or false";
        case DEALER_OPTION_DURATION: {
            const std::string range = "between " + format_duration(std::chrono::milliseconds(min)) + " and " +
                                      format_duration(std::chrono::milliseconds(max));
            std::string why;
            const auto d = value.is_string() ? parse_duration(value.get_ref<const std::string&>(), why)
                                             : std::nullopt;
            if (!d || d->count() < min || d->count() > max) {
                return "must be a duration " + range + " such as \"30s\" or \"10m\"";
            }
            return {};
        }
        case DEALER_OPTION_CHOICE:
            if (value.is_string()) {
                for (const auto& c : choices) {
                    if (value.get_ref<const std::string&>() == c) return {};
                }
            }
            return "must be one of: " + join_choices(choices);
    }
    return "has an unknown type";
}

// Durations are written with a unit for people and handed to plugins in
// milliseconds, so that no plugin parses "10m" itself.
nlohmann::json OptionSpec::plugin_value(const nlohmann::json& checked) const {
    if (type != DEALER_OPTION_DURATION || !checked.is_string()) return checked;
    std::string why;
    const auto d = parse_duration(checked.get_ref<const std::string&>(), why);
    return d ? nlohmann::json(d->count()) : checked;
}

std::string OptionSpec::from_text(std::string_view word, nlohmann::json& value) const {
    switch (type) {
        case DEALER_OPTION_INT: {
            const auto v = protocol::parse_integer(word);
            if (!v) return "must be an integer";
            value = *v;
            break;
        }
        case DEALER_OPTION_BOOL: {
            const auto b = protocol::parse_boolean(word);
            if (!b) return "must be true or false";
            value = *b;
            break;
        }
        case DEALER_OPTION_STRING:
        case DEALER_OPTION_CHOICE:
        case DEALER_OPTION_DURATION:
            value = std::string(word);
            break;
    }
    return check(value);
}

// A broken declaration (no name, a default that is not valid JSON or breaks
// its own bounds) means a broken plugin: it is refused at load, with why.
bool OptionSchema::load(const dealer_option* const* options, std::string& why) {
    specs_.clear();
    for (std::size_t i = 0; options != nullptr && options[i] != nullptr; ++i) {
        const dealer_option& o = *options[i];
        if (o.struct_size < kMinOptionSize || o.name == nullptr || o.default_json == nullptr) {
            why = "option #" + std::to_string(i + 1) + " is incomplete";
            return false;
        }
        OptionSpec spec;
        spec.name = o.name;
        spec.help = o.help != nullptr ? o.help : "";
        if (o.type > DEALER_OPTION_DURATION) {
            why = "option '" + spec.name + "' has an unknown type";
            return false;
        }
        spec.type = static_cast<dealer_option_type>(o.type);
        spec.flags = o.flags;
        spec.min = o.min;
        spec.max = o.max;
        spec.choices = split_choices(o.choices);
        spec.default_value = protocol::parse_untrusted(o.default_json);
        if (spec.default_value.is_discarded()) {
            why = "option '" + spec.name + "' has a default that is not JSON";
            return false;
        }
        if (auto bad = spec.check(spec.default_value); !bad.empty()) {
            why = "option '" + spec.name + "': default " + bad;
            return false;
        }
        if (find(spec.name) != nullptr) {
            why = "option '" + spec.name + "' is declared twice";
            return false;
        }
        specs_.push_back(std::move(spec));
    }
    return true;
}

const OptionSpec* OptionSchema::find(std::string_view name) const noexcept {
    for (const auto& s : specs_) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

std::vector<OptionError> OptionSchema::complete(const nlohmann::json& given, nlohmann::json& complete) const {
    std::vector<OptionError> errors;
    complete = nlohmann::json::object();
    for (const auto& s : specs_) complete[s.name] = s.plugin_value(s.default_value);
    for (const auto& [key, value] : given.items()) {
        const OptionSpec* spec = find(key);
        if (spec == nullptr) {
            errors.push_back({key, "unknown option '" + key + "'"});
            continue;
        }
        if (auto bad = spec->check(value); !bad.empty()) {
            errors.push_back({key, "option '" + key + "' " + bad});
            continue;
        }
        complete[key] = spec->plugin_value(value);
    }
    return errors;
}

std::string OptionSchema::apply_player(const nlohmann::json& player, const nlohmann::json& base,
                                       nlohmann::json& result) const {
    result = base;
    for (const auto& [key, value] : player.items()) {
        const OptionSpec* spec = find(key);
        if (spec == nullptr || !spec->player_settable()) {
            return "players cannot set option '" + key + "'";
        }
        if (auto bad = spec->check(value); !bad.empty()) return "option '" + key + "' " + bad;
        result[key] = spec->plugin_value(value);
    }
    return {};
}

}  // namespace dealer
