#include "client/commitment_tracker.hpp"

#include "client/game_view.hpp"
#include "protocol/fairness.hpp"

namespace dealer::client {

namespace {

using nlohmann::json;

// The value a reveal stands for, written as the dealer hashed it: a string
// as is, a number in decimal (SPEC §5: "the secret in decimal").
std::optional<std::string> hashed_form(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return value.dump();
    return std::nullopt;
}

}  // namespace

// The reveal's one field besides the nonce is the value: "secret" in
// guess, "throw" in rps, whatever a third-party game calls it.
CommitCheck CommitmentTracker::check_reveal(const json& reveal) {
    CommitCheck check;
    check.kind = CommitCheck::Kind::unreadable;
    if (!reveal.is_object()) return check;
    const auto nonce = reveal.find("nonce");
    if (nonce == reveal.end() || !nonce->is_string()) return check;
    check.nonce = nonce->get<std::string>();
    const json* value = nullptr;
    for (auto it = reveal.begin(); it != reveal.end(); ++it) {
        if (it.key() == "nonce") continue;
        if (value != nullptr) return check;  // two candidates: nothing to check honestly
        value = &it.value();
        check.what = it.key();
    }
    const auto text = value != nullptr ? hashed_form(*value) : std::nullopt;
    if (!text) return check;
    check.value = *text;
    if (!held_) {
        check.kind = CommitCheck::Kind::no_commitment;
        return check;
    }
    check.commit = *held_;
    check.actual = protocol::commitment(check.value, check.nonce);
    check.kind = protocol::verify_commitment(check.commit, check.value, check.nonce) ? CommitCheck::Kind::verified
                                                                                    : CommitCheck::Kind::mismatch;
    return check;
}

// Order matters: the reveal is checked against the commitment held before
// the message's own commit replaces it.
std::vector<CommitCheck> CommitmentTracker::observe(const json& message) {
    std::vector<CommitCheck> checks;
    if (!message.is_object()) return checks;
    if (const auto reveal = message.find("reveal"); reveal != message.end()) {
        checks.push_back(check_reveal(*reveal));
        held_.reset();
    }
    if (const auto commit = message.find("commit"); commit != message.end() && commit->is_string()) {
        const auto& fresh = commit->get_ref<const std::string&>();
        if (held_ && *held_ != fresh) {
            CommitCheck swapped;
            swapped.kind = CommitCheck::Kind::replaced;
            swapped.commit = *held_;
            swapped.replacement = fresh;
            checks.push_back(std::move(swapped));
        }
        held_ = fresh;
    }
    if (is_over(message) && held_) {
        CommitCheck missing;
        missing.kind = CommitCheck::Kind::no_reveal;
        missing.commit = *held_;
        checks.push_back(std::move(missing));
        held_.reset();
    }
    for (const auto& check : checks) ever_alarmed_ = ever_alarmed_ || check.alarming();
    return checks;
}

// A verified check shows what was hashed, so a person can repeat it with
// sha256sum; a failed one names both sides of the comparison. Every field
// came from the server, so each is made printable: a nonce must not be
// able to clear the screen or recolour the warning away.
std::string render_check(const CommitCheck& check, const Style& style) {
    const std::string what = printable(check.what.empty() ? std::string("value") : check.what);
    const std::string value = printable(check.value);
    const std::string nonce = printable(check.nonce);
    const std::string commit = printable(check.commit);
    if (check.kind == CommitCheck::Kind::verified) {
        return style.paint(Role::good, what + " verified") +
               style.paint(Role::note, ": sha256(\"" + value + ":" + nonce + "\") matches the dealer's commitment") +
               "\n";
    }
    std::string headline;
    std::string detail;
    switch (check.kind) {
        case CommitCheck::Kind::mismatch:
            headline = "WARNING: the dealer's " + what + " does NOT match its commitment";
            detail = "  committed:  " + commit + "\n  revealed:   " + what + " " + value + ", nonce " + nonce +
                     "\n  sha256(\"" + value + ":" + nonce + "\") = " + check.actual +
                     "\n  The dealer may have changed its " + what + " after seeing your moves.\n";
            break;
        case CommitCheck::Kind::no_commitment:
            headline = "WARNING: the dealer revealed its " + what + " without having committed to it";
            detail = "  revealed: " + what + " " + value + ", nonce " + nonce +
                     "\n  Nothing proves it was chosen before your moves.\n";
            break;
        case CommitCheck::Kind::no_reveal:
            headline = "WARNING: the game ended but the dealer never revealed what it committed to";
            detail = "  committed: " + commit + "\n  Its fairness cannot be checked.\n";
            break;
        case CommitCheck::Kind::replaced:
            headline = "WARNING: the dealer replaced its commitment without revealing it";
            detail = "  committed:   " + commit + "\n  replaced by: " + printable(check.replacement) +
                     "\n  The dealer may have changed its choice after seeing your moves.\n";
            break;
        case CommitCheck::Kind::unreadable:
            headline = "WARNING: the dealer's reveal cannot be checked";
            detail = "  It needs a \"nonce\" and exactly one value besides it.\n";
            break;
        case CommitCheck::Kind::verified: break;
    }
    const std::string bar = "!!! " + headline + " !!!";
    return style.paint(Role::warning, bar) + "\n" + style.paint(Role::bad, detail);
}

}  // namespace dealer::client
