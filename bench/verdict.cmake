# The deploy verdict's per-poll cost (issue 12). Included from bench/CMakeLists.txt.
if(benchmark_FOUND)
  add_executable(verdict_bench ${CMAKE_CURRENT_LIST_DIR}/verdict_bench.cc)
  target_link_libraries(verdict_bench PRIVATE stepshift_deploy benchmark::benchmark)
  target_compile_options(verdict_bench PRIVATE ${STEPSHIFT_WARNINGS})
endif()
