// SPDX-License-Identifier: GPL-3.0-or-later
// The resource server's introspection (RFC 7662): the call it sends, how it reads the answer,
// and the cache of calls in flight that lets a request wait without blocking its thread.
#include "resource/introspection.h"
#include "resource/introspectioncache.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestResourceIntrospection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void callWithBasic();
    void callWithPost();
    void parse_data();
    void parse();
    void cacheWaitsThenAnswersOnce();
    void cacheJoinsACallInFlight();
    void cacheNeverReusesAnAnswerForANewRequest();
    void cacheWithoutCaller();
};

void TestResourceIntrospection::callWithBasic()
{
    ResourceServerSettings settings;
    const IntrospectionCall call
        = Introspection::call(u"http://localhost:8085/ms-auth-server"_s, "tok+/=", settings);
    QCOMPARE(call.url, u"http://localhost:8085/ms-auth-server/oauth2/introspect"_s);
    QCOMPARE(call.body, "token=tok%2B%2F%3D&token_type_hint=access_token"_ba);
    QByteArray authorization;
    for (const auto &[name, value] : call.headers) {
        if (name == "Authorization")
            authorization = value;
    }
    QCOMPARE(
        authorization, "Basic " + "service-client-jwt:service-client-jwt-secret"_ba.toBase64());
}

void TestResourceIntrospection::callWithPost()
{
    ResourceServerSettings settings;
    settings.introspectionAuth = ResourceServerSettings::IntrospectionAuth::ClientSecretPost;
    settings.introspectionClientId = u"a b"_s;
    settings.introspectionClientSecret = u"s&t"_s;
    const IntrospectionCall call = Introspection::call(u"http://as"_s, "t", settings);
    QCOMPARE(
        call.body, "token=t&token_type_hint=access_token&client_id=a+b&client_secret=s%26t"_ba);
    for (const auto &[name, value] : call.headers)
        QVERIFY(name != "Authorization");
}

void TestResourceIntrospection::parse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("answered");
    QTest::addColumn<bool>("active");
    QTest::addColumn<QString>("problem");
    QTest::newRow("active")
        << 200
        << R"({"active":true,"sub":"c","aud":["c"],"scope":"a b","exp":5,"client_id":"c"})"_ba
        << true << true << QString();
    QTest::newRow("inactive") << 200 << R"({"active":false})"_ba << true << false << QString();
    QTest::newRow("refused") << 401 << R"({"error":"invalid_client","error_description":"no"})"_ba
                             << false << false << u"401 invalid_client: no"_s;
    QTest::newRow("server error") << 500 << "oops"_ba << false << false << u"HTTP 500"_s;
    QTest::newRow("no active") << 200 << R"({"sub":"x"})"_ba << false << false << u"active"_s;
    QTest::newRow("active as string")
        << 200 << R"({"active":"true"})"_ba << false << false << u"active"_s;
}

void TestResourceIntrospection::parse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, answered);
    QFETCH(bool, active);
    QFETCH(QString, problem);
    QString why;
    const std::optional<IntrospectionAnswer> answer = Introspection::parse(status, body, &why);
    QCOMPARE(answer.has_value(), answered);
    if (answer) {
        QCOMPARE(answer->active, active);
        if (active) {
            QCOMPARE(answer->info.scopes, (QStringList {u"a"_s, u"b"_s}));
            QCOMPARE(answer->info.clientId, u"c"_s);
            QCOMPARE(answer->info.expiresAt, 5);
        }
    } else {
        QVERIFY2(why.contains(problem), qPrintable(why));
    }
}

void TestResourceIntrospection::cacheWaitsThenAnswersOnce()
{
    IntrospectionCache cache;
    QList<QByteArray> sent;
    cache.setCaller(
        [&](const QByteArray &token, const IntrospectionCall &) { sent.append(token); });
    QCOMPARE(cache.startFresh("t1", {}, 0).status, IntrospectionCache::Lookup::Status::Pending);
    QCOMPARE(sent, QList<QByteArray> {"t1"});
    bool resumed = false;
    cache.whenAnswered("t1", [&] { resumed = true; });
    QVERIFY(!resumed);
    QCOMPARE(cache.answered("t1").status, IntrospectionCache::Lookup::Status::Failed);

    IntrospectionAnswer active;
    active.active = true;
    cache.deliver("t1", active, {}, 10);
    QVERIFY(resumed);
    const IntrospectionCache::Lookup lookup = cache.answered("t1");
    QCOMPARE(lookup.status, IntrospectionCache::Lookup::Status::Answered);
    QVERIFY(lookup.answer.active);
    // Nothing in flight: a waiter is told at once.
    bool atOnce = false;
    cache.whenAnswered("t1", [&] { atOnce = true; });
    QVERIFY(atOnce);
}

void TestResourceIntrospection::cacheJoinsACallInFlight()
{
    IntrospectionCache cache;
    int calls = 0;
    cache.setCaller([&](const QByteArray &, const IntrospectionCall &) { ++calls; });
    cache.startFresh("t", {}, 0);
    cache.startFresh("t", {}, 1);
    QCOMPARE(calls, 1);
    QCOMPARE(cache.callCount(), 1);
    cache.deliver("t", std::nullopt, u"cannot reach it"_s, 2);
    const IntrospectionCache::Lookup failed = cache.answered("t");
    QCOMPARE(failed.status, IntrospectionCache::Lookup::Status::Failed);
    QCOMPARE(failed.error, u"cannot reach it"_s);
}

void TestResourceIntrospection::cacheNeverReusesAnAnswerForANewRequest()
{
    IntrospectionCache cache;
    int calls = 0;
    cache.setCaller([&](const QByteArray &, const IntrospectionCall &) { ++calls; });
    IntrospectionAnswer active;
    active.active = true;
    cache.startFresh("t", {}, 0);
    cache.deliver("t", active, {}, 1);
    // A new request starts a new call (the token may have been revoked meanwhile) ...
    cache.startFresh("t", {}, 2);
    QCOMPARE(calls, 2);
    // ... while one that waited for the first still reads the first's answer.
    QCOMPARE(cache.answered("t").status, IntrospectionCache::Lookup::Status::Answered);
    cache.deliver("t", IntrospectionAnswer {}, {}, 3);
    QCOMPARE(cache.answered("t").status, IntrospectionCache::Lookup::Status::Answered);
    QVERIFY(!cache.answered("t").answer.active);
}

void TestResourceIntrospection::cacheWithoutCaller()
{
    IntrospectionCache cache;
    cache.startFresh("t", {}, 0);
    const IntrospectionCache::Lookup lookup = cache.answered("t");
    QCOMPARE(lookup.status, IntrospectionCache::Lookup::Status::Failed);
    QVERIFY(lookup.error.contains(u"no introspection client"_s));
}

QTEST_GUILESS_MAIN(TestResourceIntrospection)
#include "tst_resourceintrospection.moc"
