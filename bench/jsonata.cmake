# src/jsonata against the reference implementation (issue 11). Included from bench/CMakeLists.txt.
if(benchmark_FOUND)
  add_executable(jsonata_bench ${CMAKE_CURRENT_LIST_DIR}/jsonata_bench.cc)
  target_link_libraries(jsonata_bench PRIVATE stepshift_jsonata benchmark::benchmark)
  target_compile_options(jsonata_bench PRIVATE ${STEPSHIFT_WARNINGS})
  target_compile_definitions(jsonata_bench PRIVATE
    JSONATA_BENCH_EXPRS="${CMAKE_CURRENT_LIST_DIR}/jsonata_exprs.json")
endif()
