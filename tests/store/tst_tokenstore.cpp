// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/tokenstore.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1750000000;

StoredToken token(const QString &value, qint64 issuedAt = Now, qint64 lifetime = 3600)
{
    StoredToken t;
    t.value = value;
    t.tokenId = u"jti-"_s + value;
    t.format = u"reference"_s;
    t.clientId = u"user-client-opaque"_s;
    t.subject = u"user-client-opaque"_s;
    t.scopes = {u"country.read"_s, u"customer.read"_s};
    t.audience = {u"user-client-opaque"_s, u"api"_s};
    t.issuer = u"http://localhost:8085/ms-auth-server"_s;
    t.extraClaims = R"({"tenant":"t1"})"_ba;
    t.issuedAt = issuedAt;
    t.expiresAt = issuedAt + lifetime;
    return t;
}

// Runs the statements in order on the file at path, on a connection of its own (to write a file
// as an older or newer build did); the error of the first that fails, else empty.
QString runSql(const QString &path, const QStringList &statements)
{
    const QString name = u"raw-sql"_s;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                error = statement + u": "_s + query.lastError().text();
                break;
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace

class TestTokenStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addFindRevoke();
    void activeOnlyBetweenIssueAndExpiry();
    void boundedDropsDeadThenOldest();
    void keptAcrossRestart();
    void noScopesNoAudienceKept();
    void expiredAreNotLoaded();
    void concurrentWriters();
    void fileIsOwnerOnly();
    void jwtTextStaysOnDisk();
    void sharedStringsKeptOnce();
    void pastTheBoundEvictsInBulk();
    void versionOneFileUpgraded();
    void versionTwoFileUpgraded();
    void rowsAppendedInIssueOrder();
    void newerFileRefused();
    void recordsKeptAcrossRestart();
    void recordUpdateIsOneStep();
    void recordFamilyUpdated();
    void versionThreeFileGetsRecords();
};

void TestTokenStore::addFindRevoke()
{
    TokenStore store;
    QVERIFY(!store.find(u"a"_s));
    store.add(token(u"a"_s));
    const std::optional<StoredToken> found = store.find(u"a"_s);
    QVERIFY(found);
    QCOMPARE(found->tokenId, u"jti-a"_s);
    QCOMPARE(found->audience, (QStringList {u"user-client-opaque"_s, u"api"_s}));
    QVERIFY(found->isActiveAt(Now + 1));
    QVERIFY(store.revoke(u"a"_s, Now + 10));
    QVERIFY(!store.revoke(u"a"_s, Now + 11)); // already revoked
    QVERIFY(!store.revoke(u"unknown"_s, Now));
    QCOMPARE(*store.find(u"a"_s)->revokedAt, Now + 10);
    QVERIFY(!store.find(u"a"_s)->isActiveAt(Now + 12));
}

void TestTokenStore::activeOnlyBetweenIssueAndExpiry()
{
    const StoredToken t = token(u"a"_s, Now, 60);
    QVERIFY(!t.isActiveAt(Now - 1));
    QVERIFY(t.isActiveAt(Now));
    QVERIFY(t.isActiveAt(Now + 59));
    QVERIFY(!t.isActiveAt(Now + 60));
}

void TestTokenStore::boundedDropsDeadThenOldest()
{
    TokenStore store(3);
    store.add(token(u"old"_s, Now));
    store.add(token(u"revoked"_s, Now + 1));
    store.add(token(u"mid"_s, Now + 2));
    QVERIFY(store.revoke(u"revoked"_s, Now + 3));
    store.add(token(u"new"_s, Now + 4)); // over the cap: the revoked one goes first
    QCOMPARE(store.size(), 3);
    QVERIFY(!store.find(u"revoked"_s));
    QVERIFY(store.find(u"old"_s));
    store.add(token(u"newer"_s, Now + 5)); // then the oldest
    QCOMPARE(store.size(), 3);
    QVERIFY(!store.find(u"old"_s));
    QVERIFY(store.find(u"mid"_s) && store.find(u"new"_s) && store.find(u"newer"_s));
    const QList<StoredToken> listed = store.tokens();
    QCOMPARE(listed.size(), 3);
    QCOMPARE(listed.first().value, u"mid"_s);
    QCOMPARE(listed.last().value, u"newer"_s);
}

void TestTokenStore::keptAcrossRestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->add(token(u"kept"_s));
        store->add(token(u"revoked"_s));
        QVERIFY(store->revoke(u"revoked"_s, Now + 5));
        // No flush: the destructor writes what is pending.
    }
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now + 10, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->size(), 2);
    const std::optional<StoredToken> kept = again->find(u"kept"_s);
    QVERIFY(kept);
    QCOMPARE(kept->scopes, (QStringList {u"country.read"_s, u"customer.read"_s}));
    QCOMPARE(kept->audience, (QStringList {u"user-client-opaque"_s, u"api"_s}));
    QCOMPARE(kept->extraClaims, R"({"tenant":"t1"})"_ba);
    QCOMPARE(kept->expiresAt, Now + 3600);
    QVERIFY(!kept->revokedAt);
    QCOMPARE(*again->find(u"revoked"_s)->revokedAt, Now + 5);
}

void TestTokenStore::noScopesNoAudienceKept()
{
    // Empty lists are stored as empty text, not NULL.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        StoredToken bare = token(u"bare"_s);
        bare.scopes.clear();
        bare.audience.clear();
        bare.extraClaims.clear();
        store->add(bare);
    }
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now, &error);
    QVERIFY(again);
    const std::optional<StoredToken> bare = again->find(u"bare"_s);
    QVERIFY(bare);
    QVERIFY(bare->scopes.isEmpty());
    QVERIFY(bare->audience.isEmpty());
}

void TestTokenStore::expiredAreNotLoaded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->add(token(u"short"_s, Now, 60));
        store->add(token(u"long"_s, Now, 7200));
        store->flush();
    }
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now + 3600, &error);
    QVERIFY(again);
    QVERIFY(!again->find(u"short"_s));
    QVERIFY(again->find(u"long"_s));
}

void TestTokenStore::concurrentWriters()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    constexpr int Threads = 4;
    constexpr int PerThread = 500;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        std::vector<std::thread> writers;
        for (int t = 0; t < Threads; ++t) {
            writers.emplace_back([&store, t] {
                for (int i = 0; i < PerThread; ++i) {
                    const QString value = u"t%1-%2"_s.arg(t).arg(i);
                    store->add(token(value));
                    if (i % 10 == 0)
                        store->revoke(value, Now + 1);
                    (void)store->find(u"t0-0"_s);
                }
            });
        }
        for (std::thread &writer : writers)
            writer.join();
        QCOMPARE(store->size(), Threads * PerThread);
        store->flush();
    }
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now, &error);
    QVERIFY(again);
    QCOMPARE(again->size(), Threads * PerThread);
    QVERIFY(again->find(u"t3-10"_s)->revokedAt);
    QVERIFY(!again->find(u"t3-11"_s)->revokedAt);
}

void TestTokenStore::fileIsOwnerOnly()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
    QVERIFY(store);
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;
    QVERIFY(!(permissions & others));
#endif
}

void TestTokenStore::jwtTextStaysOnDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    const QString jwt = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"_s;
    StoredToken issued = token(jwt);
    issued.format = u"jwt"_s;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->add(issued);
        const std::optional<StoredToken> found = store->find(jwt);
        QVERIFY(found);
        QVERIFY(found->value.isEmpty()); // not held in memory
        QCOMPARE(found->tokenId, issued.tokenId);
        QCOMPARE(store->value(*found), jwt); // read from the file (flushed first)
        QVERIFY(store->tokens().first().value.isEmpty());
        QVERIFY(!store->find(jwt + u"x"_s));
    }
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now, &error);
    QVERIFY(again);
    const std::optional<StoredToken> found = again->find(jwt);
    QVERIFY(found);
    QCOMPARE(again->value(*found), jwt);
    StoredToken unknown = *found;
    unknown.tokenId = u"not-issued"_s;
    QVERIFY(again->value(unknown).isEmpty());

    // In memory only, the value is all there is, so it is kept.
    TokenStore memory;
    memory.add(issued);
    QCOMPARE(memory.find(jwt)->value, jwt);
    QCOMPARE(memory.value(*memory.find(jwt)), jwt);
}

void TestTokenStore::sharedStringsKeptOnce()
{
    TokenStore store;
    store.add(token(u"a"_s));
    store.add(token(u"b"_s)); // equal client, scopes, audience, issuer, claims; built anew
    const StoredToken a = *store.find(u"a"_s);
    const StoredToken b = *store.find(u"b"_s);
    QCOMPARE(a.clientId.constData(), b.clientId.constData());
    QCOMPARE(a.issuer.constData(), b.issuer.constData());
    QCOMPARE(a.scopes.constData(), b.scopes.constData());
    QCOMPARE(a.audience.constData(), b.audience.constData());
    QCOMPARE(a.extraClaims.constData(), b.extraClaims.constData());
    QVERIFY(a.tokenId.constData() != b.tokenId.constData());
}

void TestTokenStore::pastTheBoundEvictsInBulk()
{
    // Past the bound the store drops to 90 % at once, the oldest first, instead of scanning
    // every token again for each new one.
    TokenStore store(100);
    for (int i = 0; i < 100; ++i)
        store.add(token(u"t%1"_s.arg(i), Now + i));
    QCOMPARE(store.size(), 100);
    store.add(token(u"t100"_s, Now + 100));
    QCOMPARE(store.size(), 90);
    QVERIFY(!store.find(u"t10"_s));
    QVERIFY(store.find(u"t11"_s));
    QVERIFY(store.find(u"t100"_s));
    const QList<StoredToken> listed = store.tokens();
    QCOMPARE(listed.size(), 90);
    QCOMPARE(listed.first().tokenId, u"jti-t11"_s);
    // A token added again is listed once, where it was added last.
    store.add(token(u"t11"_s, Now + 101));
    QCOMPARE(store.tokens().size(), 90);
    QCOMPARE(store.tokens().last().tokenId, u"jti-t11"_s);
}

void TestTokenStore::versionOneFileUpgraded()
{
    // A file of the first version (keyed by the token's value) keeps its tokens.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QCOMPARE(runSql(path,
                 {u"CREATE TABLE tokens (value TEXT PRIMARY KEY, token_id TEXT NOT NULL, "
                  "format TEXT NOT NULL, client_id TEXT NOT NULL, subject TEXT NOT NULL, "
                  "scopes TEXT NOT NULL, audience TEXT NOT NULL, issuer TEXT NOT NULL, "
                  "extra_claims BLOB, issued_at INTEGER NOT NULL, expires_at INTEGER NOT "
                  "NULL, revoked_at INTEGER)"_s,
                     u"INSERT INTO tokens VALUES ('opaque-1', 'j1', 'reference', 'c', 's', "
                     "'a b', 'c', 'http://i', NULL, %1, %2, NULL)"_s.arg(Now)
                         .arg(Now + 60),
                     u"INSERT INTO tokens VALUES ('opaque-2', 'j2', 'reference', 'c', 's', "
                     "'', 'c', 'http://i', NULL, %1, %2, %3)"_s.arg(Now)
                         .arg(Now + 60)
                         .arg(Now + 1)}),
        QString());
    QString error;
    std::unique_ptr<TokenStore> store = TokenStore::open(path, Now + 10, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->size(), 2);
    const std::optional<StoredToken> first = store->find(u"opaque-1"_s);
    QVERIFY(first);
    QCOMPARE(first->tokenId, u"j1"_s);
    QCOMPARE(first->scopes, (QStringList {u"a"_s, u"b"_s}));
    QVERIFY(first->isActiveAt(Now + 10));
    QCOMPARE(*store->find(u"opaque-2"_s)->revokedAt, Now + 1);
    QCOMPARE(store->value(*first), u"opaque-1"_s);
}

void TestTokenStore::versionTwoFileUpgraded()
{
    // A file of the second version (keyed by the SHA-256 of the value) keeps its tokens, in issue
    // order, and each can still be read back. The rows are inserted newest first: the upgrade
    // orders them by issue time.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QCOMPARE(runSql(path,
                 {u"CREATE TABLE tokens (key BLOB PRIMARY KEY, value TEXT NOT NULL, "
                  "token_id TEXT NOT NULL, format TEXT NOT NULL, client_id TEXT NOT "
                  "NULL, subject TEXT NOT NULL, scopes TEXT NOT NULL, audience TEXT NOT "
                  "NULL, issuer TEXT NOT NULL, extra_claims BLOB, issued_at INTEGER NOT "
                  "NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER)"_s,
                     u"PRAGMA user_version = 2"_s,
                     u"INSERT INTO tokens VALUES (x'01', 'second', 'j2', 'self-contained', "
                     "'c', 's', 'a', 'c', 'http://i', NULL, %1, %2, %3)"_s.arg(Now + 2)
                         .arg(Now + 60)
                         .arg(Now + 3),
                     u"INSERT INTO tokens VALUES (x'02', 'first', 'j1', 'reference', 'c', "
                     "'s', 'a b', 'c', 'http://i', NULL, %1, %2, NULL)"_s.arg(Now)
                         .arg(Now + 60)}),
        QString());
    QString error;
    std::unique_ptr<TokenStore> store = TokenStore::open(path, Now + 10, &error);
    QVERIFY2(store, qPrintable(error));
    const QList<StoredToken> listed = store->tokens();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(listed.at(0).tokenId, u"j1"_s);
    QCOMPARE(listed.at(1).tokenId, u"j2"_s);
    QCOMPARE(*listed.at(1).revokedAt, Now + 3);
    // Found by value (the key is recomputed from it), and the JWT's text read back from the file.
    QVERIFY(store->find(u"first"_s));
    QCOMPARE(store->value(listed.at(1)), u"second"_s);
    QVERIFY(store->revoke(u"first"_s, Now + 11));
    store.reset();
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now + 12, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(*again->find(u"first"_s)->revokedAt, Now + 11);
}

void TestTokenStore::rowsAppendedInIssueOrder()
{
    // Rows are numbered as the tokens were added and the file has no index of hashes: an insert
    // appends. A value added again keeps one row, the latest.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->add(token(u"a"_s, Now));
        store->add(token(u"b"_s, Now + 1));
        store->add(token(u"c"_s, Now + 2));
        store->add(token(u"a"_s, Now + 3));
        QVERIFY(store->revoke(u"b"_s, Now + 4));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"rows"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT id, value, revoked_at FROM tokens ORDER BY id"_s));
        QStringList rows;
        while (query.next()) {
            rows.append(u"%1 %2 %3"_s.arg(query.value(0).toString(), query.value(1).toString(),
                query.value(2).isNull() ? u"-"_s : query.value(2).toString()));
        }
        QCOMPARE(rows, (QStringList {u"2 b %1"_s.arg(Now + 4), u"3 c -"_s, u"4 a -"_s}));
        QVERIFY(query.exec(u"PRAGMA index_list(tokens)"_s));
        QVERIFY2(!query.next(), "the tokens table has an index");
        db.close();
    }
    QSqlDatabase::removeDatabase(u"rows"_s);
    // Reopened, the sequence goes on after the last row.
    std::unique_ptr<TokenStore> again = TokenStore::open(path, Now + 5, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->size(), 3);
    QCOMPARE(again->tokens().last().tokenId, u"jti-a"_s);
    again->add(token(u"d"_s, Now + 6));
    again->flush();
    QCOMPARE(again->value(again->tokens().last()), u"d"_s);
}

void TestTokenStore::newerFileRefused()
{
    // A file written by a newer build is reported and left as it is, not rewritten.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QCOMPARE(runSql(path, {u"CREATE TABLE tokens (future BLOB)"_s, u"PRAGMA user_version = 9"_s}),
        QString());
    QString error;
    QVERIFY(!TokenStore::open(path, Now, &error));
    QVERIFY2(error.contains(u"newer version (9)"_s), qPrintable(error));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QVERIFY(db.tables().contains(u"tokens"_s));
    QSqlQuery query(db);
    QVERIFY(query.exec(u"PRAGMA table_info(tokens)"_s) && query.next());
    QCOMPARE(query.value(1).toString(), u"future"_s);
}

void TestTokenStore::recordsKeptAcrossRestart()
{
    // Codes, refresh tokens, consents and sessions survive a restart until they expire.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->putRecord(RecordKind::AuthorizationCode, u"code-1"_s,
            QJsonObject {{u"clientId"_s, u"web-client"_s}}, Now + 300);
        store->putRecord(
            RecordKind::RefreshToken, u"rt-1"_s, QJsonObject {{u"family"_s, u"f"_s}}, Now + 86400);
        store->putRecord(RecordKind::Consent, u"user1 web-client"_s,
            QJsonObject {{u"scopes"_s, QJsonArray {u"openid"_s}}}, Now + 86400);
        store->putRecord(
            RecordKind::Session, u"s-1"_s, QJsonObject {{u"username"_s, u"user1"_s}}, Now + 60);
        store->putRecord(RecordKind::Session, u"s-2"_s, QJsonObject {}, Now + 60);
        QVERIFY(store->removeRecord(RecordKind::Session, u"s-2"_s));
        QVERIFY(!store->removeRecord(RecordKind::Session, u"s-2"_s));
        // The same id of another kind is another record.
        QVERIFY(!store->record(RecordKind::Session, u"code-1"_s, Now));
    }
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now + 100, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->record(RecordKind::AuthorizationCode, u"code-1"_s, Now + 100)
                     ->value("clientId"_L1)
                     .toString(),
            u"web-client"_s);
        QCOMPARE(store->record(RecordKind::RefreshToken, u"rt-1"_s, Now + 100)
                     ->value("family"_L1)
                     .toString(),
            u"f"_s);
        QVERIFY(store->record(RecordKind::Consent, u"user1 web-client"_s, Now + 100));
        // Expired at load: gone, and not in the file either.
        QVERIFY(!store->record(RecordKind::Session, u"s-1"_s, Now + 100));
        QCOMPARE(store->recordCount(RecordKind::Session), 0);
        QCOMPARE(store->recordCount(RecordKind::AuthorizationCode), 1);
        // An expired record is absent before the next load too.
        QVERIFY(!store->record(RecordKind::AuthorizationCode, u"code-1"_s, Now + 300));
    }
    // The id is not in the file, only its hash.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("code-1"));
}

void TestTokenStore::recordUpdateIsOneStep()
{
    // A code redeemed by many threads at once is redeemed once.
    TokenStore store;
    store.putRecord(
        RecordKind::AuthorizationCode, u"c"_s, QJsonObject {{u"used"_s, false}}, Now + 300);
    std::atomic<int> redeemed {0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            bool mine = false;
            store.updateRecord(RecordKind::AuthorizationCode, u"c"_s, Now, [&](QJsonObject &code) {
                if (code.value("used"_L1).toBool())
                    return false;
                code.insert(u"used"_s, true);
                mine = true;
                return true;
            });
            if (mine)
                ++redeemed;
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(redeemed.load(), 1);
    QVERIFY(store.record(RecordKind::AuthorizationCode, u"c"_s, Now)->value("used"_L1).toBool());
    QVERIFY(!store.updateRecord(
        RecordKind::AuthorizationCode, u"missing"_s, Now, [](QJsonObject &) { return true; }));
}

void TestTokenStore::recordFamilyUpdated()
{
    TokenStore store;
    for (int i = 0; i < 3; ++i) {
        store.putRecord(RecordKind::RefreshToken, u"rt-%1"_s.arg(i),
            QJsonObject {{u"family"_s, i < 2 ? u"f1"_s : u"f2"_s}}, Now + 60);
    }
    const int changed = store.updateRecords(
        RecordKind::RefreshToken, u"family", u"f1"_s, Now, [](QJsonObject &token) {
            token.insert(u"revoked"_s, true);
            return true;
        });
    QCOMPARE(changed, 2);
    QVERIFY(store.record(RecordKind::RefreshToken, u"rt-0"_s, Now)->value("revoked"_L1).toBool());
    QVERIFY(store.record(RecordKind::RefreshToken, u"rt-1"_s, Now)->value("revoked"_L1).toBool());
    QVERIFY(!store.record(RecordKind::RefreshToken, u"rt-2"_s, Now)->contains("revoked"_L1));
}

void TestTokenStore::versionThreeFileGetsRecords()
{
    // A version 3 file with numbered rows and no records table (an earlier build of the same day)
    // keeps its tokens and gets the records table (version 4).
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now, &error);
        QVERIFY2(store, qPrintable(error));
        store->add(token(u"opaque-1"_s));
    }
    QCOMPARE(runSql(path, {u"DROP TABLE records"_s, u"PRAGMA user_version = 3"_s}), QString());
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now + 10, &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->find(u"opaque-1"_s));
        store->putRecord(RecordKind::Session, u"s"_s, QJsonObject {{u"a"_s, 1}}, Now + 60);
    }
    {
        std::unique_ptr<TokenStore> store = TokenStore::open(path, Now + 20, &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->find(u"opaque-1"_s));
        QVERIFY(store->record(RecordKind::Session, u"s"_s, Now + 20));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v4"_s);
    db.setDatabaseName(path);
    QVERIFY(db.open());
    {
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA user_version"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 4);
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"v4"_s);
}

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
