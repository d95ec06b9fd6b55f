// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "keyedtablemodel.h"
#include "store/configuration.h"

struct ScopeRow
{
    ScopeDefinition scope;
    QStringList usedBy; // client ids, in configuration order

    friend bool operator==(const ScopeRow &, const ScopeRow &) = default;
};

// The scopes the server knows, with the clients that may request each.
class ScopeListModel : public KeyedTableModel<ScopeRow>
{
    Q_OBJECT
public:
    enum Column { NameColumn, DescriptionColumn, UsedByColumn, ColumnCount };
    enum Role {
        ScopeNameRole = Qt::UserRole + 1, // on every column
        UsedByRole, // QStringList of client ids, on every column
    };

    explicit ScopeListModel(QObject *parent = nullptr);

    void setConfiguration(const Configuration &config);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "not used", "1 client", "3 clients".
    static QString usageSummary(qsizetype clients);

protected:
    QString keyOf(const ScopeRow &row) const override { return row.scope.name; }
};
