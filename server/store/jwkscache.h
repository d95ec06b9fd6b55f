// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientjwkset.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// The JWK sets of the clients that register a "jwksUri" (private_key_jwt, RFC 7523 §3), as last
// fetched, for the request threads to read without waiting on the network.
//
// The cache decides when a set is fetched; a fetcher (server/http/ClientJwksFetcher, or a test's
// function) does the fetching off the request threads and reports with deliver(). A set is
// fetched ahead, when the configuration that names it is applied; again when an assertion names
// a kid the set lacks (a client that rotated its key), or when it is older than the maximum age;
// but for one URI at most once per cooldown, whatever the requests ask, so a client that sends
// unknown kids cannot make the server hammer its JWK set URL. A failed fetch keeps the keys
// fetched before it.
//
// Thread-safe: one mutex, held for a hash lookup and a list copy; the fetcher and the waiters are
// called without it.
class JwksCache
{
public:
    // At most "a few seconds" between two fetches of one URI.
    static constexpr qint64 DefaultCooldownMSecs = 5000;
    // A set older than this is fetched again in the background (its keys still answer meanwhile).
    static constexpr qint64 DefaultMaxAgeMSecs = 5 * 60 * 1000;

    // Starts fetching "uri"; must end with deliver() for it, whatever happens.
    using Fetcher = std::function<void(const QString &uri)>;

    struct Lookup
    {
        enum class Status {
            Ready, // keys holds the set as last fetched
            Pending, // a fetch runs; whenFetched() says when it ends
            Failed, // no keys: error says why, and no new fetch before the cooldown ends
        };
        Status status = Status::Failed;
        ClientJwkSet keys;
        QString error; // the last fetch's failure (may be set with Ready: older keys kept)
        qint64 fetchedAtMSecs = 0; // when keys arrived
        qint64 retryAtMSecs = 0; // Failed, or a refresh refused: when a fetch may start again
    };

    explicit JwksCache(
        qint64 cooldownMSecs = DefaultCooldownMSecs, qint64 maxAgeMSecs = DefaultMaxAgeMSecs);
    ~JwksCache();

    void setFetcher(Fetcher fetcher);
    qint64 cooldownMSecs() const { return m_cooldownMSecs; }

    // The set at "uri". Never fetched (or failed and the cooldown is over): a fetch starts and
    // the answer is Pending.
    Lookup keys(const QString &uri, qint64 nowMSecs);
    // The set at "uri" lacks the key an assertion names: fetch it again, unless a fetch of it
    // started less than the cooldown ago. Pending when a fetch runs (this one or an earlier
    // one); otherwise the keys as they are, with retryAtMSecs.
    Lookup refresh(const QString &uri, qint64 nowMSecs);

    // Fetches every URI of "uris" not fetched yet and forgets the sets of URIs no longer
    // listed (the configuration changed).
    void prefetch(const QStringList &uris, qint64 nowMSecs);

    // What a fetch of "uri" brought: a set, or std::nullopt and the error.
    void deliver(const QString &uri, const std::optional<ClientJwkSet> &set, const QString &error,
        qint64 nowMSecs);

    // Calls "callback" once no fetch of "uri" runs: at once when none runs now, otherwise from
    // the thread that calls deliver() (the callback must carry itself to its own thread).
    void whenFetched(const QString &uri, std::function<void()> callback);

    // Number of fetches started, per URI (tests, the log).
    int fetchCount(const QString &uri) const;

private:
    struct Entry
    {
        ClientJwkSet keys;
        bool hasKeys = false;
        bool fetching = false;
        qint64 fetchedAtMSecs = 0;
        qint64 lastStartMSecs = 0;
        bool started = false;
        QString error;
        int fetches = 0;
        QList<std::function<void()>> waiters;
    };

    // Under m_mutex: marks a fetch of "uri" as started; the caller calls the fetcher unlocked.
    bool startFetch(Entry &entry, qint64 nowMSecs);
    Lookup lookupOf(const Entry &entry) const;
    void runFetch(const QString &uri);

    const qint64 m_cooldownMSecs;
    const qint64 m_maxAgeMSecs;
    mutable QMutex m_mutex;
    Fetcher m_fetcher;
    QHash<QString, Entry> m_entries;
};
