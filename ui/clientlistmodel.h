// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "keyedtablemodel.h"
#include "store/configuration.h"

// The registered clients, one row each, in configuration order.
class ClientListModel : public KeyedTableModel<ClientRegistration>
{
    Q_OBJECT
public:
    enum Column {
        ClientIdColumn,
        DisplayNameColumn,
        AuthenticationColumn,
        ScopesColumn,
        LifetimeColumn,
        ColumnCount
    };
    enum Role {
        ClientIdRole = Qt::UserRole + 1, // on every column
        // On ClientIdColumn: "display name · methods", drawn under the id by ClientItemDelegate.
        SecondaryTextRole,
    };

    explicit ClientListModel(QObject *parent = nullptr);

    void setConfiguration(const Configuration &config);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "basic, post": the methods without the common "client_secret_" prefix.
    static QString methodsSummary(const QStringList &methods);

protected:
    QString keyOf(const ClientRegistration &client) const override { return client.clientId; }
};
