// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class TokenListModel;
class Workspace;

// The Tokens page: every token the embedded server issued (TokenListModel), a filter over every
// column, revoke and "open in the inspector". The list follows the store once a second (only when
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

private:
    QString selectedToken() const;
    void updateButtons();

    Workspace *m_workspace;
    TokenListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
    QLabel *m_emptyLabel;
    QPushButton *m_revokeButton;
    QPushButton *m_inspectButton;
    QTimer *m_timer;
    qsizetype m_lastSize = -1;
};
