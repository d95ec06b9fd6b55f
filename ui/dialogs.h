// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QMessageBox;
class QWidget;

// What every message box of the window shares. Window managers append the application's name
// to a dialog's title and cut it when the dialog is narrow ("Unsaved Cha…2 Playground"), and a
// QMessageBox is only as wide as its text: fitTitle() widens it to its whole title.
namespace Dialogs {

// The title bar text the window manager shows ("Unsaved Changes — OAuth2 Playground").
QString fullTitle(const QWidget *dialog);
// The width that text needs in a bold title font, with room for the title bar's buttons.
int titleWidth(const QWidget *dialog);
// Call after the title is set and before the box is shown.
void fitTitle(QMessageBox *box);
// "&Save" and "&Discard" on a box's Save and Discard buttons: platform themes name them
// differently and not always with a mnemonic.
void nameSaveAndDiscard(QMessageBox *box);

// The pages' "Delete X?" question: Delete (destructive) and Cancel, Cancel the default. True when
// the user chose Delete. objectName lets tests find and answer the box.
bool confirmDelete(QWidget *parent, const QString &title, const QString &question,
    const QString &informativeText, const QString &objectName);

} // namespace Dialogs
