// SPDX-License-Identifier: GPL-3.0-or-later
// The order of the resource server's decisions and its waits, without HTTP: the JWK set and the
// introspection answers come from functions the test controls.
#include "resource/introspectioncache.h"
#include "resource/protectedresource.h"
#include "store/jwkscache.h"

#include "jose/jws.h"
#include "jose/key.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 NowMSecs = 1800000000000;
const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;

HttpRequest get(const QByteArray &path, const QByteArray &token = {})
{
    HttpRequest request;
    request.method = "GET"_ba;
    request.path = path;
    if (!token.isEmpty())
        request.headers.append({"Authorization", "Bearer " + token});
    return request;
}

} // namespace

class TestProtectedResource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void outsideTheContextPathIs404();
    void noTokenComesBeforeTheRoute();
    void jwtWaitsForTheKeySetThenServes();
    void opaqueWaitsForIntrospection();
    void revokedJwtUnderIntrospection();
    void requestThatCannotWait();
    void scopeFromTheSettings();

private:
    QByteArray jwt(const QJsonArray &scopes = {u"country.read"_s}) const
    {
        const QJsonObject claims {{u"sub"_s, u"c"_s}, {u"client_id"_s, u"c"_s},
            {u"scope"_s, scopes}, {u"iss"_s, Issuer}, {u"exp"_s, NowMSecs / 1000 + 60}};
        const QByteArray header
            = QJsonDocument(QJsonObject {{u"kid"_s, m_key.thumbprint()}, {u"alg"_s, u"RS256"_s}})
                  .toJson(QJsonDocument::Compact);
        return Jws::compact(
            header, QJsonDocument(claims).toJson(QJsonDocument::Compact), u"RS256"_s, m_key);
    }
    // Handles "request" as the server does: once, and again after the wait it asks for.
    ResourceOutcome handle(const HttpRequest &request)
    {
        ResourceOutcome out = m_resource.handle(request, m_context);
        if (!out.response.retryWhen)
            return out;
        bool resumed = false;
        out.response.retryWhen([&resumed] { resumed = true; });
        if (!resumed)
            qWarning("the wait did not end");
        HttpRequest again = request;
        again.mayDefer = false;
        return m_resource.handle(again, m_context);
    }

    Key m_key = Key::generateRsa(2048);
    std::unique_ptr<JwksCache> m_keys;
    std::unique_ptr<IntrospectionCache> m_introspection;
    ProtectedResource m_resource;
    ResourceContext m_context;
    int m_fetches = 0;
    QList<QByteArray> m_introspected;
    std::optional<IntrospectionAnswer> m_answer;
};

void TestProtectedResource::init()
{
    m_keys = std::make_unique<JwksCache>();
    m_introspection = std::make_unique<IntrospectionCache>();
    m_fetches = 0;
    m_introspected.clear();
    m_answer.reset();
    // Fetches and calls are answered at once, from the test's "network".
    m_keys->setFetcher([this](const QString &uri) {
        ++m_fetches;
        ClientJwkSet set;
        set.keys.append(ClientKey {m_key, m_key.thumbprint(), {}, u"sig"_s});
        m_keys->deliver(uri, set, {}, NowMSecs);
    });
    m_introspection->setCaller([this](const QByteArray &token, const IntrospectionCall &call) {
        QCOMPARE(call.url, Issuer + u"/oauth2/introspect"_s);
        m_introspected.append(token);
        m_introspection->deliver(token, m_answer, u"unreachable"_s, NowMSecs);
    });
    m_context = ResourceContext {};
    m_context.issuer = Issuer;
    m_context.baseUrl = u"http://localhost:8091/ms-system"_s;
    m_context.keys = m_keys.get();
    m_context.introspection = m_introspection.get();
    m_context.nowMSecs = NowMSecs;
}

void TestProtectedResource::outsideTheContextPathIs404()
{
    for (const QByteArray &path : {"/other/country"_ba, "/ms-systemx/country"_ba, "/"_ba}) {
        const ResourceOutcome out = handle(get(path, jwt()));
        QCOMPARE(out.response.status, 404);
        QVERIFY(out.response.header("WWW-Authenticate").isEmpty());
    }
    QCOMPARE(m_fetches, 0);
}

void TestProtectedResource::noTokenComesBeforeTheRoute()
{
    const ResourceOutcome out = handle(get("/ms-system/no-such-thing"));
    QCOMPARE(out.response.status, 401);
    QCOMPARE(out.outcome, u"no token"_s);
    QCOMPARE(out.response.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);
}

void TestProtectedResource::jwtWaitsForTheKeySetThenServes()
{
    // The first request finds no set: it waits for the fetch, then is served.
    ResourceOutcome first = m_resource.handle(get("/ms-system/country/code/AUS", jwt()), m_context);
    QVERIFY(first.response.retryWhen);
    QCOMPARE(m_fetches, 1);
    const ResourceOutcome out = handle(get("/ms-system/country/code/AUS", jwt()));
    QCOMPARE(out.response.status, 200);
    QCOMPARE(out.outcome, u"GET /country/code/{code}"_s);
    QCOMPARE(out.clientId, u"c"_s);
    QVERIFY2(out.reason.contains(u"JWT checked locally"_s), qPrintable(out.reason));
    QCOMPARE(m_fetches, 1);
    QVERIFY(m_introspected.isEmpty());
}

void TestProtectedResource::opaqueWaitsForIntrospection()
{
    IntrospectionAnswer active;
    active.active = true;
    active.info.clientId = u"user-client-opaque"_s;
    active.info.scopes = {u"country.read"_s};
    active.info.expiresAt = NowMSecs / 1000 + 60;
    m_answer = active;
    const ResourceOutcome out = handle(get("/ms-system/country", "opaque-token"));
    QCOMPARE(out.response.status, 200);
    QCOMPARE(m_introspected, QList<QByteArray> {"opaque-token"});
    QCOMPARE(out.clientId, u"user-client-opaque"_s);

    m_answer->active = false;
    const ResourceOutcome inactive = handle(get("/ms-system/country", "opaque-token"));
    QCOMPARE(inactive.response.status, 401);
    QVERIFY(inactive.response.header("WWW-Authenticate").contains("not active"));

    m_answer.reset(); // the call fails
    const ResourceOutcome failed = handle(get("/ms-system/country", "opaque-token"));
    QCOMPARE(failed.response.status, 401);
    QVERIFY(failed.response.header("WWW-Authenticate").contains("unreachable"));
}

void TestProtectedResource::revokedJwtUnderIntrospection()
{
    m_context.settings.validation = ResourceServerSettings::Validation::Introspect;
    m_answer = IntrospectionAnswer {}; // active: false
    const ResourceOutcome out = handle(get("/ms-system/country", jwt()));
    QCOMPARE(out.response.status, 401);
    QVERIFY2(out.response.header("WWW-Authenticate").contains("revoked"),
        out.response.header("WWW-Authenticate").constData());
    QCOMPARE(m_fetches, 0); // introspection only
}

void TestProtectedResource::requestThatCannotWait()
{
    HttpRequest request = get("/ms-system/country", "opaque-token");
    request.mayDefer = false;
    const ResourceOutcome out = m_resource.handle(request, m_context);
    QVERIFY(!out.response.retryWhen);
    QCOMPARE(out.response.status, 401);
    QVERIFY(out.response.header("WWW-Authenticate").contains("did not arrive"));
}

void TestProtectedResource::scopeFromTheSettings()
{
    const QByteArray token = jwt({u"customer.read"_s});
    const ResourceOutcome refused = handle(get("/ms-system/country", token));
    QCOMPARE(refused.response.status, 403);
    QCOMPARE(refused.outcome, u"insufficient_scope"_s);
    m_context.settings.routeScopes[1].scope = QString(); // GET /country: any valid token
    QCOMPARE(handle(get("/ms-system/country", token)).response.status, 200);
}

QTEST_GUILESS_MAIN(TestProtectedResource)
#include "tst_protectedresource.moc"
