// SPDX-License-Identifier: GPL-3.0-or-later
#include "unsavedchanges.h"

#include "dialogs.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace UnsavedChanges {

Choice ask(QWidget *parent, const QString &question, const QString &objectName)
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
        return Choice::Save;
    case QMessageBox::Discard:
        return Choice::Discard;
    default:
        return Choice::Cancel;
    }
}

bool resolve(QWidget *parent, const QString &question, const QString &objectName,
    const std::function<bool()> &save, const std::function<void()> &discard)
{
    switch (ask(parent, question, objectName)) {
    case Choice::Save:
        return save();
    case Choice::Discard:
        discard();
        return true;
    case Choice::Cancel:
        break;
    }
    return false;
}

} // namespace UnsavedChanges
