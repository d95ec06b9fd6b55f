// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QStringView>

class QWidget;

// The few colours and icons the window adds to the system's look. Colours are picked for the
// current palette (light or dark) so that state and messages stay readable in both; icons are
// single-colour SVGs drawn in the palette's text colour at any size (high-DPI screens).
namespace Theme {

enum class Tone {
    Normal, // the palette's text colour
    Success, // a running server
    Warning, // something works but deserves attention (a bind reachable from the network)
    Error, // something failed or blocks saving
    Muted, // secondary text, a stopped server
    Selected, // a selected mark drawn on the window background (not on a highlight fill)
};

bool isDark(const QPalette &palette);
QColor color(Tone tone, const QPalette &palette);

// The colours of a JWT's three segments (0 header, 1 payload, 2 signature) and of JSON syntax,
// readable on the palette's base colour.
QColor segmentColor(int segment, const QPalette &palette);
enum class Syntax { Key, String, Number, Literal, Punctuation };
QColor syntaxColor(Syntax kind, const QPalette &palette);

// Gives a label (or any widget's text) the tone's colour; refreshed by refreshTones() when the
// palette changes.
void setTone(QWidget *widget, Tone tone);
// Re-applies every tone below root after a palette change (light <-> dark).
void refreshTones(QWidget *root);

// ":/icons/<name>.svg", tinted with the palette's text colour (highlighted text when selected).
QIcon icon(QStringView name);
// The application's own icon (full colour).
QIcon appIcon();

} // namespace Theme
