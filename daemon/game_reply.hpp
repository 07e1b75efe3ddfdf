// A game's start or state object, as a plugin returns it from session_open
// or session_move, checked before dealerd passes it on (SPEC §5: "over" a
// boolean, "text" a string, "result" win/lose/draw once over), and the
// player's reply made from it.
//
// Two ways with one verdict. check_game_text() reads the plugin's text
// without building anything (with simdjson, or nlohmann's SAX parser for
// what simdjson leaves undecided: protocol/json_scan.hpp); when the text
// can be passed on as it is (one line, no key that dealerd sets itself, no
// key twice), the reply is that text with "type" and "game" spliced in front
// (splice_game_reply): no tree is built, copied or dumped. Otherwise, and
// for text-mode players (whose plugin renders from the fields),
// check_game_object() parses the object into a tree and drops the keys
// dealerd owns. A move of the guess game costs about half the instructions
// this way (docs/benchmarks.md).
#pragma once

#include <string>
#include <string_view>

#include "protocol/message.hpp"

namespace dealer {

/// What check_game_text() found in a plugin's start/state object.
struct GameTextCheck {
    bool valid = false;       ///< the object is well-formed for its kind
    bool spliceable = false;  ///< valid, and splice_game_reply() may pass it on as it is
    bool over = false;        ///< "over" is true
    std::string result;       ///< "result" when over: win, lose or draw
    std::string why;          ///< what is wrong, when not valid
};

/// Checks a plugin's start (is_state false) or state object without
/// building it. The same verdict and message as check_game_object().
[[nodiscard]] GameTextCheck check_game_text(std::string_view output, bool is_state);

/// check_game_text()'s two paths, for the tests that hold them to one
/// verdict. The fast one (simdjson) returns false, check untouched, for
/// anything it does not decide itself: an object to refuse, a key given
/// twice, a text simdjson refuses. The exact one (nlohmann's SAX parser)
/// decides everything.
bool check_game_text_fast(std::string_view output, bool is_state, GameTextCheck& check);
[[nodiscard]] GameTextCheck check_game_text_exact(std::string_view output, bool is_state);

/// Checks and parses a plugin's start/state object into `fields`, the keys
/// dealerd sets itself (type, game, id, seq) dropped. Returns false with
/// `why` when it is not well-formed.
bool check_game_object(std::string_view output, bool is_state, protocol::Reply& fields, bool& over,
                       std::string& why);

/// The reply to the player from an object check_game_text() found
/// spliceable: {"type":TYPE,"game":GAME, then the object's members as the
/// plugin wrote them, without the closing brace (protocol::finish_open()
/// closes it with the envelope).
[[nodiscard]] std::string splice_game_reply(std::string_view type, std::string_view game,
                                            std::string_view object_text);

}  // namespace dealer
