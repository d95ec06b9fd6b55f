// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QWidget;

// The one question the editing pages ask before edits would be lost.
namespace UnsavedChanges {

// A modal Save / Discard / Cancel question (Save is the default button), then what the user
// chose: save (true when it saved), discard, or nothing. True when the page may go on to what it
// was about to do; false when the user cancelled or saving failed. objectName lets tests find
// and answer the box.
bool resolve(QWidget *parent, const QString &question, const QString &objectName,
    const std::function<bool()> &save, const std::function<void()> &discard);

} // namespace UnsavedChanges
