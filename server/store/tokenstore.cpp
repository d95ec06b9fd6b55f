// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenstore.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcTokenStore, "playground.tokenstore")

namespace {

// How long the writer gathers changes before one transaction; a request never waits for it.
constexpr int BatchMilliseconds = 50;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"playground-tokens-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

// Version 4: rows numbered in the order the tokens were added (the store's sequence), found by
// that number, so an insert appends to the table instead of landing at a random place in an index
// of hashes (version 2 had the SHA-256 of the value as its primary key: each batch dirtied about
// one index page per token, three times the table's own bytes in the WAL); the SHA-256 is kept
// for loading. And the records table (codes, refresh tokens, consents, sessions). Version 1 was
// keyed by the value itself, a JWT's whole text in the index; version 3 (builds of one day) had
// either the numbered rows or the records table, not both.
constexpr int SchemaVersion = 4;
const QString RecordsSchema = u"CREATE TABLE IF NOT EXISTS records ("
                              "key BLOB PRIMARY KEY, kind INTEGER NOT NULL, data BLOB NOT NULL, "
                              "expires_at INTEGER NOT NULL)"_s;
const QString Schema
    = u"CREATE TABLE IF NOT EXISTS tokens ("
      "id INTEGER PRIMARY KEY, key BLOB NOT NULL, value TEXT NOT NULL, token_id TEXT NOT NULL, "
      "format TEXT NOT NULL, client_id TEXT NOT NULL, subject TEXT NOT NULL, "
      "scopes TEXT NOT NULL, audience TEXT NOT NULL, issuer TEXT NOT NULL, "
      "extra_claims BLOB, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, "
      "revoked_at INTEGER)"_s;

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

QSqlDatabase openConnection(const QString &name, const QString &path, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    if (!db.open()) {
        if (error)
            *error = db.lastError().text();
        return db;
    }
    // WAL: readers never block the writer, and a crash leaves the last committed batch.
    if (!exec(db, u"PRAGMA journal_mode=WAL"_s, error)
        || !exec(db, u"PRAGMA synchronous=NORMAL"_s, error)) {
        db.close();
    }
    return db;
}

int schemaVersion(QSqlDatabase &db)
{
    QSqlQuery query(db);
    return query.exec(u"PRAGMA user_version"_s) && query.next() ? query.value(0).toInt() : 0;
}

bool hasColumn(QSqlDatabase &db, const QString &table, const QString &column)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA table_info(%1)"_s.arg(table)))
        return false;
    while (query.next()) {
        if (query.value(1).toString() == column)
            return true;
    }
    return false;
}

bool hasTokensTable(QSqlDatabase &db)
{
    return db.tables().contains(u"tokens"_s);
}

StoredToken readToken(const QSqlQuery &query, int first)
{
    StoredToken token;
    token.tokenId = query.value(first + 0).toString();
    token.format = query.value(first + 1).toString();
    token.clientId = query.value(first + 2).toString();
    token.subject = query.value(first + 3).toString();
    token.scopes = query.value(first + 4).toString().split(u' ', Qt::SkipEmptyParts);
    token.audience = query.value(first + 5).toString().split(u' ', Qt::SkipEmptyParts);
    token.issuer = query.value(first + 6).toString();
    token.extraClaims = query.value(first + 7).toByteArray();
    token.issuedAt = query.value(first + 8).toLongLong();
    token.expiresAt = query.value(first + 9).toLongLong();
    if (!query.value(first + 10).isNull())
        token.revokedAt = query.value(first + 10).toLongLong();
    return token;
}

const QString TokenColumns = u"token_id, format, client_id, subject, scopes, audience, issuer, "
                             "extra_claims, issued_at, expires_at, revoked_at"_s;

QByteArray sha256(const QString &value)
{
    return QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256);
}

// Creates the tables, or brings a file of an earlier version to this one in one transaction: an
// interrupted upgrade leaves the file as it was. Every earlier version has the value and the
// token columns: a tokens table without numbered rows is rebuilt, in issue order; the records
// table is added when missing (records a file already has are kept).
bool migrate(QSqlDatabase &db, QString *error)
{
    const int version = schemaVersion(db);
    if (version > SchemaVersion) {
        if (error)
            *error
                = u"the file is of a newer version (%1) than this build reads (%2)"_s.arg(version)
                      .arg(SchemaVersion);
        return false;
    }
    if (!hasTokensTable(db))
        return exec(db, Schema, error) && exec(db, RecordsSchema, error)
            && exec(db, u"PRAGMA user_version = %1"_s.arg(SchemaVersion), error);
    if (version == SchemaVersion)
        return true;
    db.transaction();
    const bool numbered = hasColumn(db, u"tokens"_s, u"id"_s);
    bool ok = numbered
        || (exec(db, u"ALTER TABLE tokens RENAME TO tokens_old"_s, error)
            && exec(db, Schema, error));
    if (ok && !numbered) {
        QSqlQuery old(db);
        old.setForwardOnly(true);
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO tokens (id, key, value, %1) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(TokenColumns));
        ok = old.exec(u"SELECT value, %1 FROM tokens_old ORDER BY issued_at"_s.arg(TokenColumns));
        qint64 id = 0;
        while (ok && old.next()) {
            insert.addBindValue(++id);
            insert.addBindValue(sha256(old.value(0).toString()));
            for (int column = 0; column <= 11; ++column)
                insert.addBindValue(old.value(column));
            ok = insert.exec();
        }
        if (!ok && error)
            *error = old.lastError().isValid() ? old.lastError().text() : insert.lastError().text();
    }
    if (!numbered)
        ok = ok && exec(db, u"DROP TABLE tokens_old"_s, error);
    ok = ok && exec(db, RecordsSchema, error)
        && exec(db, u"PRAGMA user_version = %1"_s.arg(SchemaVersion), error);
    if (ok)
        return db.commit();
    db.rollback();
    return false;
}

// Past this many distinct shared strings, new ones are kept per token (the pool stays bounded
// whatever the tokens carry).
constexpr qsizetype MaxInterned = 10000;

} // namespace

TokenStore::TokenStore(qsizetype maxTokens) : m_maxTokens(std::max<qsizetype>(1, maxTokens))
{ }

TokenStore::~TokenStore()
{
    if (m_writer.joinable()) {
        {
            QMutexLocker locker(&m_queueMutex);
            m_stopping = true;
            m_queueChanged.wakeAll();
        }
        m_writer.join();
    }
    if (!m_connectionName.isEmpty())
        QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<TokenStore> TokenStore::open(
    const QString &path, qint64 nowSeconds, QString *error, qsizetype maxTokens)
{
    auto store = std::make_unique<TokenStore>(maxTokens);
    store->m_path = path;
    QDir().mkpath(QFileInfo(path).absolutePath());
    // 0600 before SQLite writes anything: the file holds bearer tokens.
    {
        QFile file(path);
        if (!file.exists() && file.open(QIODevice::WriteOnly))
            file.close();
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // Load in this thread on a connection of its own, then hand the file to the writer thread:
    // a QSqlDatabase connection is used only by the thread that made it.
    const QString loadName = nextConnectionName();
    {
        QSqlDatabase db = openConnection(loadName, path, error);
        if (!db.isOpen()) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(loadName);
            return nullptr;
        }
        if (!migrate(db, error)) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(loadName);
            return nullptr;
        }
        QSqlQuery purge(db);
        purge.prepare(u"DELETE FROM tokens WHERE expires_at <= ?"_s);
        purge.addBindValue(nowSeconds);
        purge.exec();
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT id, key, %1 FROM tokens ORDER BY id"_s.arg(TokenColumns))) {
            if (error)
                *error = query.lastError().text();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(loadName);
            return nullptr;
        }
        QMutexLocker locker(&store->m_mutex);
        while (query.next()) {
            const quint64 id = query.value(0).toULongLong();
            store->insertLocked(query.value(1).toByteArray(), readToken(query, 2), id);
        }
        query.finish();
        store->evictLocked();
        QSqlQuery purgeRecords(db);
        purgeRecords.prepare(u"DELETE FROM records WHERE expires_at <= ?"_s);
        purgeRecords.addBindValue(nowSeconds);
        purgeRecords.exec();
        QSqlQuery records(db);
        records.setForwardOnly(true);
        if (records.exec(u"SELECT key, kind, data, expires_at FROM records"_s)) {
            while (records.next()) {
                store->m_records.insert(records.value(0).toByteArray(),
                    RecordEntry {RecordKind(records.value(1).toInt()),
                        QJsonDocument::fromJson(records.value(2).toByteArray()).object(),
                        records.value(3).toLongLong()});
            }
        }
        records.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(loadName);

    store->m_connectionName = nextConnectionName();
    store->m_writer = std::thread([raw = store.get()] { raw->writerLoop(); });
    return store;
}

TokenStore::Key TokenStore::keyOf(const QString &value)
{
    return sha256(value);
}

QString TokenStore::intern(const QString &text)
{
    const auto it = m_strings.constFind(text);
    if (it != m_strings.constEnd())
        return *it;
    if (m_strings.size() < MaxInterned)
        m_strings.insert(text);
    return text;
}

QStringList TokenStore::intern(const QStringList &list)
{
    const auto it = m_lists.constFind(list);
    if (it != m_lists.constEnd())
        return *it;
    QStringList kept;
    kept.reserve(list.size());
    for (const QString &item : list)
        kept.append(intern(item));
    if (m_lists.size() < MaxInterned)
        m_lists.insert(kept);
    return kept;
}

QByteArray TokenStore::intern(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return {};
    const auto it = m_bytes.constFind(bytes);
    if (it != m_bytes.constEnd())
        return *it;
    if (m_bytes.size() < MaxInterned)
        m_bytes.insert(bytes);
    return bytes;
}

quint64 TokenStore::insertLocked(const Key &key, StoredToken token, quint64 sequence)
{
    if (!m_path.isEmpty())
        token.value.clear(); // on disk; value() reads it from there
    token.format = intern(token.format);
    token.clientId = intern(token.clientId);
    token.subject = intern(token.subject);
    token.issuer = intern(token.issuer);
    token.scopes = intern(token.scopes);
    token.audience = intern(token.audience);
    token.extraClaims = intern(token.extraClaims);
    if (sequence == 0)
        sequence = m_sequence + 1;
    m_sequence = std::max(m_sequence, sequence);
    const auto it = m_byKey.find(key);
    if (it != m_byKey.end()) {
        // The same value added again: its earlier row goes (its m_order entry is stale now).
        enqueueLocked({Pending::Kind::Delete, it->sequence, {}});
        *it = Entry {std::move(token), sequence};
    } else {
        m_byKey.insert(key, Entry {std::move(token), sequence});
    }
    m_order.push_back({key, sequence});
    return sequence;
}

void TokenStore::add(const StoredToken &token)
{
    const Key key = keyOf(token.value);
    QMutexLocker locker(&m_mutex);
    const quint64 sequence = insertLocked(key, token);
    enqueueLocked({Pending::Kind::Insert, sequence, token, key});
    evictLocked();
}

std::optional<StoredToken> TokenStore::find(const QString &value) const
{
    const Key key = keyOf(value);
    QMutexLocker locker(&m_mutex);
    const auto it = m_byKey.constFind(key);
    if (it == m_byKey.constEnd())
        return std::nullopt;
    return it->token;
}

bool TokenStore::revoke(const QString &value, qint64 nowSeconds)
{
    const Key key = keyOf(value);
    QMutexLocker locker(&m_mutex);
    const auto it = m_byKey.find(key);
    if (it == m_byKey.end() || it->token.revokedAt)
        return false;
    it->token.revokedAt = nowSeconds;
    StoredToken change;
    change.revokedAt = nowSeconds;
    enqueueLocked({Pending::Kind::Revoke, it->sequence, std::move(change)});
    return true;
}

qsizetype TokenStore::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_byKey.size();
}

QList<StoredToken> TokenStore::tokens() const
{
    QMutexLocker locker(&m_mutex);
    QList<StoredToken> list;
    list.reserve(m_byKey.size());
    for (const auto &[key, sequence] : m_order) {
        const auto it = m_byKey.constFind(key);
        if (it != m_byKey.constEnd() && it->sequence == sequence)
            list.append(it->token);
    }
    return list;
}

QString TokenStore::value(const StoredToken &token) const
{
    if (!token.value.isEmpty())
        return token.value;
    quint64 sequence = 0;
    {
        QMutexLocker locker(&m_mutex);
        for (auto it = m_byKey.constBegin(); it != m_byKey.constEnd(); ++it) {
            if (it->token.tokenId == token.tokenId && it->token.issuedAt == token.issuedAt) {
                sequence = it->sequence;
                break;
            }
        }
    }
    if (sequence == 0 || m_path.isEmpty())
        return {};
    const_cast<TokenStore *>(this)->flush(); // an insert still queued is on disk after this
    const QString name = nextConnectionName();
    QString found;
    {
        QSqlDatabase db = openConnection(name, m_path, nullptr);
        if (db.isOpen()) {
            QSqlQuery query(db);
            query.prepare(u"SELECT value FROM tokens WHERE id = ?"_s);
            query.addBindValue(sequence);
            if (query.exec() && query.next())
                found = query.value(0).toString();
            query.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return found;
}

TokenStore::Key TokenStore::recordKeyOf(RecordKind kind, const QString &id)
{
    const QByteArray input = QByteArray::number(int(kind)) + ':' + id.toUtf8();
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256);
}

void TokenStore::putRecordLocked(const Key &key, RecordEntry entry)
{
    Pending pending {Pending::Kind::PutRecord, 0, {}, key};
    pending.token.expiresAt = entry.expiresAt;
    pending.recordKind = int(entry.kind);
    pending.recordData = QJsonDocument(entry.data).toJson(QJsonDocument::Compact);
    m_records.insert(key, std::move(entry));
    enqueueLocked(std::move(pending));
}

void TokenStore::putRecord(
    RecordKind kind, const QString &id, const QJsonObject &data, qint64 expiresAt)
{
    const Key key = recordKeyOf(kind, id);
    QMutexLocker locker(&m_mutex);
    putRecordLocked(key, RecordEntry {kind, data, expiresAt});
    if (m_records.size() > m_maxTokens)
        evictRecordsLocked(expiresAt - 1);
}

std::optional<QJsonObject> TokenStore::record(
    RecordKind kind, const QString &id, qint64 nowSeconds) const
{
    const Key key = recordKeyOf(kind, id);
    QMutexLocker locker(&m_mutex);
    const auto it = m_records.constFind(key);
    if (it == m_records.constEnd() || it->expiresAt <= nowSeconds)
        return std::nullopt;
    return it->data;
}

std::optional<QJsonObject> TokenStore::updateRecord(RecordKind kind, const QString &id,
    qint64 nowSeconds, const std::function<bool(QJsonObject &)> &change)
{
    const Key key = recordKeyOf(kind, id);
    QMutexLocker locker(&m_mutex);
    const auto it = m_records.constFind(key);
    if (it == m_records.constEnd() || it->expiresAt <= nowSeconds)
        return std::nullopt;
    const QJsonObject before = it->data;
    QJsonObject after = before;
    if (change(after))
        putRecordLocked(key, RecordEntry {kind, after, it->expiresAt});
    return before;
}

int TokenStore::updateRecords(RecordKind kind, QStringView member, const QString &value,
    qint64 nowSeconds, const std::function<bool(QJsonObject &)> &change)
{
    QMutexLocker locker(&m_mutex);
    QList<std::pair<Key, RecordEntry>> changed;
    for (auto it = m_records.constBegin(); it != m_records.constEnd(); ++it) {
        if (it->kind != kind || it->expiresAt <= nowSeconds
            || it->data.value(member).toString() != value) {
            continue;
        }
        RecordEntry entry = it.value();
        if (change(entry.data))
            changed.append({it.key(), std::move(entry)});
    }
    for (auto &[key, entry] : changed)
        putRecordLocked(key, std::move(entry));
    return int(changed.size());
}

bool TokenStore::removeRecord(RecordKind kind, const QString &id)
{
    const Key key = recordKeyOf(kind, id);
    QMutexLocker locker(&m_mutex);
    if (!m_records.remove(key))
        return false;
    enqueueLocked({Pending::Kind::DeleteRecord, 0, {}, key});
    return true;
}

qsizetype TokenStore::recordCount(RecordKind kind) const
{
    QMutexLocker locker(&m_mutex);
    return std::count_if(m_records.cbegin(), m_records.cend(),
        [kind](const RecordEntry &entry) { return entry.kind == kind; });
}

void TokenStore::evictRecordsLocked(qint64 nowSeconds)
{
    // Expired ones first, then those that expire soonest, down to 90 % of the bound.
    const qsizetype target = std::max<qsizetype>(1, m_maxTokens - m_maxTokens / 10);
    QList<std::pair<qint64, Key>> byExpiry;
    for (auto it = m_records.constBegin(); it != m_records.constEnd(); ++it)
        byExpiry.append({it->expiresAt, it.key()});
    std::sort(byExpiry.begin(), byExpiry.end());
    for (const auto &[expiresAt, key] : std::as_const(byExpiry)) {
        if (m_records.size() <= target && expiresAt > nowSeconds)
            break;
        m_records.remove(key);
        enqueueLocked({Pending::Kind::DeleteRecord, 0, {}, key});
    }
}

void TokenStore::evictLocked()
{
    if (m_byKey.size() <= m_maxTokens)
        return;
    // Down to 90 % of the bound at once, so the scan below runs once per maxTokens / 10 tokens,
    // not for every token past the bound. Revoked and expired ones first (the newest issue time
    // tells "now" well enough), then the oldest.
    const qsizetype target = std::max<qsizetype>(1, m_maxTokens - m_maxTokens / 10);
    qint64 newest = 0;
    for (const Entry &entry : std::as_const(m_byKey))
        newest = std::max(newest, entry.token.issuedAt);
    QList<Key> dead;
    for (auto it = m_byKey.constBegin(); it != m_byKey.constEnd(); ++it) {
        if (it->token.revokedAt || it->token.expiresAt <= newest)
            dead.append(it.key());
    }
    for (const Key &key : std::as_const(dead)) {
        if (m_byKey.size() <= target)
            break;
        const auto it = m_byKey.constFind(key);
        enqueueLocked({Pending::Kind::Delete, it->sequence, {}});
        m_byKey.erase(it);
    }
    while (m_byKey.size() > target && !m_order.empty()) {
        const auto [key, sequence] = m_order.front();
        m_order.pop_front();
        const auto it = m_byKey.find(key);
        if (it != m_byKey.end() && it->sequence == sequence) {
            m_byKey.erase(it);
            enqueueLocked({Pending::Kind::Delete, sequence, {}});
        }
    }
    // Drop order entries of evicted tokens, so the queue stays bounded too.
    std::deque<std::pair<Key, quint64>> kept;
    for (const auto &[key, sequence] : m_order) {
        const auto it = m_byKey.constFind(key);
        if (it != m_byKey.constEnd() && it->sequence == sequence)
            kept.emplace_back(key, sequence);
    }
    m_order.swap(kept);
}

void TokenStore::enqueueLocked(Pending pending)
{
    if (m_path.isEmpty())
        return;
    QMutexLocker locker(&m_queueMutex);
    m_queue.append(std::move(pending));
    ++m_enqueued;
    // Only the first change of a batch wakes the writer: waking it for each one would make a
    // transaction (and two context switches) per token under load.
    if (m_queue.size() == 1)
        m_queueChanged.wakeAll();
}

void TokenStore::flush()
{
    if (m_path.isEmpty())
        return;
    QMutexLocker locker(&m_queueMutex);
    const quint64 target = m_enqueued;
    ++m_flushRequests;
    m_queueChanged.wakeAll();
    while (m_written < target)
        m_flushed.wait(&m_queueMutex);
    --m_flushRequests;
}

void TokenStore::writerLoop()
{
    QString error;
    QSqlDatabase db = openConnection(m_connectionName, m_path, &error);
    if (!db.isOpen())
        qCWarning(lcTokenStore).noquote() << m_path << "cannot be written:" << error;
    for (;;) {
        QList<Pending> batch;
        bool stopping = false;
        {
            QMutexLocker locker(&m_queueMutex);
            while (m_queue.isEmpty() && !m_stopping)
                m_queueChanged.wait(&m_queueMutex);
            // Gather a batch for BatchMilliseconds unless asked to stop or flush: later changes
            // do not wake the writer (enqueueLocked), a flush or the destructor does.
            QDeadlineTimer deadline(BatchMilliseconds);
            while (!m_stopping && m_flushRequests == 0 && !deadline.hasExpired())
                m_queueChanged.wait(&m_queueMutex, deadline);
            batch.swap(m_queue);
            stopping = m_stopping;
        }
        if (!batch.isEmpty() && db.isOpen()) {
            db.transaction();
            QSqlQuery insert(db);
            insert.prepare(u"INSERT OR REPLACE INTO tokens (id, key, value, %1) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(TokenColumns));
            QSqlQuery revoke(db);
            revoke.prepare(u"UPDATE tokens SET revoked_at = ? WHERE id = ?"_s);
            QSqlQuery remove(db);
            remove.prepare(u"DELETE FROM tokens WHERE id = ?"_s);
            QSqlQuery putRecord(db);
            putRecord.prepare(u"INSERT OR REPLACE INTO records (key, kind, data, expires_at) "
                              "VALUES (?, ?, ?, ?)"_s);
            QSqlQuery removeRecord(db);
            removeRecord.prepare(u"DELETE FROM records WHERE key = ?"_s);
            for (const Pending &pending : std::as_const(batch)) {
                const StoredToken &t = pending.token;
                switch (pending.kind) {
                case Pending::Kind::Insert:
                    insert.addBindValue(pending.id);
                    insert.addBindValue(pending.key);
                    insert.addBindValue(text(t.value));
                    insert.addBindValue(text(t.tokenId));
                    insert.addBindValue(text(t.format));
                    insert.addBindValue(text(t.clientId));
                    insert.addBindValue(text(t.subject));
                    insert.addBindValue(text(t.scopes.join(u' ')));
                    insert.addBindValue(text(t.audience.join(u' ')));
                    insert.addBindValue(text(t.issuer));
                    insert.addBindValue(t.extraClaims);
                    insert.addBindValue(t.issuedAt);
                    insert.addBindValue(t.expiresAt);
                    insert.addBindValue(t.revokedAt ? QVariant(*t.revokedAt) : QVariant());
                    if (!insert.exec())
                        qCWarning(lcTokenStore)
                            << "cannot store a token:" << insert.lastError().text();
                    break;
                case Pending::Kind::Revoke:
                    revoke.addBindValue(t.revokedAt ? QVariant(*t.revokedAt) : QVariant());
                    revoke.addBindValue(pending.id);
                    revoke.exec();
                    break;
                case Pending::Kind::Delete:
                    remove.addBindValue(pending.id);
                    remove.exec();
                    break;
                case Pending::Kind::PutRecord:
                    putRecord.addBindValue(pending.key);
                    putRecord.addBindValue(pending.recordKind);
                    putRecord.addBindValue(pending.recordData);
                    putRecord.addBindValue(t.expiresAt);
                    if (!putRecord.exec())
                        qCWarning(lcTokenStore)
                            << "cannot store a record:" << putRecord.lastError().text();
                    break;
                case Pending::Kind::DeleteRecord:
                    removeRecord.addBindValue(pending.key);
                    removeRecord.exec();
                    break;
                }
            }
            db.commit();
        }
        {
            QMutexLocker locker(&m_queueMutex);
            m_written += quint64(batch.size());
            m_flushed.wakeAll();
        }
        if (stopping) {
            QMutexLocker locker(&m_queueMutex);
            if (m_queue.isEmpty())
                break;
        }
    }
    db.close();
    db = QSqlDatabase();
}
