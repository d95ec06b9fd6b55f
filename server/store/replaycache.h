// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <map>

// The identifiers (a client assertion's jti, RFC 7523 §3 item 7) already used, each kept until
// the moment after which the assertion that carried it would be refused anyway (its "exp" plus
// the clock skew), so a replay is refused for as long as it could otherwise succeed.
//
// Thread-safe (one mutex, held for a hash operation) and bounded: expired entries are dropped as
// new ones arrive, and when the cache holds its capacity of live entries a new one is refused
// rather than an old one forgotten, since forgetting would let that old assertion be replayed.
// Runtime state, not configuration: it lives beside the registry, not in its snapshots.
class ReplayCache
{
public:
    enum class Outcome {
        Recorded, // first use: remembered until its expiry
        Replayed, // seen before and not expired
        Full, // capacity live entries held; nothing recorded
    };

    static constexpr qsizetype DefaultCapacity = 100000;

    explicit ReplayCache(qsizetype capacity = DefaultCapacity);

    // Records "key" (for example client id and jti) as used until expiresAtMSecs. An entry whose
    // expiry has passed at nowMSecs no longer counts.
    Outcome record(const QString &key, qint64 expiresAtMSecs, qint64 nowMSecs);

    qsizetype capacity() const { return m_capacity; }
    // Live and not yet purged entries.
    qsizetype size() const;

private:
    void purge(qint64 nowMSecs); // under m_mutex

    const qsizetype m_capacity;
    mutable QMutex m_mutex;
    QHash<QString, qint64> m_expiry; // key -> expiry
    std::multimap<qint64, QString> m_byExpiry; // expiry -> key, soonest first
};
