// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/tokenstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
