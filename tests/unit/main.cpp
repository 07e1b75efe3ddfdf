// The doctest runner for every unit test file. libsodium (the host's CSPRNG
// and hashes) is initialised once here, as dealerd's main() does.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        std::fputs("libsodium failed to initialise\n", stderr);
        return 1;
    }
    return doctest::Context(argc, argv).run();
}
