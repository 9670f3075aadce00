# Script mode helper of EmbedFile.cmake: writes a .cpp holding INPUT's bytes as a hex array.
file(READ ${INPUT} content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
cmake_path(GET INPUT FILENAME input_name)
file(WRITE ${OUTPUT} "// Generated from ${input_name}; do not edit.\n#include <string_view>\nnamespace ringpool::embedded {\nstatic const char ${SYMBOL}_bytes[] = {${bytes} '\\0'};\nextern const std::string_view ${SYMBOL}(${SYMBOL}_bytes, ${byte_count});\n}\n")
