// SPDX-License-Identifier: GPL-3.0-or-later
#include "userlistmodel.h"

#include <QFont>

using namespace Qt::Literals::StringLiterals;

UserListModel::UserListModel(QObject *parent) : KeyedTableModel(parent)
{ }

void UserListModel::setConfiguration(const Configuration &config)
{
    updateItems(config.users);
}

int UserListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const TestUser &user = itemAt(index.row());
    if (role == UsernameRole)
        return user.username;

    switch (index.column()) {
    case UsernameColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return user.username;
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (role == Qt::ToolTipRole)
            return tr("Signs in as %1; the \"sub\" of the user's tokens").arg(user.username);
        break;
    case NameColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return user.name;
        break;
    case EmailColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return user.email;
        if (role == Qt::ToolTipRole && !user.email.isEmpty()) {
            return user.emailVerified ? tr("Verified (\"email_verified\": true)")
                                      : tr("Not verified (\"email_verified\": false)");
        }
        break;
    }
    return {};
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UsernameColumn:
        return tr("Username");
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("Email");
    }
    return {};
}
