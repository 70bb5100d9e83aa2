# SPDX-License-Identifier: MIT
# The Doxygen HTML of the public headers and the docs (docs/Doxyfile): the target
# `doxygen`, part of the build when doxygen is found (-DBK_DOCS=OFF leaves it out),
# installed to DOCDIR/html. Its warnings go to doc/warnings.log (tests/library checks it is empty).
option(BK_DOCS "Build the Doxygen HTML when doxygen is found" ON)
find_package(Doxygen QUIET)
if(BK_DOCS AND DOXYGEN_FOUND)
  set(BK_DOC_DIR ${CMAKE_BINARY_DIR}/doc)
  set(BK_DOXYFILE ${CMAKE_BINARY_DIR}/Doxyfile)
  file(WRITE ${BK_DOXYFILE} "@INCLUDE = ${PROJECT_SOURCE_DIR}/docs/Doxyfile\n"
       "OUTPUT_DIRECTORY = ${BK_DOC_DIR}\nWARN_LOGFILE = ${BK_DOC_DIR}/warnings.log\n")
  file(GLOB BK_DOC_INPUTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/budgetkit/*.h ${PROJECT_SOURCE_DIR}/docs/*.md)
  add_custom_command(OUTPUT ${BK_DOC_DIR}/html/index.html
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BK_DOC_DIR}
    COMMAND Doxygen::doxygen ${BK_DOXYFILE}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DEPENDS ${BK_DOC_INPUTS} ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/Doxyfile
    COMMENT "Doxygen HTML of include/budgetkit and docs/ (doc/html)")
  add_custom_target(doxygen ALL DEPENDS ${BK_DOC_DIR}/html/index.html)
  install(DIRECTORY ${BK_DOC_DIR}/html/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/html)
endif()
