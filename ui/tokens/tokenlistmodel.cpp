// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenlistmodel.h"

#include "store/clock.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

TokenListModel::TokenListModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent), m_clock(clock)
{ }

void TokenListModel::setStore(TokenStore *store)
{
    m_store = store;
    reload();
}

void TokenListModel::reload()
{
    beginResetModel();
    m_tokens = m_store ? m_store->tokens() : QList<StoredToken>();
    std::reverse(m_tokens.begin(), m_tokens.end()); // newest first
    const qint64 now = nowSeconds();
    m_activeCount = std::count_if(m_tokens.cbegin(), m_tokens.cend(),
        [now](const StoredToken &token) { return token.isActiveAt(now); });
    endResetModel();
}

void TokenListModel::tick()
{
    if (m_tokens.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, ExpiresInColumn), index(rowCount() - 1, StatusColumn));
    const qint64 now = nowSeconds();
    const qsizetype active = std::count_if(m_tokens.cbegin(), m_tokens.cend(),
        [now](const StoredToken &token) { return token.isActiveAt(now); });
    if (active != m_activeCount) {
        m_activeCount = active;
        Q_EMIT statusesChanged();
    }
}

bool TokenListModel::matches(int row, const QString &needle) const
{
    if (needle.isEmpty())
        return true;
    const StoredToken &token = m_tokens.at(row);
    const auto has = [&needle](const QString &text) {
        return text.contains(needle, Qt::CaseInsensitive);
    };
    return has(token.clientId) || has(token.subject) || has(token.format)
        || std::any_of(token.scopes.cbegin(), token.scopes.cend(), has)
        || (needle.contains(u' ') && has(token.scopes.join(u' ')))
        || has(statusText(token, nowSeconds()));
}

TokenFilterModel::TokenFilterModel(TokenListModel *source, QObject *parent)
    : QSortFilterProxyModel(parent), m_source(source)
{
    setDynamicSortFilter(false);
    setSourceModel(source);
    connect(source, &TokenListModel::statusesChanged, this, [this] {
        if (!m_needle.isEmpty())
            invalidate();
    });
}

void TokenFilterModel::setNeedle(const QString &needle)
{
    if (needle == m_needle)
        return;
    m_needle = needle;
    // One layout change rather than invalidateFilter()'s row-by-row removals: with every
    // seventh of 100,000 rows kept, those were 14,000 ranges that the view's header took one by
    // one (4 s; measured in tst_tokenspage).
    invalidate();
}

bool TokenFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return m_source->matches(sourceRow, m_needle);
}

qint64 TokenListModel::nowSeconds() const
{
    return m_clock.currentMSecsSinceEpoch() / 1000;
}

int TokenListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int TokenListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TokenListModel::statusText(const StoredToken &token, qint64 nowSeconds)
{
    if (token.revokedAt)
        return tr("revoked");
    if (nowSeconds >= token.expiresAt)
        return tr("expired");
    return tr("active");
}

QString TokenListModel::countdownText(qint64 secondsLeft)
{
    if (secondsLeft <= 0)
        return tr("expired");
    if (secondsLeft >= 3600)
        return tr("%1 h %2 min").arg(secondsLeft / 3600).arg((secondsLeft % 3600) / 60);
    if (secondsLeft >= 60)
        return tr("%1 min %2 s").arg(secondsLeft / 60).arg(secondsLeft % 60);
    return tr("%1 s").arg(secondsLeft);
}

QVariant TokenListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_tokens.size())
        return {};
    const StoredToken &token = m_tokens.at(index.row());
    const qint64 now = nowSeconds();
    if (role == TokenValueRole) // a store on a file keeps a JWT's text there: read on demand
        return m_store ? m_store->value(token) : token.value;
    if (role == IsActiveRole)
        return token.isActiveAt(now);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case ClientColumn:
        return token.clientId;
    case SubjectColumn:
        return token.subject;
    case ScopesColumn:
        return token.scopes.join(u' ');
    case FormatColumn:
        return token.format;
    case IssuedColumn:
        return QDateTime::fromSecsSinceEpoch(token.issuedAt).toLocalTime().toString(Qt::ISODate);
    case ExpiresInColumn:
        return token.revokedAt ? QString() : countdownText(token.expiresAt - now);
    case StatusColumn:
        return statusText(token, now);
    default:
        return {};
    }
}

QVariant TokenListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClientColumn:
        return tr("Client");
    case SubjectColumn:
        return tr("Subject");
    case ScopesColumn:
        return tr("Scopes");
    case FormatColumn:
        return tr("Format");
    case IssuedColumn:
        return tr("Issued");
    case ExpiresInColumn:
        return tr("Expires in");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}
