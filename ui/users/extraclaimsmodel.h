// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// A user's extra claims as an editable two-column table: the claim's name and its value as JSON
// text ("Sales", 42, true, ["a", "b"], {"k": 1}). Rows may be half typed; problem() says what
// is wrong with the first bad one, and claims() holds the good ones.
class ExtraClaimsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setClaims(const QJsonObject &claims);
    QJsonObject claims() const;
    // The first row's problem (a reserved or repeated name, a value that is not JSON) as a
    // sentence, and its row; an empty string when every row is a claim.
    QString problem(int *row = nullptr) const;

    // Appends a row with a name not used yet and the value "" (an empty JSON string).
    int addClaim();
    void removeClaim(int row);

    // A JSON value of any kind from its text; nullopt when it is not one.
    static std::optional<QJsonValue> parseValue(const QString &text);
    static QString valueText(const QJsonValue &value);

private:
    struct Row
    {
        QString name;
        QString value;
    };
    QList<Row> m_rows;
};
