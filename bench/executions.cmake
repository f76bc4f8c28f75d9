# The execution engine benchmark (issue 9). Included from bench/CMakeLists.txt.
if(benchmark_FOUND)
  add_executable(executions_bench ${CMAKE_CURRENT_LIST_DIR}/executions_bench.cc)
  target_link_libraries(executions_bench PRIVATE stepshift_server stepshift_cloudwatch benchmark::benchmark)
  target_compile_options(executions_bench PRIVATE ${STEPSHIFT_WARNINGS})
endif()
