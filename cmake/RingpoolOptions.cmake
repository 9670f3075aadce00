# Warning and sanitizer flags shared by every ringpool target (applied through ringpool_options).
add_library(ringpool_options INTERFACE)
target_compile_options(ringpool_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(RINGPOOL_WERROR)
  target_compile_options(ringpool_options INTERFACE -Werror)
endif()
# libstdc++ 12's <expected> is guarded by __cpp_concepts >= 202002L (P0848, conditionally trivial
# special members). Clang 16 implements P0848 but still reports 201907L, so it would not see
# std::expected; clang 17 reports 202002L. Clang 14 lacks P0848 and cannot build ringpool at all.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 17)
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "ringpool needs clang 16 or later with libstdc++ (std::expected); found ${CMAKE_CXX_COMPILER_VERSION}")
  endif()
  add_compile_options(-D__cpp_concepts=202002L -Wno-builtin-macro-redefined -Wno-macro-redefined)
endif()
if(RINGPOOL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RINGPOOL_FUZZ needs clang (libFuzzer): configure with CXX=clang++-16, or use scripts/build.sh --fuzz")
  endif()
  # Every library gets libFuzzer's coverage instrumentation (fuzzer-no-link) so that the fuzz
  # targets in fuzz/ see edges inside the parsers; the tests link the same objects and run
  # under the same sanitizers, so this build is also the sanitizer run of the suite.
  # RINGPOOL_FUZZ_SANITIZE=OFF builds coverage only, for long campaigns that count executions
  # (the differential properties still hold there: they are checks of the target, not of ASan).
  option(RINGPOOL_FUZZ_SANITIZE "With RINGPOOL_FUZZ: also ASan+UBSan (OFF: coverage only, faster)" ON)
  if(RINGPOOL_FUZZ_SANITIZE)
    set(RINGPOOL_SANITIZE ON)
  endif()
  target_compile_options(ringpool_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(RINGPOOL_SANITIZE)
  target_compile_options(ringpool_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(ringpool_options INTERFACE -fsanitize=address,undefined)
endif()
