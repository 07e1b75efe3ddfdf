# Language level, warnings and the build-tree layout shared by every target.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_C_STANDARD 11)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

# The build tree mirrors the installed layout (bin/, lib/dealer/plugins/) so
# that dealerd finds its bundled plugins relative to its own executable in
# both places.
set(DEALER_PLUGIN_SUBDIR "lib/dealer/plugins")
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bin")
set(DEALER_PLUGIN_OUTPUT_DIR "${PROJECT_BINARY_DIR}/${DEALER_PLUGIN_SUBDIR}")

# dealer_warnings: an interface target every project target links, so the
# warning set is stated once.
add_library(dealer_warnings INTERFACE)
target_compile_options(dealer_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  $<$<BOOL:${DEALER_WARNINGS_AS_ERRORS}>:-Werror>)

# DEALER_FUZZ=ON (clang only): every target is built for libFuzzer's
# coverage (-fsanitize=fuzzer-no-link) and the targets of tests/fuzz are
# built; scripts/fuzz configures such a build with ASan and UBSan.
option(DEALER_FUZZ "Build the libFuzzer targets under tests/fuzz (clang)" OFF)
if(DEALER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DEALER_FUZZ needs clang (libFuzzer): configure with CXX=clang++ CC=clang")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# DEALER_SANITIZE=address,undefined or thread: instrument every target
# (plugins included) for the sanitizer runs.
set(DEALER_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined or thread")
if(DEALER_SANITIZE)
  add_compile_options(-fsanitize=${DEALER_SANITIZE} -fno-omit-frame-pointer)
  if(DEALER_SANITIZE STREQUAL "thread")
    # GCC 12 warns about Asio's atomic_thread_fence under TSan; it is known and harmless here.
    add_compile_options(-Wno-tsan)
  endif()
  add_link_options(-fsanitize=${DEALER_SANITIZE})
  # GCC's -fsanitize=null, nonnull-attribute and returns-nonnull-attribute
  # (all part of "undefined") imply -fno-delete-null-pointer-checks, under
  # which GCC 12 no longer folds "function pointer == nullptr" in a constant
  # expression. The static_assert in daemon/config_table.hpp would then stop
  # the build; this tells it to leave the check to its unit test.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND DEALER_SANITIZE MATCHES "undefined|null")
    add_compile_definitions(DEALER_NO_DELETE_NULL_POINTER_CHECKS)
  endif()
endif()
