// Unit tests for the host-side option checks (daemon/option_schema.hpp):
// loading a plugin's declarations (and refusing broken ones), checking
// values per type, text-mode values, completing the operator's options and
// applying a player's choices.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/option_schema.hpp"
#include "dealer/plugin.hpp"

using dealer::OptionSchema;
using dealer::OptionSpec;
using nlohmann::json;
namespace sdk = dealer::sdk;

namespace {

constexpr dealer_option kRounds = sdk::int_option("rounds", "rounds to play", "3", 1, 9, DEALER_OPTION_PLAYER);
constexpr dealer_option kSeed = sdk::int_option("seed", "operator only", "0", -5, 5);
constexpr dealer_option kName = sdk::string_option("banner", "a greeting", "\"hi\"");
constexpr dealer_option kFast = sdk::bool_option("fast", "hurry", "false", DEALER_OPTION_PLAYER);
constexpr dealer_option kLevel =
    sdk::choice_option("level", "how hard", "\"medium\"", "easy|medium|hard", DEALER_OPTION_PLAYER);
constexpr const dealer_option* kAll[] = {&kRounds, &kSeed, &kName, &kFast, &kLevel, nullptr};

OptionSchema loaded() {
    OptionSchema schema;
    std::string why;
    REQUIRE(schema.load(kAll, why));
    return schema;
}

// Loads a single declaration that must be refused; returns why.
std::string refused_declaration(const dealer_option& option) {
    const dealer_option* list[] = {&option, nullptr};
    OptionSchema schema;
    std::string why;
    CHECK_FALSE(schema.load(list, why));
    CHECK_FALSE(why.empty());
    return why;
}

}  // namespace

TEST_CASE("OptionSchema::load: a good declaration is copied in order") {
    const OptionSchema schema = loaded();
    REQUIRE(schema.specs().size() == 5);
    CHECK(schema.specs()[0].name == "rounds");
    CHECK(schema.specs()[4].name == "level");

    const OptionSpec* rounds = schema.find("rounds");
    REQUIRE(rounds != nullptr);
    CHECK(rounds->type == DEALER_OPTION_INT);
    CHECK(rounds->default_value == 3);
    CHECK(rounds->min == 1);
    CHECK(rounds->max == 9);
    CHECK(rounds->help == "rounds to play");
    CHECK(rounds->player_settable());
    CHECK_FALSE(schema.find("seed")->player_settable());
    CHECK(schema.find("banner")->default_value == "hi");
    CHECK(schema.find("fast")->default_value == false);
    CHECK(schema.find("level")->choices == std::vector<std::string>{"easy", "medium", "hard"});
    CHECK(schema.find("nope") == nullptr);
}

TEST_CASE("OptionSchema::load: no options at all") {
    OptionSchema schema;
    std::string why;
    CHECK(schema.load(nullptr, why));
    CHECK(schema.specs().empty());
    const dealer_option* empty[] = {nullptr};
    CHECK(schema.load(empty, why));
    CHECK(schema.specs().empty());
}

TEST_CASE("OptionSchema::load: broken declarations are refused with a reason") {
    SUBCASE("default is not JSON") {
        const auto why = refused_declaration(sdk::int_option("n", "", "{", 0, 9));
        CHECK(why.find("'n'") != std::string::npos);
        CHECK(why.find("not JSON") != std::string::npos);
    }
    SUBCASE("default out of bounds") {
        const auto why = refused_declaration(sdk::int_option("n", "", "10", 0, 9));
        CHECK(why.find("between 0 and 9") != std::string::npos);
    }
    SUBCASE("default of the wrong type") {
        refused_declaration(sdk::int_option("n", "", "\"3\"", 0, 9));
        refused_declaration(sdk::bool_option("b", "", "1"));
        refused_declaration(sdk::string_option("s", "", "3"));
    }
    SUBCASE("choice default not among the choices") {
        const auto why = refused_declaration(sdk::choice_option("c", "", "\"huge\"", "small|big"));
        CHECK(why.find("small, big") != std::string::npos);
    }
    SUBCASE("declared twice") {
        const dealer_option a = sdk::int_option("n", "", "1", 0, 9);
        const dealer_option b = sdk::bool_option("n", "", "true");
        const dealer_option* list[] = {&a, &b, nullptr};
        OptionSchema schema;
        std::string why;
        CHECK_FALSE(schema.load(list, why));
        CHECK(why.find("twice") != std::string::npos);
    }
    SUBCASE("unknown type") {
        dealer_option o = sdk::int_option("n", "", "1", 0, 9);
        o.type = 42;
        refused_declaration(o);
    }
    SUBCASE("incomplete") {
        dealer_option no_name = sdk::int_option(nullptr, "", "1", 0, 9);
        refused_declaration(no_name);
        dealer_option no_default = sdk::int_option("n", "", nullptr, 0, 9);
        refused_declaration(no_default);
        dealer_option small = sdk::int_option("n", "", "1", 0, 9);
        small.struct_size = 8;
        refused_declaration(small);
    }
}

TEST_CASE("OptionSpec::check per type") {
    const OptionSchema schema = loaded();
    const OptionSpec& rounds = *schema.find("rounds");
    CHECK(rounds.check(1).empty());
    CHECK(rounds.check(9).empty());
    CHECK(rounds.check(0) == "must be between 1 and 9");
    CHECK(rounds.check(10) == "must be between 1 and 9");
    CHECK(rounds.check(-1) == "must be between 1 and 9");
    CHECK(rounds.check(std::uint64_t{18446744073709551615ULL}) == "must be between 1 and 9");
    CHECK(rounds.check(3.0) == "must be an integer");
    CHECK(rounds.check("3") == "must be an integer");
    CHECK(rounds.check(true) == "must be an integer");
    CHECK(rounds.check(nullptr) == "must be an integer");

    const OptionSpec& seed = *schema.find("seed");
    CHECK(seed.check(-5).empty());
    CHECK_FALSE(seed.check(-6).empty());

    const OptionSpec& banner = *schema.find("banner");
    CHECK(banner.check("").empty());
    CHECK(banner.check("anything").empty());
    CHECK(banner.check(3) == "must be a string");

    const OptionSpec& fast = *schema.find("fast");
    CHECK(fast.check(true).empty());
    CHECK(fast.check(false).empty());
    CHECK(fast.check(1) == "must be true or false");
    CHECK(fast.check("true") == "must be true or false");

    const OptionSpec& level = *schema.find("level");
    CHECK(level.check("easy").empty());
    CHECK(level.check("hard").empty());
    CHECK(level.check("Hard") == "must be one of: easy, medium, hard");
    CHECK(level.check(1) == "must be one of: easy, medium, hard");
}

TEST_CASE("OptionSpec::from_text") {
    const OptionSchema schema = loaded();
    json value;
    const OptionSpec& rounds = *schema.find("rounds");
    CHECK(rounds.from_text("5", value).empty());
    CHECK(value == 5);
    CHECK(value.is_number_integer());
    CHECK(rounds.from_text("10", value) == "must be between 1 and 9");
    for (std::string_view bad : {"", "5x", "x5", "5.0", " 5", "five"}) {
        CAPTURE(bad);
        CHECK(rounds.from_text(bad, value) == "must be an integer");
    }
    CHECK(schema.find("seed")->from_text("-3", value).empty());
    CHECK(value == -3);

    const OptionSpec& fast = *schema.find("fast");
    for (std::string_view yes : {"true", "yes", "on"}) {
        CHECK(fast.from_text(yes, value).empty());
        CHECK(value == true);
    }
    for (std::string_view no : {"false", "no", "off"}) {
        CHECK(fast.from_text(no, value).empty());
        CHECK(value == false);
    }
    CHECK(fast.from_text("1", value) == "must be true or false");

    const OptionSpec& level = *schema.find("level");
    CHECK(level.from_text("hard", value).empty());
    CHECK(value == "hard");
    CHECK_FALSE(level.from_text("extreme", value).empty());

    CHECK(schema.find("banner")->from_text("42", value).empty());
    CHECK(value == "42");  // a string option keeps the word as text
}

TEST_CASE("OptionSchema::complete") {
    const OptionSchema schema = loaded();
    json complete;
    SUBCASE("defaults are filled in") {
        CHECK(schema.complete(json::object(), complete).empty());
        CHECK(complete == json{{"rounds", 3}, {"seed", 0}, {"banner", "hi"}, {"fast", false}, {"level", "medium"}});
    }
    SUBCASE("given values override defaults") {
        CHECK(schema.complete(json{{"seed", -2}, {"level", "easy"}}, complete).empty());
        CHECK(complete["seed"] == -2);
        CHECK(complete["level"] == "easy");
        CHECK(complete["rounds"] == 3);
    }
    SUBCASE("every problem is reported with its key") {
        const auto errors = schema.complete(json{{"rounds", 0}, {"colour", "red"}, {"fast", "yes"}}, complete);
        REQUIRE(errors.size() == 3);
        std::vector<std::string> keys;
        for (const auto& e : errors) keys.push_back(e.key);
        std::sort(keys.begin(), keys.end());
        CHECK(keys == std::vector<std::string>{"colour", "fast", "rounds"});
        for (const auto& e : errors) {
            CAPTURE(e.message);
            CHECK(e.message.find("'" + e.key + "'") != std::string::npos);
            if (e.key == "colour") CHECK(e.message == "unknown option 'colour'");
            if (e.key == "rounds") CHECK(e.message == "option 'rounds' must be between 1 and 9");
        }
        CHECK(complete["rounds"] == 3);  // a refused value does not replace the default
        CHECK_FALSE(complete.contains("colour"));
    }
}

TEST_CASE("OptionSchema::apply_player") {
    const OptionSchema schema = loaded();
    json base;
    REQUIRE(schema.complete(json{{"seed", 4}}, base).empty());
    json result;
    SUBCASE("player options on top of the game's") {
        CHECK(schema.apply_player(json{{"rounds", 5}, {"level", "hard"}}, base, result).empty());
        CHECK(result["rounds"] == 5);
        CHECK(result["level"] == "hard");
        CHECK(result["seed"] == 4);
        CHECK(base["rounds"] == 3);  // the game's options are untouched
    }
    SUBCASE("no player options") {
        CHECK(schema.apply_player(json::object(), base, result).empty());
        CHECK(result == base);
    }
    SUBCASE("an operator-only option is refused") {
        CHECK(schema.apply_player(json{{"seed", 1}}, base, result) == "players cannot set option 'seed'");
    }
    SUBCASE("an unknown option is refused") {
        CHECK(schema.apply_player(json{{"colour", "red"}}, base, result) == "players cannot set option 'colour'");
    }
    SUBCASE("a bad value is refused") {
        CHECK(schema.apply_player(json{{"rounds", 99}}, base, result) == "option 'rounds' must be between 1 and 9");
        CHECK(schema.apply_player(json{{"level", "extreme"}}, base, result) ==
              "option 'level' must be one of: easy, medium, hard");
    }
}

// --- durations -----------------------------------------------------------------

namespace {

constexpr dealer_option kWindow = sdk::duration_option("window", "how long", "\"10m\"", 1000, 86400000);
constexpr dealer_option kWait =
    sdk::duration_option("wait", "player's patience", "\"250ms\"", 100, 60000, DEALER_OPTION_PLAYER);
constexpr const dealer_option* kDurations[] = {&kWindow, &kWait, nullptr};

}  // namespace

TEST_CASE("OptionSchema: durations are written with a unit and reach the plugin in milliseconds") {
    OptionSchema schema;
    std::string why;
    REQUIRE(schema.load(kDurations, why));

    json complete;
    CHECK(schema.complete(json::object(), complete).empty());
    CHECK(complete == json{{"window", 600000}, {"wait", 250}});
    CHECK(schema.complete(json{{"window", "30s"}}, complete).empty());
    CHECK(complete["window"] == 30000);

    const auto errors = schema.complete(json{{"window", "500ms"}, {"wait", 5}}, complete);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].key == "wait");  // a bare number has no unit
    CHECK(errors[1].message == "option 'window' must be a duration between 1s and 1d such as \"30s\" or \"10m\"");

    json result;
    CHECK(schema.complete(json::object(), complete).empty());
    CHECK(schema.apply_player(json{{"wait", "2s"}}, complete, result).empty());
    CHECK(result == json{{"window", 600000}, {"wait", 2000}});
    CHECK(schema.apply_player(json{{"window", "1m"}}, complete, result) == "players cannot set option 'window'");

    const OptionSpec* wait = schema.find("wait");
    REQUIRE(wait != nullptr);
    json typed;
    CHECK(wait->from_text("1s", typed).empty());
    CHECK(wait->plugin_value(typed) == 1000);
    CHECK_FALSE(wait->from_text("1 s", typed).empty());
    CHECK_FALSE(wait->from_text("2m", typed).empty());  // over 60s
}

TEST_CASE("OptionSchema::load: a duration default outside its own bounds is refused") {
    constexpr dealer_option bad = sdk::duration_option("t", "x", "\"1h\"", 1000, 60000);
    CHECK(refused_declaration(bad).find("'t'") != std::string::npos);
    constexpr dealer_option not_string = sdk::duration_option("t", "x", "30", 1000, 60000);
    CHECK(refused_declaration(not_string).find("'t'") != std::string::npos);
}
