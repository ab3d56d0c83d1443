# warta_add_test(NAME SOURCES... [LIBS libs...] [LABELS labels...])
#
# Builds one GoogleTest binary and registers each of its tests with CTest.
# Tests labelled "slow" are left out of `make test`; run them with
# `ctest --test-dir build -L slow`.
function(warta_add_test name)
  if(NOT WARTA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    WARTA_SOURCE_DATA_DIR="${WARTA_SOURCE_DATA_DIR}"
    WARTA_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels fast)
  endif()
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${labels}"
    DISCOVERY_TIMEOUT 60)
endfunction()
