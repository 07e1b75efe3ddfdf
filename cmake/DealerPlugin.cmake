# dealer_add_plugin(NAME <game> SOURCES ... [OUTPUT_DIR dir] [NO_INSTALL])
#
# Builds a game plugin as a loadable module named dealer_<game>.so against
# the SDK only, with hidden visibility so that nothing but the ABI entry
# points is exported.
function(dealer_add_plugin)
  cmake_parse_arguments(ARG "NO_INSTALL" "NAME;OUTPUT_DIR" "SOURCES" ${ARGN})
  set(target dealer_${ARG_NAME})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${DEALER_PLUGIN_OUTPUT_DIR}")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE dealer::sdk dealer_warnings)
  # GNU-unique symbols (from inline statics) would bind two loaded copies of
  # a plugin together and make it impossible to unload.
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANG_AND_ID:CXX,GNU>:-fno-gnu-unique>)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "dealer_${ARG_NAME}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}")
  # A plugin must resolve every symbol at link time, as dlopen(RTLD_NOW) will
  # (not under sanitizers or fuzzing: their runtime lives in the executable).
  if(NOT DEALER_SANITIZE AND NOT DEALER_FUZZ)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${DEALER_PLUGIN_SUBDIR}")
    set_property(GLOBAL APPEND PROPERTY DEALER_BUNDLED_GAMES "${ARG_NAME}")
  endif()
endfunction()
