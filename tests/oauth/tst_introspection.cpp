// SPDX-License-Identifier: GPL-3.0-or-later
// IntrospectionEndpoint (RFC 7662) and RevocationEndpoint (RFC 7009) as plain classes, with a
// manual clock for expiry and an in-memory token store.
#include "oauth/endpoints/introspectionendpoint.h"
#include "oauth/endpoints/tokenendpoint.h"
#include "oauth/protocolregistry.h"
#include "store/clock.h"
#include "store/registry.h"
#include "store/tokenstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1750000000000; // ms
const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;
const QByteArray Form = "application/x-www-form-urlencoded";

HttpRequest formRequest(const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST";
    request.body = body;
    request.headers = {{"Content-Type", Form}};
    return request;
}

} // namespace

class TestIntrospection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void activeUntilExpiry();
    void notValidBeforeIssue();
    void revokedIsInactiveForEveryone();
    void otherClientCannotRevoke();
    void unknownTokenRevocationIs200WithEmptyBody();
    void errors_data();
    void errors();
    void withoutStoreEverythingIsInactive();
    void signedJwtNotInTheStore();

private:
    TokenContext context()
    {
        return TokenContext {m_registry->snapshot(), Issuer, m_clock.currentMSecsSinceEpoch(), {},
            &m_clock, nullptr, nullptr, &m_tokens};
    }
    QString issue(const QByteArray &credentials);

    ManualClock m_clock {Now};
    std::unique_ptr<Registry> m_registry;
    TokenStore m_tokens;
    const ProtocolRegistry &m_protocol = ProtocolRegistry::instance();
    TokenEndpoint m_token {m_protocol};
    IntrospectionEndpoint m_introspection {m_protocol};
    RevocationEndpoint m_revocation {m_protocol};
};

void TestIntrospection::init()
{
    static const Key key = Key::generateRsa(2048);
    m_registry = std::make_unique<Registry>(Configuration::defaults(), key);
    m_clock.setMSecsSinceEpoch(Now);
}

QString TestIntrospection::issue(const QByteArray &credentials)
{
    const EndpointOutcome outcome = m_token.handle(
        formRequest("grant_type=client_credentials&scope=country.read&" + credentials), context());
    return QJsonDocument::fromJson(outcome.response.body)
        .object()
        .value("access_token"_L1)
        .toString();
}

void TestIntrospection::activeUntilExpiry()
{
    const QString token = issue("client_id=user-client-opaque&client_secret=user-client-secret");
    QCOMPARE(token.size(), 128);
    const QByteArray asOther
        = "&client_id=service-client-jwt&client_secret=service-client-jwt-secret";
    EndpointOutcome active
        = m_introspection.handle(formRequest("token=" + token.toLatin1() + asOther), context());
    QCOMPARE(active.response.status, 200);
    QVERIFY(active.response.body.startsWith(R"({"active":true,"sub":"user-client-opaque")"));
    QVERIFY2(active.decision.reason.contains(u"introspected by \"service-client-jwt\""_s),
        qPrintable(active.decision.reason));

    m_clock.advance(4 * 3600 * 1000 - 1000); // one second before exp
    QVERIFY(m_introspection.handle(formRequest("token=" + token.toLatin1() + asOther), context())
                .response.body.startsWith(R"({"active":true)"));
    m_clock.advance(1000); // exp reached
    const EndpointOutcome expired
        = m_introspection.handle(formRequest("token=" + token.toLatin1() + asOther), context());
    QCOMPARE(expired.response.status, 200);
    QCOMPARE(expired.response.body, R"({"active":false})"_ba);
    QCOMPARE(expired.decision.reason, u"inactive: the token expired"_s);
}

void TestIntrospection::notValidBeforeIssue()
{
    const QString token = issue("client_id=user-client-opaque&client_secret=user-client-secret");
    m_clock.advance(-10000); // a clock set back
    const EndpointOutcome early = m_introspection.handle(
        formRequest("token=" + token.toLatin1()
            + "&client_id=user-client-opaque&client_secret=user-client-secret"),
        context());
    QCOMPARE(early.response.body, R"({"active":false})"_ba);
}

void TestIntrospection::revokedIsInactiveForEveryone()
{
    const QByteArray owner
        = "&client_id=service-client-jwt&client_secret=service-client-jwt-secret";
    const QString jwt = issue(owner.mid(1));
    QCOMPARE(jwt.count(u'.'), 2);
    const EndpointOutcome revoked
        = m_revocation.handle(formRequest("token=" + jwt.toLatin1() + owner), context());
    QCOMPARE(revoked.response.status, 200);
    QVERIFY(revoked.response.body.isEmpty());
    QVERIFY(revoked.response.contentType.isEmpty());
    QCOMPARE(revoked.decision.reason, u"revoked the jwt token"_s);
    for (const QByteArray &who :
        {owner, "&client_id=user-client-opaque&client_secret=user-client-secret"_ba}) {
        const EndpointOutcome after
            = m_introspection.handle(formRequest("token=" + jwt.toLatin1() + who), context());
        QCOMPARE(after.response.body, R"({"active":false})"_ba);
        QCOMPARE(after.decision.reason, u"inactive: the token was revoked"_s);
    }
    // Revoking again: still 200, nothing changes.
    const EndpointOutcome again
        = m_revocation.handle(formRequest("token=" + jwt.toLatin1() + owner), context());
    QCOMPARE(again.response.status, 200);
    QCOMPARE(again.decision.reason, u"the token was already revoked"_s);
}

void TestIntrospection::otherClientCannotRevoke()
{
    const QString token = issue("client_id=user-client-opaque&client_secret=user-client-secret");
    const EndpointOutcome refused
        = m_revocation.handle(formRequest("token=" + token.toLatin1()
                                  + "&client_id=service-client-jwt&"
                                    "client_secret=service-client-jwt-secret"),
            context());
    QCOMPARE(refused.response.status, 401);
    QCOMPARE(QJsonDocument::fromJson(refused.response.body).object().value("error"_L1).toString(),
        u"invalid_client"_s);
    QVERIFY2(refused.decision.reason.contains(u"belongs to client \"user-client-opaque\""_s),
        qPrintable(refused.decision.reason));
    QVERIFY(m_tokens.find(token)->isActiveAt(Now / 1000));
}

void TestIntrospection::unknownTokenRevocationIs200WithEmptyBody()
{
    const EndpointOutcome outcome = m_revocation.handle(
        formRequest("token=nothing&client_id=user-client-opaque&client_secret=user-client-secret"),
        context());
    QCOMPARE(outcome.response.status, 200);
    QVERIFY(outcome.response.body.isEmpty());
}

void TestIntrospection::errors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    const QByteArray client = "&client_id=user-client-opaque&client_secret=user-client-secret";
    QTest::newRow("no client") << "token=x"_ba << 401 << u"invalid_client"_s;
    QTest::newRow("wrong secret") << "token=x&client_id=user-client-opaque&client_secret=no"_ba
                                  << 401 << u"invalid_client"_s;
    QTest::newRow("token missing") << client.mid(1) << 400 << u"invalid_request"_s;
    QTest::newRow("token empty") << "token=" + client << 400 << u"invalid_request"_s;
    QTest::newRow("token repeated") << "token=a&token=b" + client << 400 << u"invalid_request"_s;
    QTest::newRow("hint repeated")
        << "token=a&token_type_hint=x&token_type_hint=y" + client << 400 << u"invalid_request"_s;
}

void TestIntrospection::errors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    for (const Endpoint *endpoint : {static_cast<const Endpoint *>(&m_introspection),
             static_cast<const Endpoint *>(&m_revocation)}) {
        const EndpointOutcome outcome = endpoint->handle(formRequest(body), context());
        QCOMPARE(outcome.response.status, status);
        QCOMPARE(
            QJsonDocument::fromJson(outcome.response.body).object().value("error"_L1).toString(),
            error);
    }
}

void TestIntrospection::withoutStoreEverythingIsInactive()
{
    TokenContext noStore = context();
    noStore.tokens = nullptr;
    const EndpointOutcome outcome = m_introspection.handle(
        formRequest("token=x&client_id=user-client-opaque&client_secret=user-client-secret"),
        noStore);
    QCOMPARE(outcome.response.body, R"({"active":false})"_ba);
}

void TestIntrospection::signedJwtNotInTheStore()
{
    // Issued while tokens were kept elsewhere (another store): the signature vouches for it.
    TokenStore elsewhere;
    TokenContext issuing = context();
    issuing.tokens = &elsewhere;
    const EndpointOutcome issued = m_token.handle(formRequest("grant_type=client_credentials&"
                                                              "client_id=service-client-jwt&"
                                                              "client_secret=service-client-jwt-"
                                                              "secret&scope=country.read"),
        issuing);
    const QString jwt = QJsonDocument::fromJson(issued.response.body)
                            .object()
                            .value("access_token"_L1)
                            .toString();
    QVERIFY(!m_tokens.find(jwt));
    const QByteArray owner
        = "&client_id=service-client-jwt&client_secret=service-client-jwt-secret";
    const EndpointOutcome active
        = m_introspection.handle(formRequest("token=" + jwt.toLatin1() + owner), context());
    const QJsonObject json = QJsonDocument::fromJson(active.response.body).object();
    QCOMPARE(json.value("active"_L1).toBool(), true);
    QCOMPARE(json.value("client_id"_L1).toString(), u"service-client-jwt"_s);
    QCOMPARE(json.value("scope"_L1).toString(), u"country.read"_s);

    // A JWT signed by another key, or with one byte changed, is not this server's.
    QString tampered = jwt;
    tampered[tampered.size() - 5] = tampered.at(tampered.size() - 5) == u'A' ? u'B' : u'A';
    QCOMPARE(m_introspection.handle(formRequest("token=" + tampered.toLatin1() + owner), context())
                 .response.body,
        R"({"active":false})"_ba);

    // Revoking it records it, revoked.
    QCOMPARE(m_revocation.handle(formRequest("token=" + jwt.toLatin1() + owner), context())
                 .response.status,
        200);
    QVERIFY(m_tokens.find(jwt)->revokedAt);
    QCOMPARE(m_introspection.handle(formRequest("token=" + jwt.toLatin1() + owner), context())
                 .response.body,
        R"({"active":false})"_ba);
}

QTEST_GUILESS_MAIN(TestIntrospection)
#include "tst_introspection.moc"
