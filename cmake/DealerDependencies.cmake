# Every third-party dependency comes from Debian 12 packages (scripts/setup).

find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(tomlplusplus 3.3 REQUIRED)
# simdjson: the fast first reading of players' lines and games' replies
# (protocol/json_scan.hpp); nlohmann_json stays the exact path and builds
# every tree and reply.
find_package(simdjson 3.0 REQUIRED)

# Standalone Asio is header-only and ships no CMake package on Debian.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(dealer_asio INTERFACE)
target_include_directories(dealer_asio SYSTEM INTERFACE "${ASIO_INCLUDE_DIR}")
# ASIO_DISABLE_STD_ALIGNED_ALLOC: Asio 1.22 decides between aligned_alloc()
# and operator new from _GLIBCXX_HAVE_ALIGNED_ALLOC, which is defined only
# once a libstdc++ header has been read. A file that includes <asio.hpp>
# first therefore frees with operator delete what a file that included
# <string> first allocated with aligned_alloc() (the handler memory that
# Asio recycles per thread): an ODR violation that ASan reports as
# alloc-dealloc-mismatch. Always operator new, in every file, removes it.
target_compile_definitions(dealer_asio INTERFACE
  ASIO_STANDALONE ASIO_NO_DEPRECATED ASIO_DISABLE_STD_ALIGNED_ALLOC)
target_link_libraries(dealer_asio INTERFACE Threads::Threads)

pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# libedit (BSD licence): line editing and history for the client dealer.
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)

if(DEALER_BUILD_TESTS)
  find_package(doctest REQUIRED)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
endif()
