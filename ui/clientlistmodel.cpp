// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientlistmodel.h"

#include "durationedit.h"

#include <QFont>

using namespace Qt::Literals::StringLiterals;

ClientListModel::ClientListModel(QObject *parent) : KeyedTableModel(parent)
{ }

void ClientListModel::setConfiguration(const Configuration &config)
{
    updateItems(config.clients);
}

int ClientListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ClientListModel::methodsSummary(const QStringList &methods)
{
    QStringList names;
    for (const QString &method : methods) {
        QString name = method;
        if (name.startsWith("client_secret_"_L1))
            name.remove(0, qsizetype(sizeof("client_secret_") - 1));
        names.append(name);
    }
    return names.join(u", "_s);
}

QVariant ClientListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientRegistration &client = itemAt(index.row());

    if (role == ClientIdRole)
        return client.clientId;

    switch (index.column()) {
    case ClientIdColumn:
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return client.clientId;
        case Qt::FontRole: {
            QFont font;
            font.setBold(true);
            return font;
        }
        case SecondaryTextRole: {
            QStringList parts;
            if (!client.displayName.isEmpty())
                parts.append(client.displayName);
            if (!client.authenticationMethods.isEmpty())
                parts.append(methodsSummary(client.authenticationMethods));
            return parts.join(u" \u00b7 "_s);
        }
        case Qt::ToolTipRole:
            return client.displayName.isEmpty()
                ? client.clientId
                : tr("%1 (%2)").arg(client.clientId, client.displayName);
        }
        break;
    case DisplayNameColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return client.displayName;
        break;
    case AuthenticationColumn:
        switch (role) {
        case Qt::DisplayRole:
            return methodsSummary(client.authenticationMethods);
        case Qt::EditRole:
            return client.authenticationMethods;
        case Qt::ToolTipRole:
            return tr("Authentication methods: %1").arg(client.authenticationMethods.join(u", "_s));
        }
        break;
    case ScopesColumn:
        switch (role) {
        case Qt::DisplayRole:
            return client.scopes.join(u", "_s);
        case Qt::EditRole:
            return client.scopes;
        case Qt::ToolTipRole:
            return client.scopes.isEmpty() ? tr("May request no scope") : client.scopes.join(u'\n');
        }
        break;
    case LifetimeColumn:
        switch (role) {
        case Qt::DisplayRole:
            return DurationEdit::format(client.accessTokenLifetimeSeconds);
        case Qt::EditRole:
            return client.accessTokenLifetimeSeconds;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    }
    return {};
}

QVariant ClientListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ClientIdColumn:
        return tr("Client");
    case DisplayNameColumn:
        return tr("Display name");
    case AuthenticationColumn:
        return tr("Authentication");
    case ScopesColumn:
        return tr("Scopes");
    case LifetimeColumn:
        return tr("Token lifetime");
    }
    return {};
}
