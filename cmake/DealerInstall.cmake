# What `cmake --install` (and cpack, which installs the same way) lays out
# under the prefix:
#
#   bin/dealerd, bin/dealer
#   lib/dealer/plugins/dealer_<game>.so        (installed by dealer_add_plugin)
#   include/dealer/plugin.h, plugin.hpp
#   lib/cmake/dealer/                          (find_package(dealer) for out-of-tree plugins)
#   share/doc/dealerd/                         (README, CHANGELOG, docs/, copyright, examples/hilo)
#   share/man/man1/dealer.1.gz, man5/dealerd.toml.5.gz, man8/dealerd.8.gz
#   etc/dealer/dealerd.toml                    (/etc/dealer/ for the /usr prefix)
#   lib/systemd/system/dealerd.{service,socket} (/lib/systemd/system/ for the /usr prefix)
#
# The last three depend on the prefix the files are installed to, which is
# only known at install time (`cmake --install build --prefix P`, or /usr
# when cpack builds the .deb), so cmake/DealerInstallTime.cmake places and
# fills them in then. docs/install.md explains the layout.
include(CMakePackageConfigHelpers)

set(DEALER_SYSTEMD_UNITDIR "" CACHE PATH
  "Where the systemd units are installed; empty: /lib/systemd/system for the /usr prefix, <prefix>/lib/systemd/system otherwise")

set(DEALER_DOC_SUBDIR "share/doc/dealerd")

install(TARGETS dealerd dealer RUNTIME DESTINATION bin)

# The SDK and its CMake package.
install(TARGETS dealer_sdk EXPORT dealerTargets)
install(DIRECTORY sdk/include/dealer DESTINATION include)
install(EXPORT dealerTargets NAMESPACE dealer:: DESTINATION "lib/cmake/dealer")
configure_package_config_file(cmake/dealerConfig.cmake.in
  "${PROJECT_BINARY_DIR}/dealerConfig.cmake" INSTALL_DESTINATION "lib/cmake/dealer")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/dealerConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/dealerConfig.cmake"
  "${PROJECT_BINARY_DIR}/dealerConfigVersion.cmake"
  cmake/DealerPlugin.cmake
  DESTINATION "lib/cmake/dealer")

# Documentation, with the README's relative links (docs/...) intact, the
# copyright file Debian wants in every package's doc directory, and the
# out-of-tree example game.
install(FILES README.md CHANGELOG.md packaging/copyright DESTINATION "${DEALER_DOC_SUBDIR}")
install(DIRECTORY docs/ DESTINATION "${DEALER_DOC_SUBDIR}/docs"
  FILES_MATCHING PATTERN "*.md" PATTERN "man" EXCLUDE)
install(DIRECTORY examples/hilo DESTINATION "${DEALER_DOC_SUBDIR}/examples"
  PATTERN "build" EXCLUDE)

# The config, the units and the man pages: placed and filled in at install
# time for the prefix installed to.
install(CODE "
set(DEALER_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
set(DEALER_GENERATED_DIR \"${PROJECT_BINARY_DIR}/install-time\")
set(DEALER_VERSION \"${PROJECT_VERSION}\")
set(DEALER_SYSTEMD_UNITDIR \"${DEALER_SYSTEMD_UNITDIR}\")
include(\"${PROJECT_SOURCE_DIR}/cmake/DealerInstallTime.cmake\")
")
