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
