// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QAbstractListModel>
#include <QStringList>

// The scopes a client may request, as a checkable list: every scope the server defines, plus any
// scope the client still lists that is no longer defined (deleted on the Scopes page while the
// client form had unsaved edits, or a hand-edited file), marked as missing so it is never
// dropped without the user seeing it.
class ScopeCheckListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        ScopeNameRole = Qt::UserRole + 1,
        MissingRole, // bool
    };

    explicit ScopeCheckListModel(QObject *parent = nullptr);

    // The defined scopes; the checked names are kept.
    void setAvailableScopes(const QList<ScopeDefinition> &scopes);
    void setCheckedScopes(const QStringList &names);
    // In display order: defined scopes first, then missing ones.
    QStringList checkedScopes() const;
    QStringList missingCheckedScopes() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Entry
    {
        QString name;
        QString description;
        bool missing = false;
        bool checked = false;
    };

    void rebuild(const QList<ScopeDefinition> &scopes, const QStringList &checked);

    QList<ScopeDefinition> m_available;
    QList<Entry> m_entries;
};
