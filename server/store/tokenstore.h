// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <deque>
#include <memory>
#include <optional>
#include <thread>

// One access token the server issued, as the token store keeps it.
struct StoredToken
{
    QString value; // the access token as the client received it (JWT or opaque)
    QString tokenId; // jti
    QString format; // a TokenFormat name
    QString clientId;
    QString subject;
    QStringList scopes;
    QStringList audience;
    QString issuer;
    QByteArray extraClaims; // a compact JSON object; empty for none
    qint64 issuedAt = 0; // seconds since the epoch
    qint64 expiresAt = 0;
    std::optional<qint64> revokedAt;

    bool isActiveAt(qint64 nowSeconds) const
    {
        return !revokedAt && nowSeconds < expiresAt && nowSeconds >= issuedAt;
    }
};

// Every access token the server issued (both formats), so that an opaque token can be resolved,
// a revoked one refused, and the window can list them. Mutable runtime state, apart from the
// immutable configuration snapshot.
//
// Thread-safe: lookups and updates take a mutex for a hash operation. Bounded: past maxTokens the
// expired and revoked tokens go first, then the oldest. Kept across restarts when opened on a
// file: SQLite through QtSql in WAL mode, written by the store's own thread in batches, so a
// request never waits for the disk (a token issued less than a batch interval before a crash can
// be lost; it is then unknown, as after its expiry). Without a file it is in memory only.
class TokenStore
{
public:
    static constexpr qsizetype DefaultMaxTokens = 200000;

    // In memory only.
    explicit TokenStore(qsizetype maxTokens = DefaultMaxTokens);
    ~TokenStore(); // writes what is pending, then closes the file

    TokenStore(const TokenStore &) = delete;
    TokenStore &operator=(const TokenStore &) = delete;

    // Opens (or creates, 0600) the database file and loads the tokens not yet expired at
    // nowSeconds; an error message when the file cannot be used.
    static std::unique_ptr<TokenStore> open(const QString &path, qint64 nowSeconds, QString *error,
        qsizetype maxTokens = DefaultMaxTokens);

    QString path() const { return m_path; }
    qsizetype maxTokens() const { return m_maxTokens; }

    void add(const StoredToken &token);
    std::optional<StoredToken> find(const QString &value) const;
    // Marks the token revoked at nowSeconds; false when unknown or already revoked.
    bool revoke(const QString &value, qint64 nowSeconds);

    qsizetype size() const;
    QList<StoredToken> tokens() const; // oldest first

    // Blocks until everything added so far is on disk (tests, shutdown).
    void flush();

private:
    struct Pending
    {
        enum class Kind { Insert, Revoke, Delete } kind;
        StoredToken token;
    };

    void evictLocked();
    void enqueueLocked(Pending pending);
    void writerLoop();
    bool openDatabase(QString *error);

    const qsizetype m_maxTokens;
    QString m_path;
    QString m_connectionName;

    mutable QMutex m_mutex;
    QHash<QString, StoredToken> m_byValue;
    std::deque<QString> m_order; // values, oldest first (may hold evicted ones; skipped)

    // Writer thread state (only with a file).
    QMutex m_queueMutex;
    QWaitCondition m_queueChanged;
    QWaitCondition m_flushed;
    QList<Pending> m_queue;
    quint64 m_enqueued = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    std::thread m_writer;
};
