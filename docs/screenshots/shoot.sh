#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots of the real window, as a user sees it: Xvfb, the Openbox window manager, the
# system palette and font set through qt6ct, pages reached with the app's own Ctrl+1..9 keys.
#
#   docs/screenshots/shoot.sh APP OUT_PREFIX WIDTHxHEIGHT light|dark FONT_PT PAGE...
#   e.g. docs/screenshots/shoot.sh build/app/oauth2-playground /tmp/shot 1280x720 dark 12 2 6
#
# writes OUT_PREFIX-<page>.png for each page number (1 Server ... 6 Composer ... 9 Users) and
# OUT_PREFIX-size.txt with the window's geometry after each page. A fresh configuration, home
# and settings folder each run: nothing of the user's is read or written. Packages: the "shots"
# list in ./playground. SHOOT_TOKEN, when set, is typed into the Inspector (page 4) first.
# SHOOT_KEYS_<page>, when set, are pressed on that page before its screenshot (xdotool key
# names, e.g. SHOOT_KEYS_6="alt+q Down" picks the Composer's second request). SHOOT_PORT (default
# 0, a free port) is the server's port, SHOOT_RESOURCE_PORT (default: a free one with a free
# SHOOT_PORT, else the configuration's 8091) the resource server's; SHOOT_SETUP, when set, is a shell command run once the
# window is up (e.g. curl requests to http://127.0.0.1:$SHOOT_PORT/..., for the Traffic and
# Sequence pages). SHOOT_STDERR, when set, is a file for the app's standard error (its warnings).
set -euo pipefail
app="$(realpath "$1")" out="$2" size="$3" theme="$4" font="$5"
shift 5
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home/.config/qt6ct"
palette=false
[ "$theme" = dark ] && palette=true
cat > "$work/home/.config/qt6ct/qt6ct.conf" <<CONF
[Appearance]
color_scheme_path=/usr/share/qt6ct/colors/darker.conf
custom_palette=$palette
style=Fusion
standard_dialogs=default

[Fonts]
fixed="DejaVu Sans Mono,$font,-1,5,400,0,0,0,0,0,0,0,0,0,0,1"
general="DejaVu Sans,$font,-1,5,400,0,0,0,0,0,0,0,0,0,0,1"
CONF
cat > "$work/run.sh" <<RUN
set -eu
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" QT_QPA_PLATFORMTHEME=qt6ct
openbox >/dev/null 2>&1 &
sleep 1
"$app" --config "$work/config.json" --port ${SHOOT_PORT:-0} ${SHOOT_RESOURCE_PORT:+--resource-port $SHOOT_RESOURCE_PORT} >/dev/null 2>${SHOOT_STDERR:-/dev/null} &
pid=\$!
window="\$(xdotool search --sync --onlyvisible --name 'OAuth2 Playground' | head -n 1)"
sleep 3
if [ -n "${SHOOT_SETUP:-}" ]; then bash -c '${SHOOT_SETUP:-}' >/dev/null 2>&1 || true; sleep 1; fi
for page in $*; do
    xdotool windowactivate --sync "\$window" key --clearmodifiers "ctrl+\$page"
    if [ "\$page" = 4 ] && [ -n "${SHOOT_TOKEN:-}" ]; then
        # Into the token field (near the page's top-left), as a user clicks and types.
        xdotool mousemove --window "\$window" 620 100 click 1
        xdotool type --delay 2 "${SHOOT_TOKEN:-}"
        xdotool mousemove 0 0
    fi
    keys_var="SHOOT_KEYS_\$page"
    if [ -n "\${!keys_var:-}" ]; then
        xdotool key --clearmodifiers --delay 150 \${!keys_var}
    fi
    sleep 2
    import -window root "$out-\$page.png"
    echo "page \$page: \$(xdotool getactivewindow getwindowgeometry | tr "\\n" " ")" >> "$out-size.txt"
done
kill \$pid
wait \$pid || true
RUN
rm -f "$out-size.txt"
xvfb-run -a -s "-screen 0 ${size}x24" bash "$work/run.sh"
