// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/tokenstore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>

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
    // Countdown and status only; statusesChanged() when a token expired since the last tick.
    void tick();
    // Whether the token in "row" has "needle" (case-insensitive) in its client, subject, scopes,
    // format or status: what the page's filter searches, read from the token itself rather than
    // through data(), so that 100,000 rows filter in well under a second.
    bool matches(int row, const QString &needle) const;

    const StoredToken &tokenAt(int row) const { return m_tokens.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void statusesChanged();

public:
    // "active", "expired" or "revoked" at nowSeconds, as the Status column shows it.
    static QString statusText(const StoredToken &token, qint64 nowSeconds);
    // "3 h 59 min", "42 s", "expired".
    static QString countdownText(qint64 secondsLeft);

private:
    qint64 nowSeconds() const;

    const Clock &m_clock;
    TokenStore *m_store = nullptr;
    QList<StoredToken> m_tokens;
    qsizetype m_activeCount = 0;
};

// The Tokens page's filter over a TokenListModel (TokenListModel::matches). The countdown that
// moves every second does not filter again (with 100,000 tokens that took most of a second
// each time); a token expiring does, when a filter is set.
class TokenFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TokenFilterModel(TokenListModel *source, QObject *parent = nullptr);
    void setNeedle(const QString &needle);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    TokenListModel *m_source;
    QString m_needle;
};
