// SPDX-License-Identifier: GPL-3.0-or-later
// client_secret_jwt and private_key_jwt (RFC 7523 §3, RFC 7521 §4.2) through the token endpoint:
// every check of the assertion, each with the reason it gives, replay, the algorithm allow-lists,
// the short-secret rule of RFC 7518 §3.2, and a jwksUri client's keys from the JwksCache
// (fetched ahead, fetched again on an unknown kid at most once per cooldown, waiting meanwhile).
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "oauth/clientauth/clientassertion.h"
#include "oauth/clientauth/clientauthservices.h"
#include "oauth/endpoints/metadata.h"
#include "oauth/endpoints/tokenendpoint.h"
#include "oauth/protocolregistry.h"
#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"
#include "store/replaycache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1700000000000;
constexpr qint64 NowSecs = Now / 1000;
const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;
const QString TokenUrl = Issuer + u"/oauth2/token"_s;
const QString JwtBearer = u"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"_s;
const QString JwksUri = u"http://127.0.0.1:1/jwks"_s;
const QString LongSecret = u"jwt-secret-client-secret-with-32-bytes"_s; // 38 bytes
const QString ShortSecret = u"client_secret_jwt_password"_s; // 26 bytes

QJsonObject publicJwk(const Key &key, const QString &kid, const QString &alg = {})
{
    QJsonObject jwk = key.publicJwk();
    jwk.insert(u"kid"_s, kid);
    if (!alg.isEmpty())
        jwk.insert(u"alg"_s, alg);
    return jwk;
}

QJsonObject jwkSet(const QList<QJsonObject> &keys)
{
    QJsonArray array;
    for (const QJsonObject &key : keys)
        array.append(key);
    return QJsonObject {{u"keys"_s, array}};
}

// "patch": a null member removes it, any other value sets it.
QJsonObject patched(QJsonObject object, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            object.remove(it.key());
        else
            object.insert(it.key(), it.value());
    }
    return object;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestClientAssertion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void checks_data();
    void checks();
    void notAJwt_data();
    void notAJwt();
    void duplicateHeaderMember();
    void repeatedParameters();
    void replayIsRefused();
    void replayCacheFull();
    void jwksUriKeysWaitForTheFetch();
    void unknownKidRefetchesWithCooldown();
    void failedFetchIsReportedUntilCooldown();
    void metadataListsMethodsAndAlgorithms();
    void allowLists();

private:
    struct Keys
    {
        Key rsa, rsaSmall, ec, ec384, ed, other;
    };
    const Key &key(const QString &name) const;
    QByteArray assertion(const QString &clientId, const QString &alg, const QString &keyName,
        const QJsonObject &headerPatch = {}, const QJsonObject &claimsPatch = {}) const;
    HttpRequest request(const QString &clientId, const QByteArray &assertion,
        const QList<QPair<QString, QString>> &formPatch = {}) const;
    TokenEndpointOutcome handle(const HttpRequest &request, DeferredWait *deferral = nullptr);

    Keys m_keys;
    Key m_secret, m_shortSecret;
    std::unique_ptr<Registry> m_registry;
    ManualClock m_clock {Now};
    ReplayCache m_replay;
    JwksCache m_jwks;
    ClientAuthServices m_services;
    TokenEndpoint m_endpoint;
    QStringList m_fetches; // what the fake fetcher was asked for
    mutable int m_jti = 0;
};

const Key &TestClientAssertion::key(const QString &name) const
{
    if (name == "hs"_L1)
        return m_secret;
    if (name == "short"_L1)
        return m_shortSecret;
    if (name == "rsa-small"_L1)
        return m_keys.rsaSmall;
    if (name == "ec"_L1)
        return m_keys.ec;
    if (name == "ec384"_L1)
        return m_keys.ec384;
    if (name == "ed"_L1)
        return m_keys.ed;
    if (name == "other"_L1)
        return m_keys.other;
    return m_keys.rsa;
}

void TestClientAssertion::initTestCase()
{
    m_keys.rsa = Key::generateRsa(2048);
    m_keys.rsaSmall = Key::generateRsa(1024);
    m_keys.ec = Key::generateEc(256);
    m_keys.ec384 = Key::generateEc(384);
    m_keys.ed = Key::generateEd25519();
    m_keys.other = Key::generateRsa(2048);
    m_secret = Key::fromSecret(LongSecret.toUtf8());
    m_shortSecret = Key::fromSecret(ShortSecret.toUtf8());

    Configuration config;
    config.scopes = {{u"country.read"_s, QString()}};
    ClientRegistration base;
    base.grantTypes = {GrantType::ClientCredentials.toString()};
    base.scopes = {u"country.read"_s};
    base.accessTokenLifetimeSeconds = 300;

    ClientRegistration hs = base;
    hs.clientId = u"hs-client"_s;
    hs.clientSecret = LongSecret;
    hs.authenticationMethods = {AuthMethod::ClientSecretJwt.toString()};
    config.clients.append(hs);

    ClientRegistration shortSecret = base;
    shortSecret.clientId = u"client_secret_jwt_client"_s;
    shortSecret.clientSecret = ShortSecret;
    shortSecret.authenticationMethods
        = {AuthMethod::ClientSecretJwt.toString(), AuthMethod::ClientSecretPost.toString()};
    config.clients.append(shortSecret);

    ClientRegistration inlineKeys = base;
    inlineKeys.clientId = u"pk-inline"_s;
    inlineKeys.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    inlineKeys.jwks = jwkSet({publicJwk(m_keys.rsa, u"rsa"_s), publicJwk(m_keys.ec, u"ec"_s),
        publicJwk(m_keys.ec384, u"ec384"_s, u"ES384"_s), publicJwk(m_keys.ed, u"ed"_s),
        publicJwk(m_keys.rsaSmall, u"rsa-small"_s)});
    config.clients.append(inlineKeys);

    ClientRegistration shortLived = inlineKeys;
    shortLived.clientId = u"pk-short-lived"_s;
    shortLived.assertionMaxLifetimeSeconds = 60;
    config.clients.append(shortLived);

    ClientRegistration uriKeys = base;
    uriKeys.clientId = u"pk-uri"_s;
    uriKeys.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    uriKeys.jwksUri = JwksUri;
    config.clients.append(uriKeys);

    ClientRegistration postOnly = base;
    postOnly.clientId = u"post-only"_s;
    postOnly.clientSecret = LongSecret;
    postOnly.authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    config.clients.append(postOnly);

    m_registry = std::make_unique<Registry>(config, Key::generateRsa(2048));
    m_services = ClientAuthServices {&m_replay, &m_jwks};
    m_jwks.setFetcher([this](const QString &uri) { m_fetches.append(uri); });
}

QByteArray TestClientAssertion::assertion(const QString &clientId, const QString &alg,
    const QString &keyName, const QJsonObject &headerPatch, const QJsonObject &claimsPatch) const
{
    QJsonObject header {{u"alg"_s, alg}};
    if (!keyName.startsWith(u"hs") && keyName != "short"_L1)
        header.insert(u"kid"_s, keyName == "other"_L1 ? u"rsa"_s : keyName);
    const QJsonObject claims {
        {u"iss"_s, clientId},
        {u"sub"_s, clientId},
        {u"aud"_s, TokenUrl},
        {u"exp"_s, NowSecs + 60},
        {u"iat"_s, NowSecs},
        {u"jti"_s, u"jti-%1"_s.arg(++m_jti)},
    };
    const QByteArray headerJson = compactJson(patched(header, headerPatch));
    const QByteArray claimsJson = compactJson(patched(claims, claimsPatch));
    const QString effectiveAlg = patched(header, headerPatch).value("alg"_L1).toString();
    QByteArray signed_ = Jws::compact(headerJson, claimsJson, effectiveAlg, key(keyName));
    if (signed_.isEmpty()) {
        // An algorithm the key cannot sign with (none, a made-up one): an unsigned JWS.
        signed_ = Base64Url::encode(headerJson) + '.' + Base64Url::encode(claimsJson) + '.';
    }
    return signed_;
}

HttpRequest TestClientAssertion::request(const QString &clientId, const QByteArray &assertion,
    const QList<QPair<QString, QString>> &formPatch) const
{
    QList<QPair<QString, QString>> form {
        {u"grant_type"_s, u"client_credentials"_s},
        {u"client_id"_s, clientId},
        {u"client_assertion_type"_s, JwtBearer},
        {u"client_assertion"_s, QString::fromLatin1(assertion)},
    };
    for (const auto &[name, value] : formPatch) {
        form.removeIf([&name](const QPair<QString, QString> &pair) { return pair.first == name; });
        if (!value.isNull())
            form.append({name, value});
    }
    QUrlQuery query;
    for (const auto &[name, value] : std::as_const(form))
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
            QString::fromLatin1(QUrl::toPercentEncoding(value)));
    HttpRequest request;
    request.method = "POST"_ba;
    request.path = "/ms-auth-server/oauth2/token"_ba;
    request.body = query.query(QUrl::FullyEncoded).toLatin1();
    request.headers.append({"Content-Type"_ba, "application/x-www-form-urlencoded"_ba});
    return request;
}

TokenEndpointOutcome TestClientAssertion::handle(const HttpRequest &request, DeferredWait *deferral)
{
    TokenContext context {m_registry->snapshot(), Issuer, m_clock.currentMSecsSinceEpoch()};
    context.endpointUrl = TokenUrl;
    context.clientAuth = &m_services;
    context.deferral = deferral;
    return m_endpoint.handle(request, context);
}

void TestClientAssertion::checks_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QJsonObject>("headerPatch");
    QTest::addColumn<QJsonObject>("claimsPatch");
    QTest::addColumn<QString>("typePatch"); // client_assertion_type; "-" removes it
    QTest::addColumn<QString>("clientIdPatch"); // client_id; "-" removes it
    QTest::addColumn<QString>("description"); // empty: a token is issued

    const QJsonValue null(QJsonValue::Null);
    const auto row = [](const char *name) {
        return &QTest::newRow(name);
    };
    *row("HS256") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("RS256") << u"pk-inline"_s << u"RS256"_s << u"rsa"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("RS512") << u"pk-inline"_s << u"RS512"_s << u"rsa"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("PS256") << u"pk-inline"_s << u"PS256"_s << u"rsa"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("ES256") << u"pk-inline"_s << u"ES256"_s << u"ec"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("ES384") << u"pk-inline"_s << u"ES384"_s << u"ec384"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("EdDSA") << u"pk-inline"_s << u"EdDSA"_s << u"ed"_s << QJsonObject() << QJsonObject()
                  << QString() << QString() << QString();
    *row("no kid: every key of the alg's type is tried")
        << u"pk-inline"_s << u"ES256"_s << u"ec"_s << QJsonObject {{u"kid"_s, null}}
        << QJsonObject() << QString() << QString() << QString();
    *row("without client_id") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                              << QJsonObject() << QString() << u"-"_s << QString();
    *row("aud is the issuer") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                              << QJsonObject {{u"aud"_s, Issuer}} << QString() << QString()
                              << QString();
    *row("aud array naming the endpoint")
        << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
        << QJsonObject {{u"aud"_s, QJsonArray {u"https://elsewhere"_s, TokenUrl}}} << QString()
        << QString() << QString();
    *row("expired within the skew")
        << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
        << QJsonObject {{u"exp"_s, NowSecs - 10}, {u"iat"_s, NowSecs - 30}} << QString()
        << QString() << QString();
    *row("no iat, no nbf") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                           << QJsonObject {{u"iat"_s, null}} << QString() << QString() << QString();

    // The parameters.
    *row("wrong client_assertion_type")
        << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject() << QJsonObject()
        << u"urn:ietf:params:oauth:client-assertion-type:saml2-bearer"_s << QString()
        << u"client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer"_s;
    *row("client_assertion_type missing")
        << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject() << QJsonObject() << u"-"_s
        << QString() << u"client_assertion_type is missing"_s;
    *row("client_id differs") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                              << QJsonObject() << QString() << u"post-only"_s
                              << u"client_id does not match the client_assertion's iss and sub"_s;

    // The algorithm.
    *row("alg none") << u"pk-inline"_s << u"none"_s << u"rsa"_s << QJsonObject() << QJsonObject()
                     << QString() << QString()
                     << u"alg none is never accepted: the client_assertion must be signed"_s;
    *row("alg missing") << u"pk-inline"_s << u"RS256"_s << u"rsa"_s
                        << QJsonObject {{u"alg"_s, null}} << QJsonObject() << QString() << QString()
                        << u"the client_assertion header has no alg"_s;
    *row("HS not in the HMAC list")
        << u"hs-client"_s << u"HS1"_s << u"hs"_s << QJsonObject() << QJsonObject() << QString()
        << QString()
        << u"alg HS1 is not accepted for client_secret_jwt (accepted: HS256, HS384, HS512)"_s;
    *row("RS1 not in the key list")
        << u"pk-inline"_s << u"RS1"_s << u"rsa"_s << QJsonObject() << QJsonObject() << QString()
        << QString()
        << u"alg RS1 is not accepted for private_key_jwt (accepted: RS256, RS384, RS512, "
           "PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)"_s;
    *row("crit header") << u"hs-client"_s << u"HS256"_s << u"hs"_s
                        << QJsonObject {{u"crit"_s, QJsonArray {u"exp"_s}}} << QJsonObject()
                        << QString() << QString()
                        << u"the client_assertion header has crit, and this server understands "
                           "no JWS extension (RFC 7515 section 4.1.11)"_s;
    *row("alg does not fit the kid's key type (EC key, RS256)")
        << u"pk-inline"_s << u"RS256"_s << u"rsa"_s << QJsonObject {{u"kid"_s, u"ec"_s}}
        << QJsonObject() << QString() << QString()
        << u"the header alg does not match the key type: RS256 needs an RSA key, not an EC "
           "P-256 key (kid ec)"_s;
    *row("alg does not fit the curve (ES384 on P-256)")
        << u"pk-inline"_s << u"ES384"_s << u"ec384"_s << QJsonObject {{u"kid"_s, u"ec"_s}}
        << QJsonObject() << QString() << QString()
        << u"the header alg does not match the key type: ES384 needs an EC P-384 key, not an EC "
           "P-256 key (kid ec)"_s;
    *row("alg differs from the JWK's alg")
        << u"pk-inline"_s << u"ES256"_s << u"ec384"_s << QJsonObject() << QJsonObject() << QString()
        << QString()
        << u"the header alg does not match the key type: the key ec384 is for ES384, not ES256"_s;
    *row("EdDSA with an RSA kid")
        << u"pk-inline"_s << u"EdDSA"_s << u"ed"_s << QJsonObject {{u"kid"_s, u"rsa"_s}}
        << QJsonObject() << QString() << QString()
        << u"the header alg does not match the key type: EdDSA needs an Ed25519 key, not an "
           "RSA 2048-bit key (kid rsa)"_s;
    *row("RSA key under 2048 bits")
        << u"pk-inline"_s << u"RS256"_s << u"rsa-small"_s << QJsonObject() << QJsonObject()
        << QString() << QString()
        << u"the header alg does not match the key type: RS256 needs an RSA key of at least "
           "2048 bits (RFC 7518 section 3.3), not an RSA 1024-bit key (kid rsa-small)"_s;
    *row("unknown kid in the inline set")
        << u"pk-inline"_s << u"RS256"_s << u"rsa"_s << QJsonObject {{u"kid"_s, u"nope"_s}}
        << QJsonObject() << QString() << QString()
        << u"no key with kid nope in the client's registered JWK set"_s;
    *row("short secret, HS256")
        << u"client_secret_jwt_client"_s << u"HS256"_s << u"short"_s << QJsonObject()
        << QJsonObject() << QString() << QString()
        << u"the client secret is 26 bytes, too short for HS256, which needs a key of at least "
           "32 bytes (RFC 7518 section 3.2)"_s;
    *row("38-byte secret, HS512")
        << u"hs-client"_s << u"HS512"_s << u"hs"_s << QJsonObject() << QJsonObject() << QString()
        << QString()
        << u"the client secret is 38 bytes, too short for HS512, which needs a key of at least "
           "64 bytes (RFC 7518 section 3.2)"_s;

    // The signature and the client: one description, whatever the reason.
    const QString notVerified = u"the client_assertion could not be verified for this client"_s;
    *row("signed with another key") << u"pk-inline"_s << u"RS256"_s << u"other"_s << QJsonObject()
                                    << QJsonObject() << QString() << QString() << notVerified;
    *row("HMAC with another secret") << u"hs-client"_s << u"HS256"_s << u"short"_s << QJsonObject()
                                     << QJsonObject() << QString() << QString() << notVerified;
    *row("unknown client") << u"nobody"_s << u"HS256"_s << u"hs"_s << QJsonObject() << QJsonObject()
                           << QString() << QString() << notVerified;
    *row("client not registered for client_secret_jwt")
        << u"post-only"_s << u"HS256"_s << u"hs"_s << QJsonObject() << QJsonObject() << QString()
        << QString() << notVerified;
    *row("client not registered for private_key_jwt")
        << u"hs-client"_s << u"RS256"_s << u"rsa"_s << QJsonObject() << QJsonObject() << QString()
        << QString() << notVerified;

    // The claims.
    *row("iss missing") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                        << QJsonObject {{u"iss"_s, null}} << QString() << QString()
                        << u"the client_assertion has no iss claim (it must be the client id)"_s;
    *row("sub missing") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                        << QJsonObject {{u"sub"_s, null}} << QString() << QString()
                        << u"the client_assertion has no sub claim (it must be the client id)"_s;
    *row("iss and sub differ") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                               << QJsonObject {{u"sub"_s, u"post-only"_s}} << QString() << QString()
                               << u"the client_assertion's iss and sub differ; both must be the "
                                  "client id (RFC 7523 section 3)"_s;
    *row("aud missing") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                        << QJsonObject {{u"aud"_s, null}} << QString() << QString()
                        << u"the client_assertion has no aud claim; it must name "_s + TokenUrl;
    *row("aud elsewhere") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                          << QJsonObject {{u"aud"_s, u"http://localhost:9000/oauth2/token"_s}}
                          << QString() << QString()
                          << u"the client_assertion's aud must contain %1 or the issuer %2"_s.arg(
                                 TokenUrl, Issuer);
    *row("exp missing") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                        << QJsonObject {{u"exp"_s, null}} << QString() << QString()
                        << u"the client_assertion has no exp claim (RFC 7523 section 3)"_s;
    *row("exp a string") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                         << QJsonObject {{u"exp"_s, u"tomorrow"_s}} << QString() << QString()
                         << u"the client_assertion's exp is not a NumericDate (seconds since "
                            "1970)"_s;
    *row("expired") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                    << QJsonObject {{u"exp"_s, NowSecs - 120}} << QString() << QString()
                    << u"the client_assertion expired at 2023-11-14T22:11:20Z (120 s ago)"_s;
    *row("exp too far away") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                             << QJsonObject {{u"exp"_s, NowSecs + 7200}} << QString() << QString()
                             << u"the client_assertion's exp is 7200 s away; this client "
                                "accepts assertions valid for at most 3600 s"_s;
    *row("exp beyond the client's own maximum")
        << u"pk-short-lived"_s << u"RS256"_s << u"rsa"_s << QJsonObject()
        << QJsonObject {{u"exp"_s, NowSecs + 300}} << QString() << QString()
        << u"the client_assertion's exp is 300 s away; this client accepts assertions valid "
           "for at most 60 s"_s;
    *row("nbf in the future") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                              << QJsonObject {{u"nbf"_s, NowSecs + 40}} << QString() << QString()
                              << u"the client_assertion is not valid before 2023-11-14T22:14:00Z "
                                 "(in 40 s)"_s;
    *row("iat in the future") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                              << QJsonObject {{u"iat"_s, NowSecs + 40}} << QString() << QString()
                              << u"the client_assertion's iat 2023-11-14T22:14:00Z is in the "
                                 "future (in 40 s)"_s;
    *row("exp before iat") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                           << QJsonObject {{u"iat"_s, NowSecs}, {u"exp"_s, NowSecs - 5}}
                           << QString() << QString()
                           << u"the client_assertion's exp is not after its iat"_s;
    *row("jti missing") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                        << QJsonObject {{u"jti"_s, null}} << QString() << QString()
                        << u"the client_assertion has no jti claim, which this server requires "
                           "to refuse replays (RFC 7523 section 3)"_s;
    *row("jti empty") << u"hs-client"_s << u"HS256"_s << u"hs"_s << QJsonObject()
                      << QJsonObject {{u"jti"_s, QString()}} << QString() << QString()
                      << u"the client_assertion has no jti claim, which this server requires to "
                         "refuse replays (RFC 7523 section 3)"_s;
}

void TestClientAssertion::checks()
{
    QFETCH(QString, clientId);
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(QJsonObject, headerPatch);
    QFETCH(QJsonObject, claimsPatch);
    QFETCH(QString, typePatch);
    QFETCH(QString, clientIdPatch);
    QFETCH(QString, description);

    QList<QPair<QString, QString>> form;
    if (!typePatch.isEmpty())
        form.append({u"client_assertion_type"_s, typePatch == "-"_L1 ? QString() : typePatch});
    if (!clientIdPatch.isEmpty())
        form.append({u"client_id"_s, clientIdPatch == "-"_L1 ? QString() : clientIdPatch});
    const TokenEndpointOutcome outcome = handle(
        request(clientId, assertion(clientId, alg, keyName, headerPatch, claimsPatch), form));
    const QJsonObject body = QJsonDocument::fromJson(outcome.response.body).object();
    if (description.isEmpty()) {
        QCOMPARE(outcome.response.status, 200);
        QVERIFY(body.contains("access_token"_L1));
        QCOMPARE(outcome.decision.clientId, clientId);
        QCOMPARE(outcome.decision.authenticationMethod,
            alg.startsWith(u"HS") ? u"client_secret_jwt"_s : u"private_key_jwt"_s);
        return;
    }
    QCOMPARE(outcome.response.status, 401);
    QCOMPARE(body.value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(body.value("error_description"_L1).toString(), description);
    QVERIFY(!outcome.decision.reason.isEmpty());
}

void TestClientAssertion::notAJwt_data()
{
    QTest::addColumn<QByteArray>("assertion");
    QTest::addColumn<QString>("description");
    QTest::newRow("one part") << "abc"_ba
                              << u"client_assertion is not a JWT (three base64url parts "
                                 "separated by dots)"_s;
    QTest::newRow("JWE") << "a.b.c.d.e"_ba
                         << u"client_assertion is an encrypted JWT (JWE); a signed JWT is "
                            "expected"_s;
    QTest::newRow("header not base64url")
        << "*.e30.c2ln"_ba << u"the client_assertion header is not base64url"_s;
    QTest::newRow("header not JSON") << (Base64Url::encode("alg") + ".e30.c2ln")
                                     << u"the client_assertion header is not a JSON object"_s;
    QTest::newRow("payload not JSON")
        << (Base64Url::encode(R"({"alg":"RS256"})") + '.' + Base64Url::encode("[1]") + ".c2ln")
        << u"the client_assertion payload is not a JSON object"_s;
    QTest::newRow("empty") << QByteArray() << u"client_assertion is missing"_s;
}

void TestClientAssertion::notAJwt()
{
    QFETCH(QByteArray, assertion);
    QFETCH(QString, description);
    const TokenEndpointOutcome outcome = handle(request(u"pk-inline"_s, assertion));
    QCOMPARE(outcome.response.status, 401);
    const QJsonObject body = QJsonDocument::fromJson(outcome.response.body).object();
    QCOMPARE(body.value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(body.value("error_description"_L1).toString(), description);
}

void TestClientAssertion::duplicateHeaderMember()
{
    // {"alg":"RS256","alg":"none"}: a header that says two things is refused.
    const QByteArray header = R"({"alg":"RS256","kid":"rsa","alg":"none"})";
    const QByteArray claims = compactJson({{u"iss"_s, u"pk-inline"_s}, {u"sub"_s, u"pk-inline"_s},
        {u"aud"_s, TokenUrl}, {u"exp"_s, NowSecs + 60}, {u"jti"_s, u"dup"_s}});
    const QByteArray jwt = Jws::compact(header, claims, u"RS256"_s, m_keys.rsa);
    QVERIFY(!jwt.isEmpty());
    const TokenEndpointOutcome outcome = handle(request(u"pk-inline"_s, jwt));
    QCOMPARE(outcome.response.status, 401);
    QCOMPARE(QJsonDocument::fromJson(outcome.response.body)
                 .object()
                 .value("error_description"_L1)
                 .toString(),
        u"the client_assertion header has the member 'alg' twice"_s);
}

void TestClientAssertion::repeatedParameters()
{
    const QByteArray jwt = assertion(u"hs-client"_s, u"HS256"_s, u"hs"_s);
    HttpRequest twice = request(u"hs-client"_s, jwt);
    twice.body += "&client_assertion=" + jwt;
    TokenEndpointOutcome outcome = handle(twice);
    QCOMPARE(outcome.response.status, 401);
    QVERIFY(outcome.response.body.contains("client_assertion is repeated"));

    twice = request(u"hs-client"_s, jwt);
    twice.body += "&client_assertion_type=" + QUrl::toPercentEncoding(JwtBearer);
    outcome = handle(twice);
    QCOMPARE(outcome.response.status, 401);
    QVERIFY(outcome.response.body.contains("client_assertion_type is repeated"));
}

void TestClientAssertion::replayIsRefused()
{
    const QByteArray jwt = assertion(
        u"pk-inline"_s, u"ES256"_s, u"ec"_s, QJsonObject(), QJsonObject {{u"jti"_s, u"once"_s}});
    QCOMPARE(handle(request(u"pk-inline"_s, jwt)).response.status, 200);
    const TokenEndpointOutcome again = handle(request(u"pk-inline"_s, jwt));
    QCOMPARE(again.response.status, 401);
    QCOMPARE(QJsonDocument::fromJson(again.response.body)
                 .object()
                 .value("error_description"_L1)
                 .toString(),
        u"the client_assertion's jti was already used; an assertion is accepted once (RFC 7523 "
        "section 3)"_s);

    // The same jti from another client is another assertion.
    const QByteArray other = assertion(
        u"hs-client"_s, u"HS256"_s, u"hs"_s, QJsonObject(), QJsonObject {{u"jti"_s, u"once"_s}});
    QCOMPARE(handle(request(u"hs-client"_s, other)).response.status, 200);

    // A refused assertion (a bad signature) does not use up its jti.
    const QByteArray forged = assertion(u"pk-inline"_s, u"RS256"_s, u"other"_s, QJsonObject(),
        QJsonObject {{u"jti"_s, u"victim"_s}});
    QCOMPARE(handle(request(u"pk-inline"_s, forged)).response.status, 401);
    const QByteArray genuine = assertion(
        u"pk-inline"_s, u"RS256"_s, u"rsa"_s, QJsonObject(), QJsonObject {{u"jti"_s, u"victim"_s}});
    QCOMPARE(handle(request(u"pk-inline"_s, genuine)).response.status, 200);
}

void TestClientAssertion::replayCacheFull()
{
    // The cache itself: bounded, entries expire with their assertion, never forgets a live one.
    ReplayCache cache(2);
    QCOMPARE(cache.record(u"a"_s, Now + 1000, Now), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.record(u"a"_s, Now + 1000, Now + 999), ReplayCache::Outcome::Replayed);
    QCOMPARE(cache.record(u"b"_s, Now + 5000, Now), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.record(u"c"_s, Now + 5000, Now), ReplayCache::Outcome::Full);
    QCOMPARE(cache.size(), 2);
    // "a" expires: its place is free and "a" may be used again (its assertion is expired).
    QCOMPARE(cache.record(u"c"_s, Now + 5000, Now + 1000), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.record(u"a"_s, Now + 9000, Now + 1000), ReplayCache::Outcome::Full);
    QCOMPARE(cache.record(u"b"_s, Now + 9000, Now + 1000), ReplayCache::Outcome::Replayed);
    QCOMPARE(cache.record(u"a"_s, Now + 9000, Now + 5000), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.size(), 1);
}

void TestClientAssertion::jwksUriKeysWaitForTheFetch()
{
    const QString uri = JwksUri;
    const QByteArray jwt = assertion(u"pk-uri"_s, u"RS256"_s, u"rsa"_s);

    // Nothing fetched yet: the fetch starts, the answer waits for it.
    m_fetches.clear();
    DeferredWait deferral;
    TokenEndpointOutcome outcome = handle(request(u"pk-uri"_s, jwt), &deferral);
    QCOMPARE(outcome.response.status, 401);
    QVERIFY(outcome.response.body.contains("is being fetched"));
    QCOMPARE(m_fetches, QStringList {uri});
    QVERIFY(bool(deferral));
    bool resumed = false;
    deferral([&resumed] { resumed = true; });
    QVERIFY(!resumed); // not before the fetch ends

    QString error;
    const std::optional<ClientJwkSet> set
        = ClientJwks::parse(jwkSet({publicJwk(m_keys.rsa, u"rsa"_s)}), &error);
    QVERIFY2(set, qPrintable(error));
    m_jwks.deliver(uri, set, QString(), Now);
    QVERIFY(resumed);

    // Handled again: the keys are there.
    outcome = handle(request(u"pk-uri"_s, jwt));
    QCOMPARE(outcome.response.status, 200);
    QCOMPARE(m_fetches.size(), 1);
}

void TestClientAssertion::unknownKidRefetchesWithCooldown()
{
    // Runs after jwksUriKeysWaitForTheFetch: the set at JwksUri holds "rsa", fetched at Now.
    QCOMPARE(m_jwks.keys(JwksUri, Now).status, JwksCache::Lookup::Status::Ready);
    QCOMPARE(m_jwks.fetchCount(JwksUri), 1);
    m_fetches.clear();
    const qint64 t1 = Now + JwksCache::DefaultCooldownMSecs;
    m_clock.setMSecsSinceEpoch(t1);

    // The client rotated to an EC key: the unknown kid makes the cache fetch again, and the
    // request waits for it.
    const auto ecAssertion = [this](const QString &jti) {
        return assertion(u"pk-uri"_s, u"ES256"_s, u"ec"_s, QJsonObject(),
            QJsonObject {{u"jti"_s, jti}, {u"exp"_s, NowSecs + 300}});
    };
    DeferredWait deferral;
    TokenEndpointOutcome outcome = handle(request(u"pk-uri"_s, ecAssertion(u"r1"_s)), &deferral);
    QCOMPARE(outcome.response.status, 401);
    QCOMPARE(m_fetches, QStringList {JwksUri});
    QVERIFY(bool(deferral));
    QVERIFY(outcome.response.body.contains("the set is being fetched again"));

    // The set still lacks the kid: refused, and within the cooldown no new fetch.
    QString error;
    m_jwks.deliver(JwksUri, ClientJwks::parse(jwkSet({publicJwk(m_keys.rsa, u"rsa"_s)}), &error),
        QString(), t1);
    m_clock.setMSecsSinceEpoch(t1 + 1000);
    deferral = {};
    outcome = handle(request(u"pk-uri"_s, ecAssertion(u"r2"_s)), &deferral);
    QCOMPARE(outcome.response.status, 401);
    QVERIFY(!deferral);
    QCOMPARE(QJsonDocument::fromJson(outcome.response.body)
                 .object()
                 .value("error_description"_L1)
                 .toString(),
        u"no key with kid ec in the client's JWK set at %1 (fetched 1 s ago; it is fetched "
        "again on an unknown kid at most every 5 s)"_s.arg(JwksUri));
    QCOMPARE(m_fetches.size(), 1);
    QCOMPARE(m_jwks.fetchCount(JwksUri), 2);

    // After the cooldown a new kid fetches again, and this time the set has it.
    m_clock.setMSecsSinceEpoch(t1 + JwksCache::DefaultCooldownMSecs);
    deferral = {};
    outcome = handle(request(u"pk-uri"_s, ecAssertion(u"r3"_s)), &deferral);
    QVERIFY(bool(deferral));
    QCOMPARE(m_fetches.size(), 2);
    m_jwks.deliver(JwksUri,
        ClientJwks::parse(
            jwkSet({publicJwk(m_keys.rsa, u"rsa"_s), publicJwk(m_keys.ec, u"ec"_s)}), &error),
        QString(), m_clock.currentMSecsSinceEpoch());
    outcome = handle(request(u"pk-uri"_s, ecAssertion(u"r3"_s)));
    QCOMPARE(outcome.response.status, 200);
    m_clock.setMSecsSinceEpoch(Now);
}

void TestClientAssertion::failedFetchIsReportedUntilCooldown()
{
    JwksCache cache(5000);
    QStringList fetches;
    cache.setFetcher([&fetches](const QString &uri) { fetches.append(uri); });
    const QString uri = u"http://127.0.0.1:2/jwks"_s;
    cache.prefetch({uri}, Now);
    QCOMPARE(fetches.size(), 1);
    cache.prefetch({uri}, Now + 10); // already started: not again
    QCOMPARE(fetches.size(), 1);
    QCOMPARE(cache.keys(uri, Now + 10).status, JwksCache::Lookup::Status::Pending);
    cache.deliver(uri, std::nullopt, u"cannot reach it"_s, Now + 20);

    JwksCache::Lookup lookup = cache.keys(uri, Now + 100);
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Failed);
    QCOMPARE(lookup.error, u"cannot reach it"_s);
    QCOMPARE(lookup.retryAtMSecs, Now + 5000);
    QCOMPARE(fetches.size(), 1);

    // After the cooldown a lookup fetches again.
    lookup = cache.keys(uri, Now + 5000);
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Pending);
    QCOMPARE(fetches.size(), 2);
    QString error;
    cache.deliver(uri, ClientJwks::parse(jwkSet({publicJwk(m_keys.ed, u"ed"_s)}), &error),
        QString(), Now + 5100);
    QCOMPARE(cache.keys(uri, Now + 5200).status, JwksCache::Lookup::Status::Ready);

    // A later failure keeps the keys fetched before it.
    QCOMPARE(cache.refresh(uri, Now + 20000).status, JwksCache::Lookup::Status::Pending);
    cache.deliver(uri, std::nullopt, u"HTTP 500"_s, Now + 20100);
    lookup = cache.keys(uri, Now + 20200);
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Ready);
    QCOMPARE(lookup.keys.keys.size(), 1);
    QCOMPARE(lookup.error, u"HTTP 500"_s);

    // A set older than the maximum age is fetched again in the background; its keys still answer.
    lookup = cache.keys(uri, Now + 5100 + JwksCache::DefaultMaxAgeMSecs);
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Ready);
    QCOMPARE(fetches.size(), 4);

    // A URI no longer configured is forgotten once its fetch ends.
    cache.deliver(uri, std::nullopt, u"gone"_s, Now + 6000 + JwksCache::DefaultMaxAgeMSecs);
    cache.prefetch({}, Now + 7000 + JwksCache::DefaultMaxAgeMSecs);
    QCOMPARE(cache.fetchCount(uri), 0);
}

void TestClientAssertion::metadataListsMethodsAndAlgorithms()
{
    const QJsonObject metadata = Metadata::authorizationServer(
        Issuer, m_registry->snapshot()->configuration, ProtocolRegistry::instance());
    const QStringList methods
        = metadata.value("token_endpoint_auth_methods_supported"_L1).toVariant().toStringList();
    QVERIFY(methods.contains(u"client_secret_jwt"_s));
    QVERIFY(methods.contains(u"private_key_jwt"_s));
    const QStringList algs = metadata.value("token_endpoint_auth_signing_alg_values_supported"_L1)
                                 .toVariant()
                                 .toStringList();
    QCOMPARE(algs, ClientAssertion::secretAlgorithms() + ClientAssertion::privateKeyAlgorithms());
    QVERIFY(!algs.contains(u"none"_s));
}

void TestClientAssertion::allowLists()
{
    for (const QString &alg : ClientAssertion::secretAlgorithms())
        QVERIFY2(alg.startsWith(u"HS"), qPrintable(alg));
    for (const QString &alg : ClientAssertion::privateKeyAlgorithms())
        QVERIFY2(!alg.startsWith(u"HS") && alg != "none"_L1, qPrintable(alg));
    // Each listed algorithm really verifies with a key of its kind.
    const QList<QPair<QString, Key>> cases {{u"HS256"_s, m_secret}, {u"HS384"_s, m_secret},
        {u"RS384"_s, m_keys.rsa}, {u"PS512"_s, m_keys.rsa}, {u"ES384"_s, m_keys.ec384},
        {u"EdDSA"_s, m_keys.ed}};
    for (const auto &[alg, key] : cases) {
        const QByteArray input = "a.b";
        const QByteArray signature = Jws::sign(input, alg, key);
        QVERIFY2(!signature.isEmpty(), qPrintable(alg));
        QVERIFY2(Jws::verify(input, signature, alg, key), qPrintable(alg));
    }
    QCOMPARE(ClientAssertion::keyMismatch(u"HS384"_s, m_secret),
        u"the client secret is 38 bytes, too short for HS384, which needs a key of at least 48 "
        "bytes (RFC 7518 section 3.2)"_s);
    QVERIFY(ClientAssertion::keyMismatch(u"HS256"_s, m_secret).isEmpty());
    QCOMPARE(ClientAssertion::keyMismatch(u"HS256"_s, m_keys.rsa),
        u"HS256 needs a shared secret, not an RSA 2048-bit key"_s);
}

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "tst_clientassertion.moc"
