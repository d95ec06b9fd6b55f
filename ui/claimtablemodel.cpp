// SPDX-License-Identifier: GPL-3.0-or-later
#include "claimtablemodel.h"

#include "theme.h"

#include <QApplication>
#include <QFontDatabase>

using namespace Qt::Literals::StringLiterals;

int ClaimTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClaimTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ClaimTableModel::valueText(int row) const
{
    const MemberRow &member = m_rows.at(row);
    if (!member.time.isValid())
        return member.valueText;
    QString relative;
    for (const TimeClaim &claim : m_times.claims) {
        if (claim.name == member.name)
            relative = claim.relative;
    }
    const QString local = member.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    return relative.isEmpty() ? local : u"%1 (%2)"_s.arg(local, relative);
}

QVariant ClaimTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MemberRow &member = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ClaimColumn:
            return member.name;
        case ValueColumn:
            return valueText(index.row());
        case DescriptionColumn:
            return member.description.isEmpty() ? tr("Not a registered claim") : member.description;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn)
            return member.time.isValid() ? QString::fromUtf8(member.valueJson) + u"  ("_s
                    + member.time.toString(Qt::ISODate) + u')'
                                         : member.valueText;
        if (index.column() == DescriptionColumn)
            return member.description;
        return {};
    case Qt::FontRole:
        if (index.column() == ClaimColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == DescriptionColumn && member.description.isEmpty())
            return Theme::color(Theme::Tone::Muted, QApplication::palette());
        if (index.column() == ValueColumn && member.name == u"exp"_s
            && m_times.validity == Validity::Expired)
            return Theme::color(Theme::Tone::Error, QApplication::palette());
        if (index.column() == ValueColumn && member.name == u"nbf"_s
            && m_times.validity == Validity::NotYetValid)
            return Theme::color(Theme::Tone::Warning, QApplication::palette());
        return {};
    default:
        return {};
    }
}

QVariant ClaimTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClaimColumn:
        return tr("Claim");
    case ValueColumn:
        return tr("Value");
    case DescriptionColumn:
        return tr("Meaning");
    }
    return {};
}

void ClaimTableModel::setDecoding(const JwtDecoding &decoding, qint64 nowSecs)
{
    beginResetModel();
    m_rows = decoding.claims.isEmpty() ? QList<MemberRow>()
                                       : JwtInspector::rows(decoding, JwtInspector::Part::Claims);
    m_claims = decoding.claims;
    m_times = JwtInspector::timeReport(m_claims, nowSecs);
    endResetModel();
}

void ClaimTableModel::setNow(qint64 nowSecs)
{
    m_times = JwtInspector::timeReport(m_claims, nowSecs);
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).time.isValid())
            Q_EMIT dataChanged(index(row, ValueColumn), index(row, ValueColumn));
    }
}

int ClaimTableModel::rowOf(const QString &claim) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).name == claim)
            return row;
    }
    return -1;
}
