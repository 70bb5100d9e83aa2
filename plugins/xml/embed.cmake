# SPDX-License-Identifier: MIT
# cmake -DIN=schema.xsd -DOUT=file.c -P embed.cmake
# Turns the XSD into a C array so the installed plugin needs no data files.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" body "${body}")
file(WRITE "${OUT}.tmp"
  "/* Generated from schemas/budgetkit.xsd by plugins/xml/embed.cmake; do not edit. */\n"
  "#include \"xml_schema.h\"\n"
  "const unsigned char xmlp_schema_xsd[] = {\n${body}0x00};\n"
  "const size_t xmlp_schema_xsd_len = ${bytes};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
