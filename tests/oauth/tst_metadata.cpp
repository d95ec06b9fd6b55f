// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/key.h"
#include "oauth/endpoints/metadata.h"
#include "oauth/protocolregistry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void authorizationServer();
    void jwkSet();
    void emptyJwkSet();
};

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        result.append(item.toString());
    return result;
}

} // namespace

void TestMetadata::authorizationServer()
{
    const QString issuer = u"http://localhost:8085/ms-auth-server"_s;
    const QJsonObject metadata = Metadata::authorizationServer(
        issuer, Configuration::defaults(), ProtocolRegistry::instance());

    QCOMPARE(metadata.value("issuer"_L1).toString(), issuer);
    QCOMPARE(metadata.value("token_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/oauth2/token"_s);
    QCOMPARE(metadata.value("jwks_uri"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/oauth2/jwks"_s);
    QCOMPARE(strings(metadata.value("token_endpoint_auth_methods_supported"_L1)),
        (QStringList {u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
            u"private_key_jwt"_s, u"none"_s}));
    // RFC 8414 §2: required with the JWT methods; what they accept, never "none".
    QCOMPARE(strings(metadata.value("token_endpoint_auth_signing_alg_values_supported"_L1)),
        (QStringList {u"HS256"_s, u"HS384"_s, u"HS512"_s, u"RS256"_s, u"RS384"_s, u"RS512"_s,
            u"PS256"_s, u"PS384"_s, u"PS512"_s, u"ES256"_s, u"ES384"_s, u"ES512"_s, u"EdDSA"_s}));
    QCOMPARE(strings(metadata.value("grant_types_supported"_L1)),
        (QStringList {u"authorization_code"_s, u"client_credentials"_s, u"refresh_token"_s}));
    QCOMPARE(strings(metadata.value("scopes_supported"_L1)),
        (QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s, u"openid"_s,
            u"profile"_s, u"email"_s}));
    // REQUIRED by RFC 8414 §2; the authorization endpoint answers with a code (RFC 6749 §4.1).
    QCOMPARE(strings(metadata.value("response_types_supported"_L1)), QStringList {u"code"_s});
    QCOMPARE(strings(metadata.value("response_modes_supported"_L1)), QStringList {u"query"_s});
    QCOMPARE(strings(metadata.value("code_challenge_methods_supported"_L1)),
        (QStringList {u"S256"_s, u"plain"_s}));
    // RFC 9207 §3: every authorization response carries iss.
    QCOMPARE(metadata.value("authorization_response_iss_parameter_supported"_L1), QJsonValue(true));
    QCOMPARE(metadata.value("authorization_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/oauth2/authorize"_s);
    QCOMPARE(metadata.value("userinfo_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/userinfo"_s);
    QCOMPARE(metadata.value("end_session_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/connect/logout"_s);
    QCOMPARE(metadata.value("introspection_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/oauth2/introspect"_s);
    QCOMPARE(metadata.value("revocation_endpoint"_L1).toString(),
        u"http://localhost:8085/ms-auth-server/oauth2/revoke"_s);
    for (const auto member : {"introspection_endpoint_auth_methods_supported"_L1,
             "revocation_endpoint_auth_methods_supported"_L1}) {
        QCOMPARE(strings(metadata.value(member)),
            (QStringList {u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
                u"private_key_jwt"_s}));
    }
    // Only what the server really supports (no device flow, no PAR).
    for (const auto name : {"device_authorization_endpoint"_L1,
             "pushed_authorization_request_endpoint"_L1, "registration_endpoint"_L1}) {
        QVERIFY2(!metadata.contains(name), name.data());
    }
    QCOMPARE(metadata.size(), 18);
}

void TestMetadata::jwkSet()
{
    const Key first = Key::generateRsa();
    const Key second = Key::generateRsa();
    QVERIFY(!first.isNull());
    QVERIFY(!second.isNull());

    // The signing key usually appears twice in a snapshot's lists: published once.
    const QJsonObject set = Metadata::jwkSet({first, second, first, Key()});
    const QJsonArray keys = set.value("keys"_L1).toArray();
    QCOMPARE(keys.size(), 2);
    const QList<Key> expected {first, second};
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonObject jwk = keys.at(i).toObject();
        QCOMPARE(jwk.value("kid"_L1).toString(), expected.at(i).thumbprint());
        QCOMPARE(jwk.value("use"_L1).toString(), u"sig"_s);
        QCOMPARE(jwk.value("alg"_L1).toString(), u"RS256"_s);
        QCOMPARE(jwk.value("kty"_L1).toString(), u"RSA"_s);
        QCOMPARE(jwk.value("n"_L1), expected.at(i).publicJwk().value("n"_L1));
        QCOMPARE(jwk.value("e"_L1), expected.at(i).publicJwk().value("e"_L1));
        // Never a private member.
        for (const auto name : {"d"_L1, "p"_L1, "q"_L1, "dp"_L1, "dq"_L1, "qi"_L1})
            QVERIFY(!jwk.contains(name));
    }
}

void TestMetadata::emptyJwkSet()
{
    const QJsonObject set = Metadata::jwkSet({});
    QVERIFY(set.value("keys"_L1).isArray());
    QVERIFY(set.value("keys"_L1).toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
