#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the .deb from an already built tree and checks what a user would get from it: the
# control fields, the file list, and that the packaged binary runs.
#   check-deb.sh CPACK CPACK_CONFIG BUILT_BINARY VERSION WORK_DIR
set -euo pipefail

cpack="$1" config="$2" built_binary="$3" version="$4" work_parent="$5"
app_id=io.github.oauth2playground.OAuth2Playground
failures=0

fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

# cpack installs what the build made without building it: a stale or missing binary would be
# packaged silently, so require the one ctest was configured with.
[ -x "$built_binary" ] || { printf 'FAIL: %s is not built\n' "$built_binary" >&2; exit 1; }
[ -f "$config" ] || { printf 'FAIL: %s is missing (packaging/ not configured)\n' "$config" >&2; exit 1; }

work="$(mktemp -d "$work_parent/deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if ! "$cpack" --config "$config" -G DEB -B "$work" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    printf 'FAIL: cpack -G DEB failed\n' >&2
    exit 1
fi
debs=("$work"/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { printf 'FAIL: expected one .deb in %s\n' "$work" >&2; exit 1; }
deb="${debs[0]}"
printf 'Built %s\n' "$(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = oauth2-playground ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', project says $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends="$(field Depends)"
printf 'Depends: %s\n' "$depends"
# shlibdeps, not a hand-written list: the libraries the binary really links. Ubuntu 24.04 names
# some of them with the t64 suffix (64-bit time_t transition).
# libqt6sql6-sqlite is the one added by hand: Qt Sql loads it at run time for the token store.
for lib in libqt6httpserver6 'libqt6core6(t64)?' 'libqt6network6(t64)?' 'libssl3(t64)?|libcrypto3' libc6 libqt6sql6-sqlite; do
    grep -Eq "(^|, |\| )($lib)( |,|$)" <<<"$depends" || fail "Depends lacks $lib"
done

listing="$(dpkg-deb -c "$deb" | awk '{print $6}')"
for path in \
    ./usr/bin/oauth2-playground \
    "./usr/share/applications/$app_id.desktop" \
    "./usr/share/metainfo/$app_id.metainfo.xml" \
    "./usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
    ./usr/share/icons/hicolor/{16x16,24x24,32x32,48x48,64x64,128x128,256x256,512x512}/apps/"$app_id.png" \
    ./usr/share/man/man1/oauth2-playground.1.gz \
    ./usr/share/doc/oauth2-playground/copyright \
    ./usr/share/doc/oauth2-playground/changelog.gz; do
    grep -Fxq "$path" <<<"$listing" || fail "the package lacks $path"
done
# Nothing outside /usr (no /usr/local, no build paths).
stray="$(grep -Ev '^\./(usr/?|usr/(bin|share)(/.*)?)?$' <<<"$listing" || true)"
[ -z "$stray" ] || fail "files outside /usr/bin and /usr/share: $stray"

dpkg-deb -x "$deb" "$work/root"
packaged="$work/root/usr/bin/oauth2-playground"
if [ ! -x "$packaged" ]; then
    fail "the extracted binary is not executable"
else
    # Stripped, as a release package should be.
    file "$packaged" | grep -q ', stripped' || fail "the packaged binary is not stripped"
    out="$(QT_QPA_PLATFORM=offscreen "$packaged" --version)" || fail "--version exited with $?"
    [ "$out" = "oauth2-playground $version" ] || fail "--version printed '$out'"
fi

if [ "$failures" -gt 0 ]; then
    printf '%d check(s) failed\n' "$failures" >&2
    exit 1
fi
printf 'All .deb checks passed\n'
