# Run by `cmake --install` and by cpack (from cmake/DealerInstall.cmake's
# install(CODE)), when the prefix is known: CMAKE_INSTALL_PREFIX is the
# prefix installed to (/usr for the .deb) and DESTDIR, if set, the staging
# root. Installs the files whose place or text depends on that prefix:
#
# - the config, to <sysconfdir>/dealer/dealerd.toml, never over an existing
#   file that differs (an operator's edits survive a reinstall; the new
#   example goes next to it as dealerd.toml.new);
# - the systemd units, with ExecStart= and Documentation= naming the
#   installed binary, config and docs, to <unitdir>;
# - the man pages, with the same paths and the version filled in, gzipped
#   (gzip -9n, as Debian does) to <prefix>/share/man/manN/.
#
# <sysconfdir> is /etc for the prefixes / and /usr, /etc/opt/NAME for
# /opt/NAME, and <prefix>/etc otherwise (the GNU coding standards' rule, as
# GNUInstallDirs applies it). <unitdir> is DEALER_SYSTEMD_UNITDIR when set,
# /lib/systemd/system for /usr (where Debian 12's packages put units), and
# <prefix>/lib/systemd/system otherwise (systemd also reads
# /usr/local/lib/systemd/system).
#
# Inputs: DEALER_SOURCE_DIR, DEALER_GENERATED_DIR, DEALER_VERSION,
# DEALER_SYSTEMD_UNITDIR.

get_filename_component(_dealer_prefix "${CMAKE_INSTALL_PREFIX}" ABSOLUTE)
string(REGEX REPLACE "/+$" "" _dealer_prefix "${_dealer_prefix}")

if(_dealer_prefix STREQUAL "" OR _dealer_prefix STREQUAL "/usr")
  set(DEALER_INSTALL_SYSCONFDIR "/etc")
elseif(_dealer_prefix MATCHES "^/opt/(.+)$")
  set(DEALER_INSTALL_SYSCONFDIR "/etc/opt/${CMAKE_MATCH_1}")
else()
  set(DEALER_INSTALL_SYSCONFDIR "${_dealer_prefix}/etc")
endif()

if(DEALER_SYSTEMD_UNITDIR)
  set(DEALER_INSTALL_UNITDIR "${DEALER_SYSTEMD_UNITDIR}")
elseif(_dealer_prefix STREQUAL "" OR _dealer_prefix STREQUAL "/usr")
  set(DEALER_INSTALL_UNITDIR "/lib/systemd/system")
else()
  set(DEALER_INSTALL_UNITDIR "${_dealer_prefix}/lib/systemd/system")
endif()

# The names the templates (systemd/*.in, docs/man/*.in) use.
set(DEALER_INSTALL_BINDIR "${_dealer_prefix}/bin")
set(DEALER_INSTALL_PLUGINDIR "${_dealer_prefix}/lib/dealer/plugins")
set(DEALER_INSTALL_DOCDIR "${_dealer_prefix}/share/doc/dealerd")
set(DEALER_INSTALL_CONFIG "${DEALER_INSTALL_SYSCONFDIR}/dealer/dealerd.toml")
set(_dealer_mandir "${_dealer_prefix}/share/man")

# A scratch directory of its own for each (DESTDIR, prefix), so that two
# installs to different places at once (the tests do that) never share one.
string(SHA1 _dealer_key "$ENV{DESTDIR}|${_dealer_prefix}")
set(_dealer_gen "${DEALER_GENERATED_DIR}/${_dealer_key}")
file(REMOVE_RECURSE "${_dealer_gen}")

# The config: an existing file that differs is the operator's and stays.
set(_dealer_config_dest "$ENV{DESTDIR}${DEALER_INSTALL_CONFIG}")
if(EXISTS "${_dealer_config_dest}")
  file(SHA256 "${_dealer_config_dest}" _dealer_old)
  file(SHA256 "${DEALER_SOURCE_DIR}/config/dealerd.toml" _dealer_new)
endif()
if(EXISTS "${_dealer_config_dest}" AND NOT _dealer_old STREQUAL _dealer_new)
  message(STATUS "Keeping ${_dealer_config_dest}, which differs from the example: "
                 "the example is installed as dealerd.toml.new")
  file(INSTALL "${DEALER_SOURCE_DIR}/config/dealerd.toml" DESTINATION "${DEALER_INSTALL_SYSCONFDIR}/dealer"
       RENAME dealerd.toml.new)
else()
  file(INSTALL "${DEALER_SOURCE_DIR}/config/dealerd.toml" DESTINATION "${DEALER_INSTALL_SYSCONFDIR}/dealer")
endif()

# The units.
foreach(_dealer_unit dealerd.service dealerd.socket)
  configure_file("${DEALER_SOURCE_DIR}/systemd/${_dealer_unit}.in" "${_dealer_gen}/${_dealer_unit}" @ONLY)
  file(INSTALL "${_dealer_gen}/${_dealer_unit}" DESTINATION "${DEALER_INSTALL_UNITDIR}")
endforeach()

# The man pages.
foreach(_dealer_page dealer.1 dealerd.toml.5 dealerd.8)
  string(REGEX MATCH "[0-9]$" _dealer_section "${_dealer_page}")
  configure_file("${DEALER_SOURCE_DIR}/docs/man/${_dealer_page}.in" "${_dealer_gen}/${_dealer_page}" @ONLY)
  execute_process(COMMAND gzip -9n -c "${_dealer_gen}/${_dealer_page}"
                  OUTPUT_FILE "${_dealer_gen}/${_dealer_page}.gz" RESULT_VARIABLE _dealer_rc)
  if(NOT _dealer_rc EQUAL 0)
    message(FATAL_ERROR "gzip ${_dealer_gen}/${_dealer_page} failed: ${_dealer_rc}")
  endif()
  file(INSTALL "${_dealer_gen}/${_dealer_page}.gz" DESTINATION "${_dealer_mandir}/man${_dealer_section}")
endforeach()

file(REMOVE_RECURSE "${_dealer_gen}")
