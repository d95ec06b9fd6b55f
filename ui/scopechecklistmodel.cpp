// SPDX-License-Identifier: GPL-3.0-or-later
#include "scopechecklistmodel.h"

#include "fieldmessage.h"

#include <QGuiApplication>
#include <QPalette>

ScopeCheckListModel::ScopeCheckListModel(QObject *parent) : QAbstractListModel(parent)
{ }

void ScopeCheckListModel::setAvailableScopes(const QList<ScopeDefinition> &scopes)
{
    if (scopes == m_available)
        return;
    rebuild(scopes, checkedScopes());
}

void ScopeCheckListModel::setCheckedScopes(const QStringList &names)
{
    rebuild(m_available, names);
}

void ScopeCheckListModel::rebuild(const QList<ScopeDefinition> &scopes, const QStringList &checked)
{
    QList<Entry> next;
    next.reserve(scopes.size() + checked.size());
    for (const ScopeDefinition &scope : scopes)
        next.append({scope.name, scope.description, false, checked.contains(scope.name)});
    for (const QString &name : checked) {
        const bool defined = std::any_of(scopes.cbegin(), scopes.cend(),
            [&](const ScopeDefinition &scope) { return scope.name == name; });
        if (!defined)
            next.append({name, QString(), true, true});
    }

    const bool sameRows = next.size() == m_entries.size()
        && std::equal(
            next.cbegin(), next.cend(), m_entries.cbegin(), [](const Entry &a, const Entry &b) {
                return a.name == b.name && a.missing == b.missing;
            });
    m_available = scopes;
    if (sameRows) {
        m_entries = next;
        if (!m_entries.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_entries.size()) - 1));
        return;
    }
    beginResetModel();
    m_entries = next;
    endResetModel();
}

QStringList ScopeCheckListModel::checkedScopes() const
{
    QStringList names;
    for (const Entry &entry : m_entries) {
        if (entry.checked)
            names.append(entry.name);
    }
    return names;
}

QStringList ScopeCheckListModel::missingCheckedScopes() const
{
    QStringList names;
    for (const Entry &entry : m_entries) {
        if (entry.checked && entry.missing)
            names.append(entry.name);
    }
    return names;
}

int ScopeCheckListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ScopeCheckListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.missing ? tr("%1 (no longer defined)").arg(entry.name) : entry.name;
    case Qt::EditRole:
    case ScopeNameRole:
        return entry.name;
    case Qt::CheckStateRole:
        return entry.checked ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        if (entry.missing) {
            return tr("This scope was deleted on the Scopes page. Uncheck it to save the "
                      "client, or define it again.");
        }
        return entry.description.isEmpty() ? entry.name : entry.description;
    case Qt::ForegroundRole:
        if (entry.missing)
            return FieldMessage::color(FieldMessage::Severity::Error, QGuiApplication::palette());
        break;
    case MissingRole:
        return entry.missing;
    }
    return {};
}

bool ScopeCheckListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool checked = value.toInt() == Qt::Checked;
    Entry &entry = m_entries[index.row()];
    if (entry.checked == checked)
        return true;
    entry.checked = checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    return true;
}

Qt::ItemFlags ScopeCheckListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable
        | Qt::ItemNeverHasChildren;
}
