// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <memory>

class ClientListModel;
class QModelIndex;
class QSortFilterProxyModel;
class Workspace;
namespace Ui {
class ClientsPage;
}

// Register, edit, duplicate and delete clients; explains the selected authentication method.
//
// Every save builds the next Configuration from the workspace's (ConfigurationEdits) and hands
// it to Workspace::setConfiguration(), which applies it to the running server at once.
class ClientsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ClientsPage(Workspace *workspace, QWidget *parent = nullptr);
    ~ClientsPage() override;

    // true when the form has edits not yet saved; the window asks before closing.
    bool hasUnsavedChanges() const;
    // Save the form's edits (false, with inline messages, when a field is invalid).
    bool saveChanges();
    void discardChanges();

    // Actions of the buttons and shortcuts, public for the window's menus.
    void createClient();
    void duplicateClient();
    void deleteClient();

Q_SIGNALS:
    // What just happened, for the window's status bar (the one place such news goes).
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void configurationChanged();
    void currentRowChanged(const QModelIndex &current);
    // Asks Save / Discard / Cancel when the form is dirty; true when the caller may go on.
    bool confirmLeavingEditor();
    void showClient(const QString &clientId);
    void showNothing();
    // After the filter changed: the form shows a client the list shows.
    void followFilter();
    void selectRow(const QString &clientId);
    void updateActions();
    void updateExplanation();
    // The combo is the one record of the method explained.
    QString explainedMethod() const;
    void chooseExplainedMethod(const QString &method); // the combo only
    void setExplainedMethod(const QString &method); // the combo and the explanation

    std::unique_ptr<Ui::ClientsPage> m_ui;
    Workspace *m_workspace;
    ClientListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    bool m_applying = false; // inside our own setConfiguration call
    bool m_selecting = false; // moving the list selection to match the form
    // List, form and explanation: side by side when the form fits whole, else the explanation
    // under the form; sized so the form does not scroll (sideways at all, downwards if the page
    // allows). "force" sizes them even when the orientation stays.
    void fitDetailLayout(QSize pageSize, bool force);
    bool m_detailSplitSet = false;
    bool m_shownOnce = false; // the form/explanation split was sized for this orientation
};
