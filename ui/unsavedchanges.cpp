// SPDX-License-Identifier: GPL-3.0-or-later
#include "unsavedchanges.h"

#include "dialogs.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace UnsavedChanges {

bool resolve(QWidget *parent, const QString &question, const QString &objectName,
    const std::function<bool()> &save, const std::function<void()> &discard)
{
    QMessageBox box(QMessageBox::Question,
        QCoreApplication::translate("UnsavedChanges", "Unsaved Changes"), question,
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setObjectName(objectName);
    box.setInformativeText(
        QCoreApplication::translate("UnsavedChanges", "If you don't save, the edits are lost."));
    box.setDefaultButton(QMessageBox::Save);
    Dialogs::fitTitle(&box);
    Dialogs::nameSaveAndDiscard(&box);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        discard();
        return true;
    default:
        return false; // Cancel, Escape or the window's close button
    }
}

} // namespace UnsavedChanges
