// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/jwtinspector.h"

#include <QAbstractTableModel>

// A token's claims as a table: name, value, and what the claim means. The NumericDate claims
// (iat, nbf, exp, auth_time) show local time and how far from now, kept current by setNow().
class ClaimTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ClaimColumn, ValueColumn, DescriptionColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDecoding(const JwtDecoding &decoding, qint64 nowSecs);
    // Updates the relative times of the time claims only.
    void setNow(qint64 nowSecs);
    int rowOf(const QString &claim) const;

private:
    QString valueText(int row) const;

    QList<MemberRow> m_rows;
    QJsonObject m_claims;
    TimeReport m_times;
};
