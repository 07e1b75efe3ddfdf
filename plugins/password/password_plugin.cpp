// The password plugin's descriptor: its options and the exported ABI symbols.
#include "password_game.hpp"

namespace {

namespace sdk = dealer::sdk;

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kDay = 86400 * kSecond;

constexpr dealer_option kHash = sdk::string_option(
    "hash", "argon2id PHC string of the password (dealerd --hash-password)", "\"\"", DEALER_OPTION_SECRET);
constexpr dealer_option kPassword =
    sdk::string_option("password", "the password in plain text (prefer hash)", "\"\"", DEALER_OPTION_SECRET);
constexpr dealer_option kMaxAttempts =
    sdk::int_option("max_attempts", "denials before the game is lost", "3", 1, 1000);
constexpr dealer_option kMaxFailures = sdk::int_option(
    "max_failures", "failed logins from one address within failure_window that start a penalty", "5", 1, 100);
constexpr dealer_option kFailureWindow =
    sdk::duration_option("failure_window", "the window failed logins are counted in", "\"10m\"", kSecond, kDay);
constexpr dealer_option kPenalty = sdk::duration_option(
    "penalty", "how long an address is refused the first time; each repeat doubles it", "\"1m\"", kSecond, kDay);
constexpr dealer_option kMaxPenalty =
    sdk::duration_option("max_penalty", "the longest an address is refused", "\"1h\"", kSecond, 7 * kDay);
constexpr dealer_option kMaxSources =
    sdk::int_option("max_sources", "addresses remembered at most", "10000", 1, 1000000);
constexpr const dealer_option* kOptions[] = {&kHash,    &kPassword,    &kMaxAttempts, &kMaxFailures, &kFailureWindow,
                                             &kPenalty, &kMaxPenalty, &kMaxSources,  nullptr};

}  // namespace

DEALER_SDK_PLUGIN(dealer::password::PasswordGame, "password", "1.0.0", "Password",
                  "A login dialogue: find the password and hear access granted.", kOptions)
