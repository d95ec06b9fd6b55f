// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// A table of items identified by a string key (a client id, a scope name). updateItems() turns
// the current rows into the next ones with row removals, insertions and dataChanged where it can,
// so views keep their selection and scroll position when the configuration changes; only a
// reordering falls back to a reset.
template<typename Item>
class KeyedTableModel : public QAbstractTableModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_items.size());
    }

    const QList<Item> &items() const { return m_items; }
    const Item &itemAt(int row) const { return m_items.at(row); }

    // -1 when no row has the key.
    int rowOfKey(const QString &key) const
    {
        for (qsizetype row = 0; row < m_items.size(); ++row) {
            if (keyOf(m_items.at(row)) == key)
                return int(row);
        }
        return -1;
    }

protected:
    using QAbstractTableModel::QAbstractTableModel;

    virtual QString keyOf(const Item &item) const = 0;

    void updateItems(const QList<Item> &next)
    {
        QStringList nextKeys;
        nextKeys.reserve(next.size());
        for (const Item &item : next)
            nextKeys.append(keyOf(item));
        const QSet<QString> nextKeySet(nextKeys.cbegin(), nextKeys.cend());
        if (nextKeySet.size() != nextKeys.size()) {
            // Duplicate keys: no row identity to keep.
            reset(next);
            return;
        }

        for (qsizetype row = m_items.size() - 1; row >= 0; --row) {
            if (!nextKeySet.contains(keyOf(m_items.at(row)))) {
                beginRemoveRows({}, int(row), int(row));
                m_items.removeAt(row);
                endRemoveRows();
            }
        }

        // The rows left must appear in the same order in next; only insertions remain then.
        QStringList keptKeys;
        for (const Item &item : std::as_const(m_items))
            keptKeys.append(keyOf(item));
        QStringList keptInNext;
        const QSet<QString> keptSet(keptKeys.cbegin(), keptKeys.cend());
        for (const QString &key : std::as_const(nextKeys)) {
            if (keptSet.contains(key))
                keptInNext.append(key);
        }
        if (keptKeys != keptInNext) {
            reset(next);
            return;
        }

        for (qsizetype row = 0; row < next.size(); ++row) {
            if (row < m_items.size() && keyOf(m_items.at(row)) == nextKeys.at(row))
                continue;
            beginInsertRows({}, int(row), int(row));
            m_items.insert(row, next.at(row));
            endInsertRows();
        }

        for (qsizetype row = 0; row < next.size(); ++row) {
            if (m_items.at(row) == next.at(row))
                continue;
            m_items[row] = next.at(row);
            Q_EMIT dataChanged(index(int(row), 0), index(int(row), columnCount() - 1));
        }
    }

private:
    void reset(const QList<Item> &next)
    {
        beginResetModel();
        m_items = next;
        endResetModel();
    }

    QList<Item> m_items;
};
