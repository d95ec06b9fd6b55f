// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/tokenstore.h"

#include <QAbstractTableModel>
#include <QList>

class Clock;

// The issued tokens of a TokenStore as a table, newest first: client, subject, scopes, format,
// issued, a live "expires in" and the status (active, expired, revoked). reload() takes a copy of
// the store's list (it changes under the server threads); tick() moves the countdown and status
// on without a reset.
class TokenListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ClientColumn,
        SubjectColumn,
        ScopesColumn,
        FormatColumn,
        IssuedColumn,
        ExpiresInColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { TokenValueRole = Qt::UserRole + 1, IsActiveRole };

    TokenListModel(const Clock &clock, QObject *parent = nullptr);

    void setStore(TokenStore *store);
    TokenStore *store() const { return m_store; }
    // Takes the store's tokens again.
    void reload();
    // Countdown and status only.
    void tick();

    const StoredToken &tokenAt(int row) const { return m_tokens.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "active", "expired" or "revoked" at nowSeconds, as the Status column shows it.
    static QString statusText(const StoredToken &token, qint64 nowSeconds);
    // "3 h 59 min", "42 s", "expired".
    static QString countdownText(qint64 secondsLeft);

private:
    qint64 nowSeconds() const;

    const Clock &m_clock;
    TokenStore *m_store = nullptr;
    QList<StoredToken> m_tokens;
};
