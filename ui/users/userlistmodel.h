// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "keyedtablemodel.h"
#include "store/configuration.h"

// The test users who can sign in on the login page: username, name and email.
class UserListModel : public KeyedTableModel<TestUser>
{
    Q_OBJECT
public:
    enum Column { UsernameColumn, NameColumn, EmailColumn, ColumnCount };
    enum Role {
        UsernameRole = Qt::UserRole + 1, // on every column
    };

    explicit UserListModel(QObject *parent = nullptr);

    void setConfiguration(const Configuration &config);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    QString keyOf(const TestUser &user) const override { return user.username; }
};
