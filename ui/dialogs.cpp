// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QGridLayout>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSpacerItem>

using namespace Qt::Literals::StringLiterals;

namespace Dialogs {

QString fullTitle(const QWidget *dialog)
{
    const QString title = dialog->windowTitle();
    const QString application = QGuiApplication::applicationDisplayName();
    if (application.isEmpty() || title.contains(application))
        return title;
    return title + u" \u2014 "_s + application;
}

int titleWidth(const QWidget *dialog)
{
    QFont font = dialog->font();
    font.setBold(true);
    const QFontMetrics metrics(font);
    // Title fonts run a little larger than the dialog's; three title bar buttons and margins.
    return metrics.horizontalAdvance(fullTitle(dialog)) * 11 / 10 + metrics.height() * 6;
}

void fitTitle(QMessageBox *box)
{
    // A QMessageBox sizes itself from its contents: a spacer across its grid is the one way to
    // give it a minimum width that its own layout keeps.
    auto *grid = qobject_cast<QGridLayout *>(box->layout());
    if (!grid) {
        box->setMinimumWidth(titleWidth(box));
        return;
    }
    grid->addItem(new QSpacerItem(titleWidth(box), 0, QSizePolicy::Minimum, QSizePolicy::Fixed),
        grid->rowCount(), 0, 1, grid->columnCount());
}

void nameSaveAndDiscard(QMessageBox *box)
{
    if (QAbstractButton *save = box->button(QMessageBox::Save))
        save->setText(QCoreApplication::translate("Dialogs", "&Save"));
    if (QAbstractButton *discard = box->button(QMessageBox::Discard))
        discard->setText(QCoreApplication::translate("Dialogs", "&Discard"));
}

bool confirmDelete(QWidget *parent, const QString &title, const QString &question,
    const QString &informativeText, const QString &objectName)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, parent);
    box.setObjectName(objectName);
    box.setInformativeText(informativeText);
    QPushButton *deleteButton = box.addButton(
        QCoreApplication::translate("Dialogs", "&Delete"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    fitTitle(&box);
    box.exec();
    return box.clickedButton() == deleteButton;
}

} // namespace Dialogs
