// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenstore.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
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

const QString Schema = u"CREATE TABLE IF NOT EXISTS tokens ("
                       "value TEXT PRIMARY KEY, token_id TEXT NOT NULL, format TEXT NOT NULL, "
                       "client_id TEXT NOT NULL, subject TEXT NOT NULL, scopes TEXT NOT NULL, "
                       "audience TEXT NOT NULL, issuer TEXT NOT NULL, extra_claims BLOB, "
                       "issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, "
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
        || !exec(db, u"PRAGMA synchronous=NORMAL"_s, error) || !exec(db, Schema, error)) {
        db.close();
    }
    return db;
}

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
        QSqlQuery purge(db);
        purge.prepare(u"DELETE FROM tokens WHERE expires_at <= ?"_s);
        purge.addBindValue(nowSeconds);
        purge.exec();
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT value, token_id, format, client_id, subject, scopes, audience, "
                        "issuer, extra_claims, issued_at, expires_at, revoked_at FROM tokens "
                        "ORDER BY issued_at"_s)) {
            if (error)
                *error = query.lastError().text();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(loadName);
            return nullptr;
        }
        while (query.next()) {
            StoredToken token;
            token.value = query.value(0).toString();
            token.tokenId = query.value(1).toString();
            token.format = query.value(2).toString();
            token.clientId = query.value(3).toString();
            token.subject = query.value(4).toString();
            token.scopes = query.value(5).toString().split(u' ', Qt::SkipEmptyParts);
            token.audience = query.value(6).toString().split(u' ', Qt::SkipEmptyParts);
            token.issuer = query.value(7).toString();
            token.extraClaims = query.value(8).toByteArray();
            token.issuedAt = query.value(9).toLongLong();
            token.expiresAt = query.value(10).toLongLong();
            if (!query.value(11).isNull())
                token.revokedAt = query.value(11).toLongLong();
            store->m_order.push_back(token.value);
            store->m_byValue.insert(token.value, std::move(token));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(loadName);
    {
        QMutexLocker locker(&store->m_mutex);
        store->evictLocked();
    }

    store->m_connectionName = nextConnectionName();
    store->m_writer = std::thread([raw = store.get()] { raw->writerLoop(); });
    return store;
}

void TokenStore::add(const StoredToken &token)
{
    QMutexLocker locker(&m_mutex);
    if (!m_byValue.contains(token.value))
        m_order.push_back(token.value);
    m_byValue.insert(token.value, token);
    enqueueLocked({Pending::Kind::Insert, token});
    evictLocked();
}

std::optional<StoredToken> TokenStore::find(const QString &value) const
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_byValue.constFind(value);
    if (it == m_byValue.constEnd())
        return std::nullopt;
    return *it;
}

bool TokenStore::revoke(const QString &value, qint64 nowSeconds)
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_byValue.find(value);
    if (it == m_byValue.end() || it->revokedAt)
        return false;
    it->revokedAt = nowSeconds;
    enqueueLocked({Pending::Kind::Revoke, *it});
    return true;
}

qsizetype TokenStore::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_byValue.size();
}

QList<StoredToken> TokenStore::tokens() const
{
    QMutexLocker locker(&m_mutex);
    QList<StoredToken> list;
    list.reserve(m_byValue.size());
    for (const QString &value : m_order) {
        const auto it = m_byValue.constFind(value);
        if (it != m_byValue.constEnd() && (list.isEmpty() || list.last().value != value))
            list.append(*it);
    }
    return list;
}

void TokenStore::evictLocked()
{
    if (m_byValue.size() <= m_maxTokens)
        return;
    // Revoked and expired ones first (the newest issue time tells "now" well enough), then the
    // oldest.
    qint64 newest = 0;
    for (const StoredToken &token : std::as_const(m_byValue))
        newest = std::max(newest, token.issuedAt);
    QList<QString> dead;
    for (const StoredToken &token : std::as_const(m_byValue)) {
        if (token.revokedAt || token.expiresAt <= newest)
            dead.append(token.value);
    }
    for (const QString &value : std::as_const(dead)) {
        if (m_byValue.size() <= m_maxTokens)
            break;
        enqueueLocked({Pending::Kind::Delete, m_byValue.take(value)});
    }
    while (m_byValue.size() > m_maxTokens && !m_order.empty()) {
        const QString value = m_order.front();
        m_order.pop_front();
        const auto it = m_byValue.find(value);
        if (it != m_byValue.end()) {
            enqueueLocked({Pending::Kind::Delete, *it});
            m_byValue.erase(it);
        }
    }
    // Drop order entries of evicted tokens now and then, so the queue stays bounded too.
    if (qsizetype(m_order.size()) > 2 * m_maxTokens) {
        std::deque<QString> kept;
        for (const QString &value : m_order) {
            if (m_byValue.contains(value))
                kept.push_back(value);
        }
        m_order.swap(kept);
    }
}

void TokenStore::enqueueLocked(Pending pending)
{
    if (m_path.isEmpty())
        return;
    QMutexLocker locker(&m_queueMutex);
    m_queue.append(std::move(pending));
    ++m_enqueued;
    m_queueChanged.wakeAll();
}

void TokenStore::flush()
{
    if (m_path.isEmpty())
        return;
    QMutexLocker locker(&m_queueMutex);
    const quint64 target = m_enqueued;
    m_queueChanged.wakeAll();
    while (m_written < target)
        m_flushed.wait(&m_queueMutex);
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
            if (m_queue.isEmpty() && !m_stopping)
                m_queueChanged.wait(&m_queueMutex);
            // Gather a batch unless asked to stop or flush right now.
            if (!m_stopping && !m_queue.isEmpty())
                m_queueChanged.wait(&m_queueMutex, BatchMilliseconds);
            batch.swap(m_queue);
            stopping = m_stopping;
        }
        if (!batch.isEmpty() && db.isOpen()) {
            db.transaction();
            QSqlQuery insert(db);
            insert.prepare(u"INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?)"_s);
            QSqlQuery revoke(db);
            revoke.prepare(u"UPDATE tokens SET revoked_at = ? WHERE value = ?"_s);
            QSqlQuery remove(db);
            remove.prepare(u"DELETE FROM tokens WHERE value = ?"_s);
            for (const Pending &pending : std::as_const(batch)) {
                const StoredToken &t = pending.token;
                switch (pending.kind) {
                case Pending::Kind::Insert:
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
                    revoke.addBindValue(t.value);
                    revoke.exec();
                    break;
                case Pending::Kind::Delete:
                    remove.addBindValue(t.value);
                    remove.exec();
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
