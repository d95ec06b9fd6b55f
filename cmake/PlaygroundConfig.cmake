# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the project's compile flags; every target links it.
add_library(playground_config INTERFACE)

target_compile_definitions(playground_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    PLAYGROUND_VERSION="${PROJECT_VERSION}"
)

if(MSVC)
    target_compile_options(playground_config INTERFACE /W4 /permissive- /utf-8)
else()
    target_compile_options(playground_config INTERFACE -Wall -Wextra -Wpedantic
        -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
        -Wimplicit-fallthrough)
endif()

option(PLAYGROUND_WERROR "Treat compiler warnings as errors" OFF)
if(PLAYGROUND_WERROR)
    if(MSVC)
        target_compile_options(playground_config INTERFACE /WX)
    else()
        target_compile_options(playground_config INTERFACE -Werror)
    endif()
endif()

# Sanitizers for the test suite: "address,undefined" (ASan + UBSan) or "thread" (TSan), with
# ./playground test --sanitize asan|tsan (docs/testing.md). Every target links playground_config,
# so the libraries, the tests and the app are all instrumented; Qt and OpenSSL are not.
# -fno-sanitize-recover: undefined behaviour fails the test instead of printing and going on.
set(PLAYGROUND_SANITIZE "" CACHE STRING
    "Sanitizers for every target: empty, \"address,undefined\" or \"thread\"")
set_property(CACHE PLAYGROUND_SANITIZE PROPERTY STRINGS "" "address,undefined" "thread")
if(PLAYGROUND_SANITIZE)
    if(MSVC)
        message(FATAL_ERROR "PLAYGROUND_SANITIZE is for GCC and Clang")
    endif()
    if(NOT PLAYGROUND_SANITIZE MATCHES "^(address,undefined|undefined,address|address|thread)$")
        message(FATAL_ERROR
            "PLAYGROUND_SANITIZE=${PLAYGROUND_SANITIZE}: use \"address,undefined\" or \"thread\"")
    endif()
    set(playground_sanitize_flags -fsanitize=${PLAYGROUND_SANITIZE} -fno-omit-frame-pointer)
    if(PLAYGROUND_SANITIZE MATCHES "undefined")
        list(APPEND playground_sanitize_flags -fno-sanitize-recover=all)
    endif()
    target_compile_options(playground_config INTERFACE ${playground_sanitize_flags})
    target_link_options(playground_config INTERFACE ${playground_sanitize_flags})
endif()

# libFuzzer targets (tests/fuzz, ./playground fuzz): Clang only, in a build tree of their own.
# The libraries get coverage instrumentation (fuzzer-no-link) and ASan + UBSan; each fuzz target
# links libFuzzer itself (tests/fuzz/CMakeLists.txt).
option(PLAYGROUND_FUZZ "Build the libFuzzer targets in tests/fuzz (needs Clang)" OFF)
if(PLAYGROUND_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "PLAYGROUND_FUZZ needs Clang (-DCMAKE_CXX_COMPILER=clang++)")
    endif()
    if(PLAYGROUND_SANITIZE)
        message(FATAL_ERROR "PLAYGROUND_FUZZ brings its own sanitizers: leave PLAYGROUND_SANITIZE empty")
    endif()
    set(playground_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined
        -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(playground_config INTERFACE ${playground_fuzz_flags})
    target_link_options(playground_config INTERFACE -fsanitize=address,undefined)
endif()
