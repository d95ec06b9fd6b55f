// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <deque>
#include <functional>
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

// What the sign-in flows keep beside the tokens (issue 12): each a JSON object under an id that
// is a secret or names one (a code, a refresh token, a session cookie; a consent's user and
// client), dropped at its expiry.
enum class RecordKind { AuthorizationCode = 1, RefreshToken = 2, Consent = 3, Session = 4 };

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

    // Records (RecordKind): kept like the tokens, in memory and, on a file, in the "records" table
    // (schema version 3), keyed by the SHA-256 of the kind and id. An expired record is absent.
    void putRecord(RecordKind kind, const QString &id, const QJsonObject &data, qint64 expiresAt);
    std::optional<QJsonObject> record(RecordKind kind, const QString &id, qint64 nowSeconds) const;
    // Changes one record under the store's lock, so that a check and its change are one step (a
    // code is redeemed once): "change" edits the object and returns true to keep the edit. The
    // record as it was before the change; nullopt when absent or expired.
    std::optional<QJsonObject> updateRecord(RecordKind kind, const QString &id, qint64 nowSeconds,
        const std::function<bool(QJsonObject &)> &change);
    // Every live record of "kind" whose string member "member" is "value" (a refresh token's
    // family), changed as updateRecord does; how many were changed.
    int updateRecords(RecordKind kind, QStringView member, const QString &value, qint64 nowSeconds,
        const std::function<bool(QJsonObject &)> &change);
    bool removeRecord(RecordKind kind, const QString &id);
    qsizetype recordCount(RecordKind kind) const;

    // Blocks until everything added so far is on disk (tests, shutdown).
    void flush();

private:
    using Key = QByteArray; // SHA-256 of the value

    // A change for the writer thread: a token's row (numbered by its sequence) or a record.
    struct Pending
    {
        enum class Kind { Insert, Revoke, Delete, PutRecord, DeleteRecord } kind;
        quint64 id; // Insert, Revoke, Delete: the token's row
        StoredToken token; // Insert: the whole token, value included; Revoke: revokedAt
        Key key = {}; // Insert: the token's hash; PutRecord, DeleteRecord: the record's key
        int recordKind = 0; // PutRecord: the record, its expiry in token.expiresAt
        QByteArray recordData {};
    };
    struct RecordEntry
    {
        RecordKind kind;
        QJsonObject data;
        qint64 expiresAt;
    };
    static Key recordKeyOf(RecordKind kind, const QString &id);
    void putRecordLocked(const Key &key, RecordEntry entry);
    void evictRecordsLocked(qint64 nowSeconds);

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
    QHash<Key, RecordEntry> m_records;
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
