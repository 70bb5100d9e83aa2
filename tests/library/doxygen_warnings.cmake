# SPDX-License-Identifier: MIT
# cmake -DLOG=doc/warnings.log -P doxygen_warnings.cmake: fails when Doxygen warned.
if(NOT EXISTS ${LOG})
  message(FATAL_ERROR "${LOG} is missing: build the doxygen target first")
endif()
file(READ ${LOG} text)
if(NOT text STREQUAL "")
  message(FATAL_ERROR "Doxygen warnings (include/budgetkit/*.h, docs/):\n${text}")
endif()
message(STATUS "no Doxygen warning")
