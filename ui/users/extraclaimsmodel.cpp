// SPDX-License-Identifier: GPL-3.0-or-later
#include "extraclaimsmodel.h"

#include "store/configuration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

int ExtraClaimsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExtraClaimsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExtraClaimsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return index.column() == NameColumn ? row.name : row.value;
    if (role == Qt::ToolTipRole && index.column() == ValueColumn)
        return tr("A JSON value: \"text\" in quotes, a number, true, false, null, [...] or {...}");
    return {};
}

bool ExtraClaimsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::ParentIsInvalid)) {
        return false;
    }
    Row &row = m_rows[index.row()];
    QString &cell = index.column() == NameColumn ? row.name : row.value;
    const QString text
        = index.column() == NameColumn ? value.toString().trimmed() : value.toString();
    if (cell == text)
        return true;
    cell = text;
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    return true;
}

Qt::ItemFlags ExtraClaimsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QVariant ExtraClaimsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == NameColumn ? tr("Claim") : tr("Value (JSON)");
}

void ExtraClaimsModel::setClaims(const QJsonObject &claims)
{
    beginResetModel();
    m_rows.clear();
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it)
        m_rows.append({it.key(), valueText(it.value())});
    endResetModel();
}

QJsonObject ExtraClaimsModel::claims() const
{
    QJsonObject claims;
    for (const Row &row : m_rows) {
        const std::optional<QJsonValue> value = parseValue(row.value);
        if (!row.name.isEmpty() && value && !claims.contains(row.name))
            claims.insert(row.name, *value);
    }
    return claims;
}

QString ExtraClaimsModel::problem(int *at) const
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        QString message;
        if (const QString problem = ConfigurationJson::validateUserClaimName(row.name);
            !problem.isEmpty()) {
            message = row.name.isEmpty() ? tr("A claim name %1.").arg(problem)
                                         : tr("The claim %1.").arg(problem);
        } else if (seen.contains(row.name)) {
            message = tr("The claim \u201c%1\u201d is there twice.").arg(row.name);
        } else if (!parseValue(row.value)) {
            message = tr("The value of \u201c%1\u201d is not JSON: put text in double quotes "
                         "(\"Sales\"), or write a number, true, false, null, [...] or {...}.")
                          .arg(row.name);
        }
        if (!message.isEmpty()) {
            if (at)
                *at = int(i);
            return message;
        }
        seen.insert(row.name);
    }
    if (at)
        *at = -1;
    return {};
}

int ExtraClaimsModel::addClaim()
{
    QString name = u"claim"_s;
    for (int n = 2; std::any_of(
             m_rows.cbegin(), m_rows.cend(), [&name](const Row &row) { return row.name == name; });
         ++n) {
        name = u"claim%1"_s.arg(n);
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append({name, u"\"\""_s});
    endInsertRows();
    return row;
}

void ExtraClaimsModel::removeClaim(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

std::optional<QJsonValue> ExtraClaimsModel::parseValue(const QString &text)
{
    // QJsonDocument parses objects and arrays only: a scalar goes in an array of one.
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(u"["_s.append(text).append(u"]"_s).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()
        || document.array().size() != 1) {
        return std::nullopt;
    }
    return document.array().first();
}

QString ExtraClaimsModel::valueText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}
