// SPDX-License-Identifier: GPL-3.0-or-later
#include "replaycache.h"

#include <QMutexLocker>

ReplayCache::ReplayCache(qsizetype capacity) : m_capacity(std::max<qsizetype>(capacity, 1))
{ }

qsizetype ReplayCache::size() const
{
    const QMutexLocker locker(&m_mutex);
    return m_expiry.size();
}

void ReplayCache::purge(qint64 nowMSecs)
{
    auto it = m_byExpiry.begin();
    while (it != m_byExpiry.end() && it->first <= nowMSecs) {
        m_expiry.remove(it->second);
        it = m_byExpiry.erase(it);
    }
}

ReplayCache::Outcome ReplayCache::record(const QString &key, qint64 expiresAtMSecs, qint64 nowMSecs)
{
    const QMutexLocker locker(&m_mutex);
    // Dropping what expired keeps the cache at the live entries; each entry is dropped once, so
    // the cost is spread over the insertions.
    purge(nowMSecs);
    if (m_expiry.contains(key))
        return Outcome::Replayed;
    if (m_expiry.size() >= m_capacity)
        return Outcome::Full;
    m_expiry.insert(key, expiresAtMSecs);
    m_byExpiry.emplace(expiresAtMSecs, key);
    return Outcome::Recorded;
}
