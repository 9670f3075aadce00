# ringpool_add_boost_test(<name> SOURCES ... LIBRARIES ...): builds a Boost.Test executable and
# registers each of its test cases with CTest (like gtest_discover_tests), so that ctest counts
# and names individual cases, e.g. "management/M_1_list_ordered_by_id".
function(ringpool_add_boost_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES} ringpool_test_main)
  set(ctest_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_tests.cmake)
  string(REPLACE ";" "|" slow_tests "${RINGPOOL_SLOW_TESTS}")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DEXECUTABLE=$<TARGET_FILE:${name}> -DOUTPUT=${ctest_file}
            -DWORKING_DIRECTORY=${PROJECT_SOURCE_DIR}
            # Cases named in RINGPOOL_SLOW_TESTS get the label "slow": scripts/test.sh (and CI)
            # leave them out, `scripts/test.sh --slow` runs them too.
            "-DSLOW_TESTS=${slow_tests}"
            -P ${PROJECT_SOURCE_DIR}/cmake/BoostTestDiscoverScript.cmake
    BYPRODUCTS ${ctest_file}
    VERBATIM)
  # Include through a wrapper so ctest still runs the other suites when one was not built.
  set(include_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_include.cmake)
  file(WRITE ${include_file}
       "if(EXISTS \"${ctest_file}\")\n  include(\"${ctest_file}\")\nelse()\n  add_test(${name}_NOT_BUILT ${name}_NOT_BUILT)\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()
