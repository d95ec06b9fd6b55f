// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QWidget>

#include <memory>

class QModelIndex;
class ScopeListModel;
class Workspace;
namespace Ui {
class ScopesPage;
}

// Register, rename and delete scopes; renaming updates the clients that use a scope.
//
// The scope form is small enough to live in the page itself; what an edit does to the clients
// (rename everywhere, remove everywhere) is decided by ConfigurationEdits.
class ScopesPage : public QWidget
{
    Q_OBJECT
public:
    explicit ScopesPage(Workspace *workspace, QWidget *parent = nullptr);
    ~ScopesPage() override;

    bool hasUnsavedChanges() const;
    bool saveChanges();
    void discardChanges();

    void createScope();
    void deleteScope();

Q_SIGNALS:
    // What just happened, for the window's status bar (the one place such news goes).
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void configurationChanged();
    void currentRowChanged(const QModelIndex &current);
    bool confirmLeavingEditor();
    void showScope(const QString &name);
    void showNothing();
    void load(const ScopeDefinition &scope, bool isNew);
    void selectRow(const QString &name);
    bool isEditing() const;
    ScopeDefinition formScope() const;
    QString originalName() const { return m_isNew ? QString() : m_baseline.name; }
    QString nameError() const;
    void updateState();
    void apply(const Configuration &config);

    std::unique_ptr<Ui::ScopesPage> m_ui;
    Workspace *m_workspace;
    ScopeListModel *m_model;
    ScopeDefinition m_baseline;
    bool m_isNew = true;
    bool m_nameTouched = false;
    bool m_loading = false;
    bool m_applying = false;
    bool m_selecting = false;
};
