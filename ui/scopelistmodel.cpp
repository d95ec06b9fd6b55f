// SPDX-License-Identifier: GPL-3.0-or-later
#include "scopelistmodel.h"

#include "configurationedits.h"

#include <QFont>

using namespace Qt::Literals::StringLiterals;

ScopeListModel::ScopeListModel(QObject *parent) : KeyedTableModel(parent)
{ }

void ScopeListModel::setConfiguration(const Configuration &config)
{
    QList<ScopeRow> rows;
    rows.reserve(config.scopes.size());
    for (const ScopeDefinition &scope : config.scopes)
        rows.append({scope, ConfigurationEdits::clientsUsingScope(config, scope.name)});
    updateItems(rows);
}

int ScopeListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ScopeListModel::usageSummary(qsizetype clients)
{
    if (clients == 0)
        return tr("not used");
    if (clients == 1)
        return tr("1 client");
    return tr("%1 clients").arg(clients);
}

QVariant ScopeListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const ScopeRow &row = itemAt(index.row());

    switch (role) {
    case ScopeNameRole:
        return row.scope.name;
    case UsedByRole:
        return row.usedBy;
    }

    switch (index.column()) {
    case NameColumn:
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return row.scope.name;
        case Qt::FontRole: {
            QFont font;
            font.setBold(true);
            return font;
        }
        case Qt::ToolTipRole:
            return row.scope.description.isEmpty() ? row.scope.name : row.scope.description;
        }
        break;
    case DescriptionColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole)
            return row.scope.description;
        break;
    case UsedByColumn:
        switch (role) {
        case Qt::DisplayRole:
            return usageSummary(row.usedBy.size());
        case Qt::EditRole:
            return int(row.usedBy.size());
        case Qt::ToolTipRole:
            return row.usedBy.isEmpty()
                ? tr("No client may request this scope")
                : tr("May be requested by:\n%1").arg(row.usedBy.join(u'\n'));
        }
        break;
    }
    return {};
}

QVariant ScopeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Scope");
    case DescriptionColumn:
        return tr("Description");
    case UsedByColumn:
        return tr("Used by");
    }
    return {};
}
