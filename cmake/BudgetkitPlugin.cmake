# SPDX-License-Identifier: MIT
# bk_add_plugin(NAME SOURCES a.c ... [LIBS target ...])
# Builds bk_NAME.so as a MODULE that links nothing of the core: everything
# it needs from budgetkit comes through the bk_host struct (plugin.h).
function(bk_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  set(target bk_${name})
  add_library(${target} MODULE ${P_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY ${BK_PLUGIN_OUTPUT_DIR}
    C_VISIBILITY_PRESET hidden)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/include)
  # Undefined symbols fail at link time, not at dlopen; sanitizer builds resolve
  # the runtime from the executable, so they skip the check.
  if(NOT BK_SANITIZE)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(P_LIBS)
    target_link_libraries(${target} PRIVATE ${P_LIBS})
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${BK_PLUGIN_INSTALL_DIR})
endfunction()
