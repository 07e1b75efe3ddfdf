# Run by cpack (CPACK_PRE_BUILD_SCRIPTS) after it has installed into its
# staging directory: adds /usr/share/doc/dealerd/changelog.gz, the
# Debian-format changelog every native package carries (dpkg and lintian
# look for it there). It points at CHANGELOG.md, the project's real one.
# The date is now, or SOURCE_DATE_EPOCH when set (reproducible builds).
#
# Inputs from CPackConfig.cmake: CPACK_TEMPORARY_DIRECTORY (the staging
# root), CPACK_PACKAGE_VERSION, CPACK_DEBIAN_PACKAGE_MAINTAINER.

string(TIMESTAMP _dealer_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(_dealer_dir "${CPACK_TEMPORARY_DIRECTORY}/usr/share/doc/dealerd")
if(NOT IS_DIRECTORY "${_dealer_dir}")
  message(FATAL_ERROR "changelog.cmake: no ${_dealer_dir} in cpack's staging directory")
endif()
file(WRITE "${_dealer_dir}/changelog"
"dealerd (${CPACK_PACKAGE_VERSION}) unstable; urgency=medium

  * Packaged from the dealerd source tree with CPack. The changes are
    described in /usr/share/doc/dealerd/CHANGELOG.md.

 -- ${CPACK_DEBIAN_PACKAGE_MAINTAINER}  ${_dealer_date}
")
execute_process(COMMAND gzip -9nf "${_dealer_dir}/changelog" RESULT_VARIABLE _dealer_rc)
if(NOT _dealer_rc EQUAL 0)
  message(FATAL_ERROR "changelog.cmake: gzip failed: ${_dealer_rc}")
endif()
