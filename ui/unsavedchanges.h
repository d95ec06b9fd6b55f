// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

// The one question the editing pages ask before edits would be lost.
namespace UnsavedChanges {

enum class Choice { Save, Discard, Cancel };

// A modal Save / Discard / Cancel question (Save is the default button). objectName lets tests
// find and answer the box.
Choice ask(QWidget *parent, const QString &question, const QString &objectName);

} // namespace UnsavedChanges
