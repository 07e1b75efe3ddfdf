# Installed layout: bin/dealerd, bin/dealer, lib/dealer/plugins/, include/dealer/,
# lib/cmake/dealer/ (find_package(dealer) for out-of-tree plugins).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS dealerd dealer RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES config/dealerd.toml DESTINATION "${CMAKE_INSTALL_SYSCONFDIR}/dealer")

install(TARGETS dealer_sdk EXPORT dealerTargets)
install(DIRECTORY sdk/include/dealer DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
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
