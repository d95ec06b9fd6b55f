// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

class QLabel;
class QPalette;
class QWidget;

// The inline message under a form field: red for an error that blocks saving, amber for a
// warning that does not, muted for a plain hint. The colours are Theme's tones, so they read on
// light and dark palettes alike.
namespace FieldMessage {

enum class Severity { Error, Warning, Hint };

QColor color(Severity severity, const QPalette &palette);

// Shows text in the label (hides it when text is empty) and gives the field the same text as
// its accessible description, so a screen reader announces why the field is wrong.
void show(QLabel *label, QWidget *field, const QString &text, Severity severity = Severity::Error);
void clear(QLabel *label, QWidget *field);

// Re-applies the colour after a palette change (light <-> dark switch while the app runs).
void refreshColor(QLabel *label);

} // namespace FieldMessage
