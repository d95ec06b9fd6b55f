// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSet>
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
    // The access token as the client received it (JWT or opaque). A store on a file keeps only
    // reference tokens' values in memory: find() and tokens() give a JWT without it, and
    // TokenStore::value() reads it from the file.
    QString value;
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
// Thread-safe: lookups and updates take a mutex for a hash operation, keyed by the SHA-256 of the
// token's value. Bounded: past maxTokens the expired and revoked tokens go first, then the
// oldest. Kept across restarts when opened on a file: SQLite through QtSql in WAL mode, written
// by the store's own thread in batches, so a request never waits for the disk (a token issued
// less than a batch interval before a crash can be lost; it is then unknown, as after its
// expiry). Without a file it is in memory only.
//
// Memory: on a file, a JWT's own text (most of its size) stays on disk, and the strings tokens
// share (client, issuer, format, subject, scope and audience lists) are kept once, so an entry
// costs a few hundred bytes (docs/performance.md has the figure).
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

    // The token's value: from memory when held there, else read from the file (for the window's
    // actions on one token, not for the request path). Empty when the store no longer has it.
    QString value(const StoredToken &token) const;

    // Blocks until everything added so far is on disk (tests, shutdown).
    void flush();

private:
    using Key = QByteArray; // SHA-256 of the value

    // A change for the writer thread, on the file's row numbered by the token's sequence.
    struct Pending
    {
        enum class Kind { Insert, Revoke, Delete } kind;
        quint64 id;
        StoredToken token; // Insert: the whole token, value included; Revoke: revokedAt
        Key key = {}; // Insert
    };

    static Key keyOf(const QString &value);
    // Returns the token's sequence: the one given (a token loaded from the file) or the next.
    quint64 insertLocked(const Key &key, StoredToken token, quint64 sequence = 0);
    QString intern(const QString &text);
    QStringList intern(const QStringList &list);
    QByteArray intern(const QByteArray &bytes);
    void evictLocked();
    void enqueueLocked(Pending pending);
    void writerLoop();
    bool openDatabase(QString *error);

    const qsizetype m_maxTokens;
    QString m_path;
    QString m_connectionName;

    mutable QMutex m_mutex;
    struct Entry
    {
        StoredToken token;
        // When it was added, and its row in the file: an m_order entry of an earlier add is stale.
        quint64 sequence;
    };
    QHash<Key, Entry> m_byKey;
    std::deque<std::pair<Key, quint64>> m_order; // oldest first (may hold stale ones; skipped)
    quint64 m_sequence = 0;
    // Strings many tokens share, each kept once (cleared with the store: a few per client).
    QSet<QString> m_strings;
    QSet<QStringList> m_lists;
    QSet<QByteArray> m_bytes;

    // Writer thread state (only with a file).
    QMutex m_queueMutex;
    QWaitCondition m_queueChanged;
    QWaitCondition m_flushed;
    QList<Pending> m_queue;
    quint64 m_enqueued = 0;
    quint64 m_written = 0;
    int m_flushRequests = 0; // flush() calls waiting: the writer does not gather a batch then
    bool m_stopping = false;
    std::thread m_writer;
};
