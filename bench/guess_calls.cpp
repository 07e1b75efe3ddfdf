// guess_calls: what the guess plugin's calls cost, with the plugin's code
// linked in (not dlopened from an in-memory copy, as dealerd does), so that
// callgrind can name its functions. Plays --games whole games through the
// C ABI the SDK builds (session_open, then binary-search moves until the
// secret is found, then session_close) with dealerd's own host services,
// and prints the nanoseconds per call.
//
// usage: guess_calls [--games N] [--max M]
//   valgrind --tool=callgrind build/bench/guess_calls --games 20000
// then callgrind_annotate --inclusive=yes shows session_open and
// session_move with everything under them.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/host_services.hpp"
#include "daemon/output_capture.hpp"
#include "guess_game.hpp"

int main(int argc, char** argv) {
    long games = 20000;
    long max = 9;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--games") games = std::atol(argv[i + 1]);
        else if (flag == "--max") max = std::atol(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: guess_calls [--games N] [--max M]\n");
            return 2;
        }
    }
    dealer::HostServices host("guess");
    dealer::sdk::detail::Adapter<dealer::guess::GuessGame>::host = dealer::sdk::Host(host.table());
    const dealer_plugin plugin =
        dealer::sdk::make_descriptor<dealer::guess::GuessGame>("guess", "bench", "guess", "guess", nullptr);

    const std::string options = nlohmann::json{{"min", 0}, {"max", max}, {"max_guesses", 0}}.dump();
    dealer::OutputCapture err;
    dealer_game* game = plugin.game_create(options.data(), options.size(), &err.out);
    if (game == nullptr) {
        std::fprintf(stderr, "guess_calls: game_create refused: %s\n", err.text.c_str());
        return 1;
    }
    void* player_data = nullptr;
    dealer_session_info info{};
    info.struct_size = sizeof info;
    info.transport = DEALER_TRANSPORT_TCP;
    info.peer_address = "127.0.0.1";
    info.peer_address_len = 9;
    info.player_data = &player_data;

    using Clock = std::chrono::steady_clock;
    Clock::duration in_open{}, in_move{};
    long moves = 0;
    dealer::OutputCapture out;
    std::string move;
    for (long g = 0; g < games; ++g) {
        dealer_session* session = nullptr;
        out.text.clear();
        auto t0 = Clock::now();
        if (plugin.session_open(game, &info, options.data(), options.size(), &session, &out.out) != DEALER_OK) {
            std::fprintf(stderr, "guess_calls: session_open failed: %s\n", out.text.c_str());
            return 1;
        }
        in_open += Clock::now() - t0;
        long lo = 0, hi = max;
        for (;;) {
            const long guess = lo + (hi - lo) / 2;
            move = R"({"type":"move","guess":)" + std::to_string(guess) + R"(,"id":)" + std::to_string(moves) + "}";
            out.text.clear();
            t0 = Clock::now();
            const dealer_status status = plugin.session_move(session, move.data(), move.size(), &out.out);
            in_move += Clock::now() - t0;
            ++moves;
            if (status != DEALER_OK) {
                std::fprintf(stderr, "guess_calls: session_move failed: %s\n", out.text.c_str());
                return 1;
            }
            if (out.text.find("too low") != std::string::npos) lo = guess + 1;
            else if (out.text.find("too high") != std::string::npos) hi = guess - 1;
            else break;
        }
        plugin.session_close(session);
    }
    plugin.game_destroy(game);
    using ns = std::chrono::nanoseconds;
    std::printf("guess_calls: %ld games, %ld moves; session_open %.0f ns, session_move %.0f ns a call\n", games, moves,
                static_cast<double>(std::chrono::duration_cast<ns>(in_open).count()) / static_cast<double>(games),
                static_cast<double>(std::chrono::duration_cast<ns>(in_move).count()) / static_cast<double>(moves));
    return 0;
}
