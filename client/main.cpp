// dealer: the bundled client of dealerd. Parses the command line and runs
// the client; everything else lives in the dealer_client library.
#include <sodium.h>

#include <cstdio>

#include "client/client_app.hpp"
#include "client/session_controller.hpp"
#include "client_version.hpp"

int main(int argc, char** argv) {
    using namespace dealer::client;
    std::string why;
    const auto options = parse_command_line(argc, argv, why);
    if (!options) {
        std::fprintf(stderr, "dealer: %s\n%s", why.c_str(), usage_text().c_str());
        return exit_status::usage;
    }
    if (options->help) {
        std::fputs(usage_text().c_str(), stdout);
        return exit_status::ok;
    }
    if (options->version) {
        std::printf("dealer %s (protocol %d)\n", DEALER_VERSION, DEALER_PROTOCOL_VERSION);
        return exit_status::ok;
    }
    if (sodium_init() < 0) {
        std::fputs("dealer: libsodium failed to initialise\n", stderr);
        return exit_status::cannot_connect;
    }
    return run_client(*options);
}
