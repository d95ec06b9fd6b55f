// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class TokenFilterModel;
class QTableView;
class QTimer;
class TokenListModel;
class Workspace;

// The Tokens page: every token the embedded server issued (TokenListModel), a filter over every
// column, revoke, introspect (a real request, sent from the Composer so that it shows in the
// Traffic log) and "open in the inspector". The list follows the store once a second (only when
// its size changed), and the countdown moves on without a reset.
class TokensPage : public QWidget
{
    Q_OBJECT
public:
    explicit TokensPage(Workspace *workspace, QWidget *parent = nullptr);

    // Nothing to save: the page only reads the store (and revokes, which applies at once).
    bool hasUnsavedChanges() const { return false; }
    bool saveChanges() { return true; }
    void discardChanges() { }

    TokenListModel *model() const { return m_model; }
    // Follows the store now (the timer does it once a second).
    void refresh();

Q_SIGNALS:
    void tokenToInspect(const QString &token);
    // Introspect "token" at the embedded server, authenticated as the client it was issued to.
    void tokenToIntrospect(const QString &token, const QString &clientId);

private:
    QString selectedToken() const;
    QString selectedClientId() const;
    void updateButtons();

    Workspace *m_workspace;
    TokenListModel *m_model;
    TokenFilterModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
    QLabel *m_emptyLabel;
    QPushButton *m_revokeButton;
    QPushButton *m_introspectButton;
    QPushButton *m_inspectButton;
    QTimer *m_timer;
    qsizetype m_lastSize = -1;
};
