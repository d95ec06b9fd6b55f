// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/exchangerecord.h"
#include "oauth/secretmasking.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QTimer>

// The exchanges the embedded server handled, newest last, at most cap() of them.
//
// A load test sends thousands of requests a second; a row insertion per request would keep the
// views busy relayouting. append() only queues: the queue is flushed every 100 ms (or at once
// when it is large) with one insertion and at most one removal of the oldest rows.
class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        ClientColumn,
        StatusColumn,
        OutcomeColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role {
        SearchTextRole = Qt::UserRole + 1, // path, client, outcome and reason, for the filter
        IsErrorRole, // bool: status 400 or above (or none)
    };
    static constexpr int DefaultCap = 10000;
    static constexpr int FlushIntervalMsecs = 100;
    static constexpr int FlushAtPending = 2000;

    explicit TrafficModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int cap() const { return m_cap; }
    // Drops the oldest rows at once when there are more than "cap" (at least 1).
    void setCap(int cap);

    // Queues one exchange; it shows at the next flush.
    void append(const ExchangeRecord &record);
    // Moves the queued exchanges into the model now (tests; the timer does it otherwise).
    void flush();
    int pendingCount() const { return int(m_pending.size()); }
    void clear();

    const ExchangeRecord &recordAt(int row) const { return m_records.at(row); }
    QList<ExchangeRecord> records() const { return m_records; }

    // The exchanges as an HTTP Archive (HAR 1.2). Credentials are always masked
    // (SecretMasking); the tokens of the responses only unless "tokens" says Included.
    static QByteArray toHar(const QList<ExchangeRecord> &records,
        SecretMasking::Tokens tokens = SecretMasking::Tokens::Masked);
    // The value of "access_token" in a JSON response body, empty when there is none.
    static QString accessTokenOf(const ExchangeRecord &record);

Q_SIGNALS:
    // After a flush added rows (views scroll to the end when they follow).
    void rowsAppended(int count);

private:
    void dropOldest(int count);

    QList<ExchangeRecord> m_records;
    QList<ExchangeRecord> m_pending;
    QTimer m_flushTimer;
    int m_cap = DefaultCap;
};

// Filters the traffic log by text (path, client, outcome, reason) and by result.
class TrafficFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StatusFilter { All, Errors, Successes };

    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setStatusFilter(StatusFilter filter);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    StatusFilter m_status = StatusFilter::All;
    QString m_text;
};
