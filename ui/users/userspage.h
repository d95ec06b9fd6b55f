// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QSet>
#include <QWidget>

#include <memory>

class ExtraClaimsModel;
class QModelIndex;
class UserListModel;
class Workspace;
namespace Ui {
class UsersPage;
}

// Add, edit and delete the test users who sign in on the login page (Configuration::users).
//
// Like the Scopes page, the form lives in the page; every check is ConfigurationJson's (the
// loader's), and the edit itself is ConfigurationEdits'. A save applies to the running server
// at once and is written to the configuration file with the rest.
class UsersPage : public QWidget
{
    Q_OBJECT
public:
    explicit UsersPage(Workspace *workspace, QWidget *parent = nullptr);
    ~UsersPage() override;

    bool hasUnsavedChanges() const;
    bool saveChanges();
    void discardChanges();

    void createUser();
    void deleteUser();

Q_SIGNALS:
    // What just happened, for the window's status bar (the one place such news goes).
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Field { Username, Password, Email, ExtraClaims };

    void configurationChanged();
    void currentRowChanged(const QModelIndex &current);
    bool confirmLeavingEditor();
    void showUser(const QString &username);
    void showNothing();
    void load(const TestUser &user, bool isNew);
    void selectRow(const QString &username);
    bool isEditing() const;
    TestUser formUser() const;
    QString originalUsername() const { return m_isNew ? QString() : m_baseline.username; }
    QString errorFor(Field field) const;
    QWidget *fieldWidget(Field field) const;
    void fieldEdited(Field field);
    void updateState();
    void apply(const Configuration &config);

    std::unique_ptr<Ui::UsersPage> m_ui;
    Workspace *m_workspace;
    UserListModel *m_model;
    ExtraClaimsModel *m_claimsModel;
    TestUser m_baseline;
    QSet<Field> m_touched;
    bool m_isNew = true;
    bool m_loading = false;
    bool m_applying = false;
    bool m_selecting = false;
};
