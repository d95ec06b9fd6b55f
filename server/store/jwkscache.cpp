// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwkscache.h"

#include <QMutexLocker>

using namespace Qt::Literals::StringLiterals;

JwksCache::JwksCache(qint64 cooldownMSecs, qint64 maxAgeMSecs)
    : m_cooldownMSecs(cooldownMSecs), m_maxAgeMSecs(maxAgeMSecs)
{ }

JwksCache::~JwksCache()
{
    // Whoever still waits is told now, so that no request waits for a cache that is gone.
    QList<std::function<void()>> waiters;
    {
        const QMutexLocker locker(&m_mutex);
        for (Entry &entry : m_entries)
            waiters.append(std::exchange(entry.waiters, {}));
    }
    for (const auto &waiter : std::as_const(waiters))
        waiter();
}

void JwksCache::setFetcher(Fetcher fetcher)
{
    const QMutexLocker locker(&m_mutex);
    m_fetcher = std::move(fetcher);
}

bool JwksCache::startFetch(Entry &entry, qint64 nowMSecs)
{
    if (entry.fetching)
        return false;
    if (entry.started && nowMSecs - entry.lastStartMSecs < m_cooldownMSecs)
        return false;
    entry.fetching = true;
    entry.started = true;
    entry.lastStartMSecs = nowMSecs;
    ++entry.fetches;
    return true;
}

JwksCache::Lookup JwksCache::lookupOf(const Entry &entry) const
{
    Lookup lookup;
    lookup.keys = entry.keys;
    lookup.error = entry.error;
    lookup.fetchedAtMSecs = entry.fetchedAtMSecs;
    lookup.retryAtMSecs = entry.lastStartMSecs + m_cooldownMSecs;
    if (entry.hasKeys)
        lookup.status = Lookup::Status::Ready;
    else if (entry.fetching)
        lookup.status = Lookup::Status::Pending;
    else
        lookup.status = Lookup::Status::Failed;
    return lookup;
}

void JwksCache::runFetch(const QString &uri)
{
    Fetcher fetcher;
    {
        const QMutexLocker locker(&m_mutex);
        fetcher = m_fetcher;
    }
    if (fetcher) {
        fetcher(uri);
        return;
    }
    deliver(uri, std::nullopt, u"no JWK set fetcher is running"_s, 0);
}

JwksCache::Lookup JwksCache::keys(const QString &uri, qint64 nowMSecs)
{
    bool start = false;
    Lookup lookup;
    {
        const QMutexLocker locker(&m_mutex);
        Entry &entry = m_entries[uri];
        const bool stale = entry.hasKeys && nowMSecs - entry.fetchedAtMSecs >= m_maxAgeMSecs;
        if (!entry.hasKeys || stale)
            start = startFetch(entry, nowMSecs);
        lookup = lookupOf(entry);
    }
    if (start)
        runFetch(uri);
    return lookup;
}

JwksCache::Lookup JwksCache::refresh(const QString &uri, qint64 nowMSecs)
{
    bool start = false;
    Lookup lookup;
    {
        const QMutexLocker locker(&m_mutex);
        Entry &entry = m_entries[uri];
        start = startFetch(entry, nowMSecs);
        lookup = lookupOf(entry);
        if (entry.fetching)
            lookup.status = Lookup::Status::Pending;
    }
    if (start)
        runFetch(uri);
    return lookup;
}

void JwksCache::prefetch(const QStringList &uris, qint64 nowMSecs)
{
    QStringList toFetch;
    {
        const QMutexLocker locker(&m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            // A set that is being fetched stays until its fetch ends (its waiters are told).
            if (!uris.contains(it.key()) && !it->fetching)
                it = m_entries.erase(it);
            else
                ++it;
        }
        for (const QString &uri : uris) {
            Entry &entry = m_entries[uri];
            if (!entry.started && startFetch(entry, nowMSecs))
                toFetch.append(uri);
        }
    }
    for (const QString &uri : std::as_const(toFetch))
        runFetch(uri);
}

void JwksCache::deliver(const QString &uri, const std::optional<ClientJwkSet> &set,
    const QString &error, qint64 nowMSecs)
{
    QList<std::function<void()>> waiters;
    {
        const QMutexLocker locker(&m_mutex);
        const auto it = m_entries.find(uri);
        if (it == m_entries.end())
            return;
        Entry &entry = *it;
        entry.fetching = false;
        if (set) {
            entry.keys = *set;
            entry.hasKeys = true;
            entry.fetchedAtMSecs = nowMSecs;
            entry.error.clear();
        } else {
            entry.error = error;
        }
        waiters = std::exchange(entry.waiters, {});
    }
    for (const auto &waiter : std::as_const(waiters))
        waiter();
}

void JwksCache::whenFetched(const QString &uri, std::function<void()> callback)
{
    {
        const QMutexLocker locker(&m_mutex);
        const auto it = m_entries.find(uri);
        if (it != m_entries.end() && it->fetching) {
            it->waiters.append(std::move(callback));
            return;
        }
    }
    callback();
}

int JwksCache::fetchCount(const QString &uri) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(uri);
    return it == m_entries.constEnd() ? 0 : it->fetches;
}
