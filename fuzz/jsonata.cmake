# libFuzzer target for the JSONata parser and evaluator (issue 11). Included from
# fuzz/CMakeLists.txt; built only by `make fuzz` (clang, STEPSHIFT_FUZZ=ON). Seeds:
# fuzz/corpus/jsonata (an expression, then optionally a NUL byte and a JSON document).
add_executable(jsonata_fuzz ${CMAKE_CURRENT_LIST_DIR}/jsonata_fuzz.cc)
target_link_libraries(jsonata_fuzz PRIVATE stepshift_jsonata)
target_compile_options(jsonata_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(jsonata_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
