// Provable fairness, checked by the client itself (SPEC §5): the dealer
// publishes `commit` before the player moves and later a `reveal` of the
// value and nonce behind it. The tracker holds the commitment in force and
// checks every reveal against it with protocol::verify_commitment.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/style.hpp"

namespace dealer::client {

/// The outcome of one check, or of a promise the dealer did not keep.
struct CommitCheck {
    /// What was found.
    enum class Kind {
        verified,        ///< the reveal matches the commitment
        mismatch,        ///< the reveal does not match: the dealer cheated or erred
        no_commitment,   ///< a reveal came with no commitment before it
        no_reveal,       ///< the game ended with a commitment never revealed
        replaced,        ///< a new commitment came before the one held was revealed
        unreadable,      ///< a reveal without a nonce or without one value to check
    };
    Kind kind = Kind::verified;  ///< see Kind
    std::string what;            ///< the revealed field's name: "secret", "throw", ...
    std::string value;           ///< the revealed value as hashed, e.g. "6" or "paper"
    std::string nonce;           ///< the revealed nonce
    std::string commit;          ///< the commitment it was checked against (replaced: the old one)
    std::string replacement;     ///< replaced: the commitment that took its place
    std::string actual;          ///< sha256("<value>:<nonce>") as computed here

    /// True for the kinds that must be shown as a loud warning.
    [[nodiscard]] bool alarming() const noexcept { return kind != Kind::verified; }
};

/// Follows one game's commitments from its start to its end.
class CommitmentTracker {
public:
    /// Called with every start and state of the game, in order: checks the
    /// message's `reveal` against the commitment held, then holds its
    /// `commit` (rps commits to the next round in the same state). A commit
    /// other than the one held, with no reveal before it, is reported (the
    /// dealer could otherwise swap its secret mid-game), and so is, at the
    /// game's end ("over":true), a commitment left unrevealed.
    std::vector<CommitCheck> observe(const nlohmann::json& message);

    /// Forgets the game: it was left or failed, so no reveal is owed.
    void reset() noexcept { held_.reset(); }

    /// True when a commitment is waiting for its reveal.
    [[nodiscard]] bool holding() const noexcept { return held_.has_value(); }

    /// True once any check of this tracker's life was alarming.
    [[nodiscard]] bool ever_alarmed() const noexcept { return ever_alarmed_; }

private:
    CommitCheck check_reveal(const nlohmann::json& reveal);

    std::optional<std::string> held_;
    bool ever_alarmed_ = false;
};

/// The lines a person reads for a check: one quiet line when it verified,
/// an unmistakable multi-line WARNING otherwise. Ends with a newline. What
/// came from the server goes through printable().
std::string render_check(const CommitCheck& check, const Style& style);

}  // namespace dealer::client
