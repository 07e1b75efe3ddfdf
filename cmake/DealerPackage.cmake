# `cpack -G DEB` (from the build directory, after a build) makes
# dealerd_<version>_<arch>.deb: everything `cmake --install` lays out, for
# the /usr prefix (so the config lands in /etc/dealer/ and the units in
# /lib/systemd/system/, see cmake/DealerInstallTime.cmake), with its
# binaries stripped. (No -dbgsym package: CMake 3.25 writes the .ddeb's
# md5sums with the staging directory's absolute paths.) docs/install.md
# describes the package.

set(DEALER_PACKAGE_MAINTAINER "dealerd maintainers <maintainers@dealerd.example>" CACHE STRING
  "The Maintainer: field of the .deb")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "dealerd")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "the dealerd developers")
set(CPACK_PACKAGE_CONTACT "${DEALER_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "game-dealing daemon: fair games over TCP and UDP")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")

set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_NAME "dealerd")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DEALER_PACKAGE_MAINTAINER}")
# net, not games: Debian's games section is for programs in /usr/games
# (lintian holds it to that); dealerd is a network daemon and its client.
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The extended description (CPack puts the summary above it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "dealerd deals games, the dealer against one player, over TCP and UDP: to
netcat users in plain text and to programs in line-delimited JSON. Games
commit to their secrets in advance (SHA-256 commit and reveal), so players
can check that the dealer did not cheat.
.
Bundled games: guess the number, a password dialogue, rock paper scissors
and mancala. Every game is a plugin with a small C ABI; the package ships
the SDK (C and C++ headers and a CMake package) to build more out of tree.
.
Includes dealerd, the client dealer, the systemd units (hardened,
Type=notify, socket activation) and man pages. The package enables and
starts no unit by itself.")
# dpkg-shlibdeps works out Depends: from the binaries and plugins.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# For building plugins against the SDK and for talking to dealerd by hand.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, nlohmann-json3-dev, netcat-openbsd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  "${PROJECT_SOURCE_DIR}/packaging/deb/conffiles"
  "${PROJECT_SOURCE_DIR}/packaging/deb/postinst"
  "${PROJECT_SOURCE_DIR}/packaging/deb/prerm"
  "${PROJECT_SOURCE_DIR}/packaging/deb/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# The Debian-format changelog.gz a native package carries.
set(CPACK_PRE_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/packaging/deb/changelog.cmake")

include(CPack)
