// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/jwtinspector.h"
#include "jose/base64url.h"
#include "jose/jws.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include "rfcvectors.h"
#include <QTimeZone>

#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace {

// RFC 7515 Appendix A: the payload shared by A.1 to A.3, base64url encoded as the RFC has it
// (with its CRLFs).
const QString rfcPayload
    = u"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
      u"cnVlfQ"_s;

// RFC 7515 Appendix A.1: HS256.
const QString rfc7515A1Token = u"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."_s + rfcPayload
    + u".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_s;
const QString rfc7515A1Jwk
    = uR"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iP)"
      uR"(S4hcgUuTwjAzZr1Z9CAow"})"_s;

// RFC 7515 Appendix A.2: RS256, and the public half of its key.
const QString rfc7515A2Token = u"eyJhbGciOiJSUzI1NiJ9."_s + rfcPayload
    + u".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W"
      u"2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQ"
      u"BMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6Ie"
      u"YI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"_s;
const QJsonObject rfc7515A2PublicJwk = RfcVectors::rfc7515A2PublicJwk();

// RFC 7515 Appendix A.3: ES256.
const QString rfc7515A3Token = u"eyJhbGciOiJFUzI1NiJ9."_s + rfcPayload
    + u".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"_s;
const QString rfc7515A3Jwk
    = uR"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
      uR"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})"_s;

// RFC 8037 Appendix A.4: EdDSA over a payload that is text, not JSON (a JWS, not a JWT).
const QString rfc8037Token
    = u"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PG"
      u"cvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"_s;
const QString rfc8037Jwk
    = uR"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"_s;

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(Base64Url::encode(bytes));
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString jwkSet(const QList<QJsonObject> &keys)
{
    QJsonArray array;
    for (const QJsonObject &key : keys) {
        array.append(key);
    }
    return json(QJsonObject {{u"keys"_s, array}});
}

QJsonObject with(QJsonObject object, const QString &name, const QJsonValue &value)
{
    object.insert(name, value);
    return object;
}

// A token with these exact header and payload bytes, signed with "key" (or with "signature").
QString signedToken(
    const QByteArray &header, const QByteArray &payload, const QString &alg, const Key &key)
{
    return QString::fromLatin1(Jws::compact(header, payload, alg, key));
}

QString unsignedToken(
    const QByteArray &header, const QByteArray &payload, const QByteArray &signature = {})
{
    return b64(header) + u'.' + b64(payload) + u'.' + b64(signature);
}

QString segment(const QString &token, int index)
{
    return token.section(u'.', index, index);
}

QString readData(const QString &name)
{
    QFile file(QStringLiteral(PLAYGROUND_TEST_DATA "/jose/") + name);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// QVERIFY2 evaluates its message even when the check passes.
QString errorText(const JwtDecoding &decoding)
{
    return decoding.error ? decoding.error->message : QString();
}

QString publicPem(const Key &key)
{
    return QString::fromLatin1(key.publicKeyPem());
}

} // namespace

class tst_JwtInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rfcExamples_data();
    void rfcExamples();
    void rfc7515A1SignatureByteForByte();
    void everyAlgorithm_data();
    void everyAlgorithm();
    void notVerified_data();
    void notVerified();
    void algorithmConfusion();
    void kidSelectsTheKey();
    void embeddedServerKeys();
    void weakSecretWarning_data();
    void weakSecretWarning();
    void malformed_data();
    void malformed();
    void decorationsAreRemoved_data();
    void decorationsAreRemoved();
    void encryptedTokenShowsItsHeader();
    void randomBytesNeverCrash();
    void randomMutationsNeverVerify();
    void validity_data();
    void validity();
    void timeClaims();
    void describeRelative_data();
    void describeRelative();
    void keysFromText_data();
    void keysFromText();
    void rowsKeepTheTokenOrder();
    void prettyJson();
    void descriptions_data();
    void descriptions();
    void warnings_data();
    void warnings();

private:
    QHash<QString, Key> m_keys;
};

void tst_JwtInspector::initTestCase()
{
    m_keys.insert(u"RSA"_s, Key::generateRsa(2048));
    m_keys.insert(u"RSA other"_s, Key::generateRsa(2048));
    m_keys.insert(u"P-256"_s, Key::generateEc(256));
    m_keys.insert(u"P-384"_s, Key::generateEc(384));
    m_keys.insert(u"P-521"_s, Key::generateEc(521));
    m_keys.insert(u"Ed25519"_s, Key::generateEd25519());
    m_keys.insert(u"Ed25519 other"_s, Key::generateEd25519());
    m_keys.insert(u"secret"_s, Key::fromSecret(QByteArray(64, 'k')));
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        QVERIFY2(!it.value().isNull(), qPrintable(it.key()));
    }
    QVERIFY(!readData(u"certificate.pem"_s).isEmpty());
}

void tst_JwtInspector::rfcExamples_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("keyText");
    QTest::addColumn<QString>("alg");
    QTest::addColumn<bool>("isJwt");

    QTest::newRow("RFC 7515 A.1 HS256") << rfc7515A1Token << rfc7515A1Jwk << u"HS256"_s << true;
    QTest::newRow("RFC 7515 A.2 RS256")
        << rfc7515A2Token << json(rfc7515A2PublicJwk) << u"RS256"_s << true;
    QTest::newRow("RFC 7515 A.3 ES256") << rfc7515A3Token << rfc7515A3Jwk << u"ES256"_s << true;
    QTest::newRow("RFC 8037 A.4 EdDSA") << rfc8037Token << rfc8037Jwk << u"EdDSA"_s << false;
}

void tst_JwtInspector::rfcExamples()
{
    QFETCH(QString, token);
    QFETCH(QString, keyText);
    QFETCH(QString, alg);
    QFETCH(bool, isJwt);

    const JwtDecoding decoding = JwtInspector::decode(token);
    QCOMPARE(decoding.alg, alg);
    QCOMPARE(decoding.segmentCount, 3);
    QVERIFY(decoding.isSignatureCheckable);
    QVERIFY(!decoding.isUnsigned);
    QCOMPARE(decoding.rawPayload, segment(token, 1).toLatin1());
    if (isJwt) {
        QVERIFY2(decoding.isValid(), qPrintable(errorText(decoding)));
        QCOMPARE(decoding.claims.value("iss"_L1).toString(), u"joe"_s);
        QCOMPARE(decoding.claims.value("exp"_L1).toInteger(), qint64(1300819380));
        QCOMPARE(decoding.claims.value("http://example.com/is_root"_L1).toBool(), true);
    } else {
        // RFC 8037's payload is the text "Example of Ed25519 signing": a JWS, but no JWT.
        QVERIFY(!decoding.isValid());
        QCOMPARE(decoding.error->segment, int(JwtError::Payload));
        QCOMPARE(decoding.payloadJson, "Example of Ed25519 signing"_ba);
        QCOMPARE(JwtInspector::prettyJson(decoding, JwtInspector::Part::Claims).text,
            u"Example of Ed25519 signing"_s);
    }

    const VerificationResult result = JwtInspector::verifyWithKeyText(decoding, keyText);
    QVERIFY2(result.isVerified(), qPrintable(result.reason));
    QCOMPARE(result.status, VerificationResult::Verified);
    QCOMPARE(result.alg, alg);
    QCOMPARE(result.keyOrigin, u"JWK"_s);
    QVERIFY2(result.reason.contains(alg), qPrintable(result.reason));

    // The same key inside a JWK set, with a kid the token does not name.
    const QJsonObject jwk = QJsonDocument::fromJson(keyText.toUtf8()).object();
    const VerificationResult fromSet = JwtInspector::verifyWithJwkSet(
        decoding, QJsonObject {{u"keys"_s, QJsonArray {with(jwk, u"kid"_s, u"rfc"_s)}}});
    QVERIFY2(fromSet.isVerified(), qPrintable(fromSet.reason));
    QCOMPARE(fromSet.keyId, u"rfc"_s);
}

void tst_JwtInspector::rfc7515A1SignatureByteForByte()
{
    const JwtDecoding decoding = JwtInspector::decode(rfc7515A1Token);
    QVERIFY(decoding.isValid());
    QString error;
    const std::optional<VerificationKey> key
        = KeySource::keyFromJwk(QJsonDocument::fromJson(rfc7515A1Jwk.toUtf8()).object(), &error);
    QVERIFY2(key, qPrintable(error));
    QCOMPARE(key->key.type(), Key::Type::Oct);
    QCOMPARE(Jws::sign(decoding.signingInput(), u"HS256"_s, key->key), decoding.signature);
    QCOMPARE(decoding.signature.size(), 32);
}

void tst_JwtInspector::everyAlgorithm_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("otherKeyName");

    QTest::newRow("HS256") << u"HS256"_s << u"secret"_s << QString();
    QTest::newRow("HS384") << u"HS384"_s << u"secret"_s << QString();
    QTest::newRow("HS512") << u"HS512"_s << u"secret"_s << QString();
    QTest::newRow("RS256") << u"RS256"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("RS384") << u"RS384"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("RS512") << u"RS512"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("PS256") << u"PS256"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("PS384") << u"PS384"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("PS512") << u"PS512"_s << u"RSA"_s << u"RSA other"_s;
    QTest::newRow("ES256") << u"ES256"_s << u"P-256"_s << QString();
    QTest::newRow("ES384") << u"ES384"_s << u"P-384"_s << QString();
    QTest::newRow("ES512") << u"ES512"_s << u"P-521"_s << QString();
    QTest::newRow("EdDSA") << u"EdDSA"_s << u"Ed25519"_s << u"Ed25519 other"_s;
}

void tst_JwtInspector::everyAlgorithm()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(QString, otherKeyName);

    const Key key = m_keys.value(keyName);
    const QString jwt = signedToken(u"{\"alg\":\"%1\",\"typ\":\"JWT\"}"_s.arg(alg).toUtf8(),
        R"({"sub":"alice","exp":2000000000})"_ba, alg, key);
    QVERIFY(!jwt.isEmpty());
    const JwtDecoding decoding = JwtInspector::decode(jwt);
    QVERIFY2(decoding.isValid(), qPrintable(errorText(decoding)));
    QCOMPARE(decoding.typ, u"JWT"_s);
    QVERIFY(JwtInspector::supportedAlgorithms().contains(alg));

    VerificationResult result;
    if (key.type() == Key::Type::Oct) {
        result = JwtInspector::verifyWithSecret(decoding, QByteArray(64, 'k'));
        QVERIFY2(result.isVerified(), qPrintable(result.reason));
        QCOMPARE(JwtInspector::verifyWithSecret(decoding, QByteArray(64, 'j')).status,
            VerificationResult::Invalid);
    } else {
        result = JwtInspector::verifyWithKeyText(decoding, publicPem(key));
        QVERIFY2(result.isVerified(), qPrintable(result.reason));
        QCOMPARE(result.keyId, key.thumbprint());
        QCOMPARE(result.keyOrigin, u"PEM public key"_s);
        // The private key verifies through its public half.
        QVERIFY(JwtInspector::verifyWithKeyText(decoding, QString::fromLatin1(key.privateKeyPem()))
                    .isVerified());
        QVERIFY(JwtInspector::verifyWithJwkSet(
            decoding, QJsonDocument::fromJson(jwkSet({key.publicJwk()}).toUtf8()).object())
                    .isVerified());
        if (!otherKeyName.isEmpty()) {
            const VerificationResult wrong
                = JwtInspector::verifyWithKeyText(decoding, publicPem(m_keys.value(otherKeyName)));
            QCOMPARE(wrong.status, VerificationResult::Invalid);
            QVERIFY2(wrong.reason.contains(u"does not match"_s), qPrintable(wrong.reason));
        }
    }
    QVERIFY(result.warnings.isEmpty());
}

void tst_JwtInspector::notVerified_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("keyText");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reasonPart");

    const QString a2Key = json(rfc7515A2PublicJwk);
    const QString a2Header = segment(rfc7515A2Token, 0);
    const QString a2Signature = segment(rfc7515A2Token, 2);

    QTest::newRow("tampered header")
        << b64(R"({"alg":"RS256","kid":"x"})"_ba) + u'.' + rfcPayload + u'.' + a2Signature << a2Key
        << QByteArray() << int(VerificationResult::Invalid) << u"does not match"_s;
    QTest::newRow("tampered payload")
        << a2Header + u'.' + b64(R"({"iss":"joe","exp":9999999999})"_ba) + u'.' + a2Signature
        << a2Key << QByteArray() << int(VerificationResult::Invalid) << u"does not match"_s;
    QString flipped = rfc7515A2Token;
    flipped[flipped.size() - 5] = flipped.at(flipped.size() - 5) == u'A' ? u'B' : u'A';
    QTest::newRow("tampered signature") << flipped << a2Key << QByteArray()
                                        << int(VerificationResult::Invalid) << u"does not match"_s;
    const QByteArray a2SignatureBytes = *Base64Url::decode(a2Signature.toLatin1());
    QTest::newRow("signature shortened by 3 bytes")
        << a2Header + u'.' + rfcPayload + u'.' + b64(a2SignatureBytes.chopped(3)) << a2Key
        << QByteArray() << int(VerificationResult::Invalid) << u"256 bytes, but this one is 253"_s;
    QTest::newRow("signature one byte longer")
        << a2Header + u'.' + rfcPayload + u'.' + b64(a2SignatureBytes + '\0') << a2Key
        << QByteArray() << int(VerificationResult::Invalid) << u"but this one is 257"_s;
    QTest::newRow("signature truncated by 1 character")
        << rfc7515A2Token.chopped(1) << a2Key << QByteArray() << int(VerificationResult::Malformed)
        << u"truncated"_s;
    QTest::newRow("signature removed")
        << a2Header + u'.' + rfcPayload + u'.' << a2Key << QByteArray()
        << int(VerificationResult::Invalid) << u"no signature"_s;
    QTest::newRow("wrong RSA key")
        << rfc7515A2Token << publicPem(m_keys.value(u"RSA"_s)) << QByteArray()
        << int(VerificationResult::Invalid) << u"does not match"_s;
    QTest::newRow("wrong HMAC secret") << rfc7515A1Token << QString() << "not the secret"_ba
                                       << int(VerificationResult::Invalid) << u"does not match"_s;
    QTest::newRow("ES256 with a P-384 key")
        << rfc7515A3Token << publicPem(m_keys.value(u"P-384"_s)) << QByteArray()
        << int(VerificationResult::KeyMismatch) << u"ES256 needs an EC P-256 public key"_s;
    QTest::newRow("RS256 with a secret")
        << rfc7515A2Token << QString() << QByteArray(64, 's')
        << int(VerificationResult::KeyMismatch) << u"shared secret"_s;
    QTest::newRow("EdDSA with an RSA key") << rfc8037Token << a2Key << QByteArray()
                                           << int(VerificationResult::KeyMismatch) << u"Ed25519"_s;
    QTest::newRow("JWK alg says RS384")
        << rfc7515A2Token << json(with(rfc7515A2PublicJwk, u"alg"_s, u"RS384"_s)) << QByteArray()
        << int(VerificationResult::KeyMismatch) << u"meant for RS384"_s;
    QTest::newRow("JWK use is enc")
        << rfc7515A2Token << json(with(rfc7515A2PublicJwk, u"use"_s, u"enc"_s)) << QByteArray()
        << int(VerificationResult::KeyMismatch) << u"\"use\" is \"enc\""_s;

    const QByteArray none = R"({"alg":"none"})"_ba;
    const QByteArray claims = R"({"sub":"mallory","admin":true})"_ba;
    QTest::newRow("alg none with trailing dot")
        << b64(none) + u'.' + b64(claims) + u'.' << a2Key << QByteArray()
        << int(VerificationResult::Unsigned) << u"unsigned"_s;
    QTest::newRow("alg none with trailing dot and a secret")
        << b64(none) + u'.' + b64(claims) + u'.' << QString() << "secret"_ba
        << int(VerificationResult::Unsigned) << u"unsigned"_s;
    QTest::newRow("alg none without trailing dot")
        << b64(none) + u'.' + b64(claims) << a2Key << QByteArray()
        << int(VerificationResult::Malformed) << u"2 segments"_s;
    QTest::newRow("alg none with a signature")
        << b64(none) + u'.' + b64(claims) + u'.' + a2Signature << a2Key << QByteArray()
        << int(VerificationResult::Malformed) << u"\"none\", yet"_s;
    QTest::newRow("alg NONE") << b64(R"({"alg":"NONE"})"_ba) + u'.' + b64(claims) + u'.' << a2Key
                              << QByteArray() << int(VerificationResult::UnsupportedAlgorithm)
                              << u"\"NONE\""_s;
    QTest::newRow("alg HS1") << b64(R"({"alg":"HS1"})"_ba) + u'.' + b64(claims) + u".AAAA"_s
                             << QString() << "secret"_ba
                             << int(VerificationResult::UnsupportedAlgorithm) << u"HS256"_s;
    QTest::newRow("unknown critical extension")
        << signedToken(R"({"alg":"HS256","crit":["exp"],"exp":1})"_ba, claims, u"HS256"_s,
               Key::fromSecret("secret"_ba))
        << QString() << "secret"_ba << int(VerificationResult::Invalid) << u"\"exp\""_s;
    QTest::newRow("kid names no key")
        << signedToken(
               R"({"alg":"RS256","kid":"k2"})"_ba, claims, u"RS256"_s, m_keys.value(u"RSA"_s))
        << jwkSet({with(m_keys.value(u"RSA"_s).publicJwk(), u"kid"_s, u"k1"_s)}) << QByteArray()
        << int(VerificationResult::NoKey) << u"\"k2\""_s;
    QTest::newRow("no key") << rfc7515A2Token << QString() << QByteArray()
                            << int(VerificationResult::NoKey) << u"no key"_s;
}

void tst_JwtInspector::notVerified()
{
    QFETCH(QString, token);
    QFETCH(QString, keyText);
    QFETCH(QByteArray, secret);
    QFETCH(int, status);
    QFETCH(QString, reasonPart);

    const JwtDecoding decoding = JwtInspector::decode(token);
    VerificationResult result;
    if (!secret.isEmpty()) {
        result = JwtInspector::verifyWithSecret(decoding, secret);
    } else if (!keyText.isEmpty()) {
        result = JwtInspector::verifyWithKeyText(decoding, keyText);
    } else {
        result = JwtInspector::verify(decoding, QList<VerificationKey>());
    }
    QVERIFY(!result.isVerified());
    QCOMPARE(VerificationResult::statusName(result.status),
        VerificationResult::statusName(VerificationResult::Status(status)));
    QVERIFY2(result.reason.contains(reasonPart), qPrintable(result.reason));
    QVERIFY(result.keyId.isEmpty());
}

void tst_JwtInspector::algorithmConfusion()
{
    // The classic attack: take the server's RSA public key, use its PEM text as an HMAC secret,
    // and hope the verifier lets the token's "alg" pick HMAC.
    const Key rsa = m_keys.value(u"RSA"_s);
    const QByteArray pem = rsa.publicKeyPem();
    const QString forged = signedToken(
        R"({"alg":"HS256"})"_ba, R"({"sub":"admin"})"_ba, u"HS256"_s, Key::fromSecret(pem));
    const JwtDecoding decoding = JwtInspector::decode(forged);
    QVERIFY(decoding.isValid());

    const VerificationResult result
        = JwtInspector::verifyWithKeyText(decoding, QString::fromLatin1(pem));
    QCOMPARE(result.status, VerificationResult::KeyMismatch);
    QVERIFY2(result.reason.contains(u"algorithm-confusion"_s), qPrintable(result.reason));
    QVERIFY2(result.reason.contains(u"RSA 2048-bit public key"_s), qPrintable(result.reason));

    // Also when the key comes from a JWK set under the token's kid, or from the server itself.
    const QString withKid
        = signedToken(u"{\"alg\":\"HS256\",\"kid\":\"%1\"}"_s.arg(rsa.thumbprint()).toUtf8(),
            R"({"sub":"admin"})"_ba, u"HS256"_s, Key::fromSecret(pem));
    const JwtDecoding kidDecoding = JwtInspector::decode(withKid);
    QCOMPARE(JwtInspector::verify(kidDecoding, QList {rsa}, u"embedded server"_s).status,
        VerificationResult::KeyMismatch);
    QCOMPARE(JwtInspector::verifyWithJwkSet(kidDecoding,
                 QJsonDocument::fromJson(
                     jwkSet({with(rsa.publicJwk(), u"kid"_s, rsa.thumbprint())}).toUtf8())
                     .object())
                 .status,
        VerificationResult::KeyMismatch);
}

void tst_JwtInspector::kidSelectsTheKey()
{
    const Key right = m_keys.value(u"RSA"_s);
    const Key other = m_keys.value(u"RSA other"_s);
    const QJsonObject set = QJsonDocument::fromJson(
        jwkSet(
            {with(other.publicJwk(), u"kid"_s, u"a"_s), with(right.publicJwk(), u"kid"_s, u"b"_s)})
            .toUtf8())
                                .object();
    const QByteArray claims = R"({"sub":"alice"})"_ba;

    const JwtDecoding withKid = JwtInspector::decode(
        signedToken(R"({"alg":"RS256","kid":"b"})"_ba, claims, u"RS256"_s, right));
    VerificationResult result = JwtInspector::verifyWithJwkSet(withKid, set);
    QVERIFY2(result.isVerified(), qPrintable(result.reason));
    QCOMPARE(result.keyId, u"b"_s);
    QVERIFY2(result.keyOrigin.contains(u"key 2"_s), qPrintable(result.keyOrigin));

    // Without a kid every fitting key is tried.
    const JwtDecoding withoutKid
        = JwtInspector::decode(signedToken(R"({"alg":"RS256"})"_ba, claims, u"RS256"_s, right));
    result = JwtInspector::verifyWithJwkSet(withoutKid, set);
    QVERIFY2(result.isVerified(), qPrintable(result.reason));
    QCOMPARE(result.keyId, u"b"_s);

    // A kid that names the wrong key: only that key is tried.
    const JwtDecoding wrongKid = JwtInspector::decode(
        signedToken(R"({"alg":"RS256","kid":"a"})"_ba, claims, u"RS256"_s, right));
    QCOMPARE(JwtInspector::verifyWithJwkSet(wrongKid, set).status, VerificationResult::Invalid);

    // Signed by neither key of the set, the reason counts the keys tried.
    const JwtDecoding foreign = JwtInspector::decode(
        signedToken(R"({"alg":"RS256"})"_ba, claims, u"RS256"_s, Key::generateRsa(2048)));
    result = JwtInspector::verifyWithJwkSet(foreign, set);
    QCOMPARE(result.status, VerificationResult::Invalid);
    QVERIFY2(result.reason.contains(u"none of the 2"_s), qPrintable(result.reason));
}

void tst_JwtInspector::embeddedServerKeys()
{
    // The server names its keys by thumbprint, so its tokens find their key by kid.
    const Key signing = m_keys.value(u"RSA"_s);
    const QList<Key> serverKeys {m_keys.value(u"RSA other"_s), signing};
    const JwtDecoding decoding = JwtInspector::decode(
        signedToken(u"{\"alg\":\"RS256\",\"kid\":\"%1\"}"_s.arg(signing.thumbprint()).toUtf8(),
            R"({"sub":"service-client-jwt"})"_ba, u"RS256"_s, signing));
    const VerificationResult result
        = JwtInspector::verify(decoding, serverKeys, u"embedded server"_s);
    QVERIFY2(result.isVerified(), qPrintable(result.reason));
    QCOMPARE(result.keyId, signing.thumbprint());
    QCOMPARE(result.keyOrigin, u"embedded server"_s);
    QVERIFY2(result.reason.contains(u"embedded server"_s), qPrintable(result.reason));

    const VerificationResult none
        = JwtInspector::verify(decoding, QList<Key>(), u"embedded server"_s);
    QCOMPARE(none.status, VerificationResult::NoKey);
}

void tst_JwtInspector::weakSecretWarning_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<int>("secretBytes");
    QTest::addColumn<bool>("weak");

    QTest::newRow("HS256, 10 bytes") << u"HS256"_s << 10 << true;
    QTest::newRow("HS256, 31 bytes") << u"HS256"_s << 31 << true;
    QTest::newRow("HS256, 32 bytes") << u"HS256"_s << 32 << false;
    QTest::newRow("HS384, 32 bytes") << u"HS384"_s << 32 << true;
    QTest::newRow("HS384, 48 bytes") << u"HS384"_s << 48 << false;
    QTest::newRow("HS512, 48 bytes") << u"HS512"_s << 48 << true;
    QTest::newRow("HS512, 64 bytes") << u"HS512"_s << 64 << false;
}

void tst_JwtInspector::weakSecretWarning()
{
    QFETCH(QString, alg);
    QFETCH(int, secretBytes);
    QFETCH(bool, weak);

    // RFC 7518 §3.2: weak, yet it verifies; the warning is what tells.
    const QByteArray secret(secretBytes, 'w');
    const JwtDecoding decoding = JwtInspector::decode(signedToken(
        u"{\"alg\":\"%1\"}"_s.arg(alg).toUtf8(), "{}"_ba, alg, Key::fromSecret(secret)));
    const VerificationResult result = JwtInspector::verifyWithSecret(decoding, secret);
    QVERIFY2(result.isVerified(), qPrintable(result.reason));
    QCOMPARE(result.warnings.size(), weak ? 1 : 0);
    if (weak) {
        QVERIFY2(result.warnings.first().contains(u"RFC 7518 §3.2"_s),
            qPrintable(result.warnings.first()));
        QVERIFY(result.warnings.first().contains(u"%1 bytes"_s.arg(secretBytes)));
    }
}

void tst_JwtInspector::malformed_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("segment");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<qsizetype>("position");

    const QString header = segment(rfc7515A2Token, 0);
    const QString signature = segment(rfc7515A2Token, 2);
    const auto withPayload = [&](const QByteArray &payload) -> QString {
        return header + u'.' + b64(payload) + u'.' + signature;
    };
    const auto withHeader = [&](const QByteArray &json) -> QString {
        return b64(json) + u'.' + rfcPayload + u'.' + signature;
    };
    constexpr int whole = JwtError::WholeToken;
    constexpr int h = JwtError::Header;
    constexpr int p = JwtError::Payload;
    constexpr int s = JwtError::Signature;
    constexpr qsizetype none = -1;

    QTest::newRow("empty") << QString() << whole << u"empty"_s << none;
    QTest::newRow("only whitespace") << u" \r\n\t "_s << whole << u"empty"_s << none;
    QTest::newRow("only Bearer") << u"Bearer  "_s << whole << u"1 segment"_s << none;
    QTest::newRow("one segment")
        << header << whole << u"the token has 1 segment; a JWS has 3 (header.payload.signature)"_s
        << none;
    QTest::newRow("opaque token") << u"2YotnFZFEjr1zCsicMWpAA"_s << whole << u"opaque"_s << none;
    QTest::newRow("two segments")
        << header + u'.' + rfcPayload << whole
        << u"the token has 2 segments; a JWS has 3 (header.payload.signature)"_s << none;
    QTest::newRow("four segments")
        << rfc7515A2Token + u".AAAA"_s << whole << u"the token has 4 segments"_s << none;
    QTest::newRow("five segments (JWE)")
        << b64(R"({"alg":"RSA-OAEP","enc":"A256GCM"})"_ba) + u".a.b.c.d"_s << whole
        << u"encrypted"_s << none;
    QTest::newRow("six segments") << u"a.b.c.d.e.f"_s << whole << u"6 segments"_s << none;
    QTest::newRow("JSON serialization")
        << uR"({"payload":"e30","signatures":[]})"_s << whole << u"JSON serialization"_s << none;
    QTest::newRow("only dots") << u".."_s << h << u"segment 1 (header) is empty"_s << none;

    QString plus = header;
    plus[16] = u'+';
    QTest::newRow("header with '+'")
        << plus + u'.' + rfcPayload + u'.' + signature << h
        << u"segment 1 (header) is not valid base64url: character '+' at position 17"_s
        << qsizetype(16);
    QString slash = rfcPayload;
    slash[3] = u'/';
    QTest::newRow("payload with '/'")
        << header + u'.' + slash + u'.' + signature << p
        << u"segment 2 (payload) is not valid base64url: character '/' at position %1"_s.arg(
               header.size() + 5)
        << qsizetype(header.size() + 4);
    QTest::newRow("signature with padding")
        << rfc7515A2Token + u"=="_s << s
        << u"segment 3 (signature) is not valid base64url: character '='"_s
        << qsizetype(rfc7515A2Token.size());
    QTest::newRow("header with non-ASCII") << u"eyJhbGciOi\u00e9.e30.AAAA"_s << h
                                           << u"character U+00E9 at position 11"_s << qsizetype(10);
    QTest::newRow("zero-width space") << header + u"\u200b."_s + rfcPayload + u'.' + signature << h
                                      << u"U+200B"_s << qsizetype(header.size());
    QTest::newRow("binary garbage") << QString::fromLatin1("\x01\x02.\x03\x04.\x05\xff") << h
                                    << u"character U+0001"_s << qsizetype(0);
    QTest::newRow("header length 1 mod 4")
        << u"eyJhb.e30.AAAA"_s << h << u"truncated"_s << qsizetype(4);
    QTest::newRow("payload with stray bits")
        << header + u".e31."_s + signature << p << u"bits set"_s << qsizetype(header.size() + 3);
    QTest::newRow("signature truncated by one character") << rfc7515A2Token.chopped(
        1) << s << u"segment 3 (signature)"_s << qsizetype(rfc7515A2Token.size() - 2);

    QTest::newRow("header not JSON")
        << withHeader(R"({"alg":)"_ba) << h << u"segment 1 (header) is not JSON"_s << none;
    QTest::newRow("header an array")
        << withHeader("[]"_ba) << h << u"segment 1 (header) is not a JSON object (it is an array)"_s
        << none;
    QTest::newRow("header a number") << withHeader("42"_ba) << h << u"(it is a number)"_s << none;
    QTest::newRow("header not UTF-8")
        << withHeader("{\"alg\":\"RS256\xc0\"}"_ba) << h << u"UTF-8"_s << none;
    QTest::newRow("missing alg") << withHeader(R"({"typ":"JWT"})"_ba) << h
                                 << u"header has no \"alg\""_s << none;
    QTest::newRow("alg not a string")
        << withHeader(R"({"alg":256})"_ba) << h
        << u"header \"alg\" is not a string (it is a number)"_s << none;
    QTest::newRow("alg null") << withHeader(R"({"alg":null})"_ba) << h << u"(it is null)"_s << none;
    QTest::newRow("alg empty") << withHeader(R"({"alg":""})"_ba) << h
                               << u"header \"alg\" is empty"_s << none;

    QTest::newRow("payload empty") << header + u".."_s + signature << p << u"detached"_s << none;
    QTest::newRow("payload a JSON array")
        << withPayload("[1,2]"_ba) << p << u"segment 2 (payload) is not a JSON object"_s << none;
    QTest::newRow("payload a string")
        << withPayload(R"("hi")"_ba) << p << u"(it is a string)"_s << none;
    QTest::newRow("payload text") << withPayload("hello"_ba) << p
                                  << u"segment 2 (payload) is not JSON"_s << none;
    QTest::newRow("payload truncated JSON")
        << withPayload(R"({"iss":"jo)"_ba) << p << u"segment 2 (payload) is not JSON"_s << none;
    QTest::newRow("payload invalid UTF-8") << withPayload("{\"sub\":\"\xff\xfe\"}"_ba) << p
                                           << u"segment 2 (payload) is not valid UTF-8"_s << none;
    QTest::newRow("payload trailing garbage")
        << withPayload(R"({"a":1} x)"_ba) << p << u"garbage"_s << none;
    QTest::newRow("alg none with a signature")
        << b64(R"({"alg":"none"})"_ba) + u'.' + rfcPayload + u'.' + signature << s
        << u"header \"alg\" is \"none\", yet segment 3 (signature) is not empty"_s << none;

    QTest::newRow("1 MB of 'A'") << QString(1024 * 1024, u'A') << whole << u"1 segment"_s << none;
    const QString megabyte(1024 * 1024, u'A');
    QTest::newRow("three segments of 1 MB") << megabyte + u'.' + megabyte + u'.' + megabyte << h
                                            << u"segment 1 (header) is not JSON"_s << none;
}

void tst_JwtInspector::malformed()
{
    QFETCH(QString, input);
    QFETCH(int, segment);
    QFETCH(QString, messagePart);
    QFETCH(qsizetype, position);

    const JwtDecoding decoding = JwtInspector::decode(input);
    QVERIFY(!decoding.isValid());
    QVERIFY2(decoding.error->message.contains(messagePart), qPrintable(errorText(decoding)));
    QCOMPARE(decoding.error->segment, segment);
    QCOMPARE(decoding.error->position, position);
    if (position >= 0) {
        QVERIFY(position < decoding.token.size());
    }

    // Never verified, whatever the key. The signature of a token whose payload is not a JSON
    // object can still be checked (it covers the text); this one is not the RFC's.
    const QList<VerificationKey> keys
        = KeySource::fromKeys({m_keys.value(u"RSA"_s), m_keys.value(u"P-256"_s)}, u"test"_s)
        + QList {KeySource::fromSecret("secret"_ba)};
    const VerificationResult result = JwtInspector::verify(decoding, keys);
    QVERIFY(!result.isVerified());
    if (!decoding.isSignatureCheckable) {
        QCOMPARE(result.status, VerificationResult::Malformed);
        QCOMPARE(result.reason, decoding.error->message);
    }
}

void tst_JwtInspector::decorationsAreRemoved_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("warnings");

    QString wrapped = rfc7515A2Token;
    for (qsizetype i = 64; i < wrapped.size(); i += 65) {
        wrapped.insert(i, u'\n');
    }
    QTest::newRow("as is") << rfc7515A2Token << 0;
    QTest::newRow("Bearer") << u"Bearer "_s + rfc7515A2Token << 0;
    QTest::newRow("bearer and a tab") << u"bearer\t"_s + rfc7515A2Token << 0;
    QTest::newRow("Authorization header")
        << u"Authorization: Bearer "_s + rfc7515A2Token + u"\r\n"_s << 0;
    QTest::newRow("DPoP") << u"DPoP "_s + rfc7515A2Token << 0;
    QTest::newRow("leading and trailing whitespace")
        << u"\n\t  "_s + rfc7515A2Token + u"  \n"_s << 0;
    QTest::newRow("wrapped lines") << wrapped << 1;
    QTest::newRow("JSON quotes") << u"\""_s + rfc7515A2Token + u"\""_s << 1;
}

void tst_JwtInspector::decorationsAreRemoved()
{
    QFETCH(QString, input);
    QFETCH(int, warnings);

    const JwtDecoding decoding = JwtInspector::decode(input);
    QVERIFY2(decoding.isValid(), qPrintable(errorText(decoding)));
    QCOMPARE(decoding.token, rfc7515A2Token);
    QCOMPARE(decoding.warnings.size(), warnings);
    QVERIFY(JwtInspector::verifyWithKeyText(decoding, json(rfc7515A2PublicJwk)).isVerified());
}

void tst_JwtInspector::encryptedTokenShowsItsHeader()
{
    // RFC 7516 Appendix A.1's protected header; the other segments need not be real here.
    const JwtDecoding decoding = JwtInspector::decode(
        u"eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ."
        u"OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKo"
        u"TCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04u"
        u"VuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_"
        u"tETK"
        u"zpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTI"
        u"y3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_"
        u"c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4v"
        u"pzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ"_s);
    QVERIFY(decoding.isEncrypted);
    QVERIFY(!decoding.isValid());
    QCOMPARE(decoding.segmentCount, 5);
    QCOMPARE(decoding.header.value("enc"_L1).toString(), u"A256GCM"_s);
    QCOMPARE(decoding.alg, u"RSA-OAEP"_s);
    QVERIFY(decoding.claims.isEmpty());
    QCOMPARE(JwtInspector::verify(decoding, QList<VerificationKey>()).status,
        VerificationResult::Malformed);
}

void tst_JwtInspector::randomBytesNeverCrash()
{
    QRandomGenerator random(20251129);
    const QByteArray alphabet
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/= \n{}\"e"_ba;
    int decoded = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray bytes(random.bounded(120), Qt::Uninitialized);
        const bool anyByte = i % 3 == 0;
        for (char &c : bytes) {
            c = anyByte ? char(random.bounded(256)) : alphabet.at(random.bounded(alphabet.size()));
        }
        const JwtDecoding decoding = JwtInspector::decode(QString::fromLatin1(bytes));
        const VerificationResult result
            = JwtInspector::verify(decoding, QList {KeySource::fromSecret("k"_ba)});
        QVERIFY(!result.isVerified());
        if (!decoding.isValid()) {
            QVERIFY(!decoding.error->message.isEmpty());
            QVERIFY(decoding.error->position < decoding.token.size());
            continue;
        }
        // Whatever decodes must re-encode to exactly the segments given.
        ++decoded;
        QCOMPARE(Base64Url::encode(decoding.headerJson), decoding.rawHeader);
        QCOMPARE(Base64Url::encode(decoding.payloadJson), decoding.rawPayload);
        QCOMPARE(Base64Url::encode(decoding.signature), decoding.rawSignature);
        QCOMPARE(decoding.token.toLatin1(),
            decoding.rawHeader + '.' + decoding.rawPayload + '.' + decoding.rawSignature);
    }
    // Random bytes hardly ever form a JWT; the mutations below cover the decoding side.
    QVERIFY(decoded < 3000);
}

void tst_JwtInspector::randomMutationsNeverVerify()
{
    const QString original = rfc7515A3Token;
    const QList<VerificationKey> keys = *KeySource::keysFromText(rfc7515A3Jwk, nullptr);
    QRandomGenerator random(7519);
    const QString alphabet = u"AQgwxyz019-_.+/= \n\u00e9\u200b"_s;
    int stillValid = 0;
    for (int i = 0; i < 3000; ++i) {
        QString mutated = original;
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = random.bounded(mutated.size() + 1);
            const QChar c = alphabet.at(random.bounded(alphabet.size()));
            switch (random.bounded(3)) {
            case 0:
                mutated.insert(at, c);
                break;
            case 1:
                if (at < mutated.size()) {
                    mutated[at] = c;
                }
                break;
            default:
                mutated.remove(at, 1 + random.bounded(4));
                break;
            }
        }
        const JwtDecoding decoding = JwtInspector::decode(mutated);
        const VerificationResult result = JwtInspector::verify(decoding, keys);
        // Only a mutation that changes nothing that counts (inner whitespace) still verifies.
        QCOMPARE(result.isVerified(), decoding.token == original);
        if (decoding.isValid()) {
            ++stillValid;
            QCOMPARE(Base64Url::encode(decoding.headerJson), decoding.rawHeader);
            QCOMPARE(Base64Url::encode(decoding.payloadJson), decoding.rawPayload);
            QCOMPARE(Base64Url::encode(decoding.signature), decoding.rawSignature);
        } else {
            QVERIFY(!decoding.error->message.isEmpty());
        }
    }
    QVERIFY(stillValid > 0);
}

void tst_JwtInspector::validity_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<int>("validity");
    QTest::addColumn<QString>("summary");

    constexpr qint64 now = 1700000000;
    QTest::newRow("valid") << QJsonObject {{u"iat"_s, now - 60}, {u"exp"_s, now + 14340}}
                           << qint64(0) << int(Validity::Valid) << u"expires in 3 h 59 min"_s;
    QTest::newRow("expired") << QJsonObject {{u"exp"_s, now - 120}} << qint64(0)
                             << int(Validity::Expired) << u"expired 2 min ago"_s;
    QTest::newRow("expires this second") << QJsonObject {{u"exp"_s, now}} << qint64(0)
                                         << int(Validity::Expired) << u"expired just now"_s;
    QTest::newRow("one second left") << QJsonObject {{u"exp"_s, now + 1}} << qint64(0)
                                     << int(Validity::Valid) << u"expires in 1 s"_s;
    QTest::newRow("not yet valid")
        << QJsonObject {{u"nbf"_s, now + 300}, {u"exp"_s, now + 3600}} << qint64(0)
        << int(Validity::NotYetValid) << u"not valid yet: becomes valid in 5 min"_s;
    QTest::newRow("valid from this second")
        << QJsonObject {{u"nbf"_s, now}, {u"exp"_s, now + 45}} << qint64(0) << int(Validity::Valid)
        << u"expires in 45 s"_s;
    QTest::newRow("no exp") << QJsonObject {{u"iat"_s, now - 5}} << qint64(0)
                            << int(Validity::NoExpiry) << u"never expires"_s;
    QTest::newRow("no exp, not yet valid") << QJsonObject {{u"nbf"_s, now + 10}} << qint64(0)
                                           << int(Validity::NotYetValid) << u"in 10 s"_s;
    QTest::newRow("expired within the leeway")
        << QJsonObject {{u"exp"_s, now - 30}} << qint64(60) << int(Validity::Valid)
        << u"expired 30 s ago, within the 60 s leeway"_s;
    QTest::newRow("expired beyond the leeway")
        << QJsonObject {{u"exp"_s, now - 90}} << qint64(60) << int(Validity::Expired)
        << u"expired 1 min 30 s ago"_s;
    QTest::newRow("exp a string") << QJsonObject {{u"exp"_s, QString::number(now - 100)}}
                                  << qint64(0) << int(Validity::NoExpiry) << u"never expires"_s;
    QTest::newRow("exp in milliseconds")
        << QJsonObject {{u"exp"_s, double(now) * 1000}} << qint64(0) << int(Validity::NoExpiry)
        << u"never expires"_s;
    QTest::newRow("both expired and not yet valid")
        << QJsonObject {{u"nbf"_s, now + 10}, {u"exp"_s, now - 10}} << qint64(0)
        << int(Validity::Expired) << u"expired 10 s ago"_s;
}

void tst_JwtInspector::validity()
{
    QFETCH(QJsonObject, claims);
    QFETCH(qint64, leeway);
    QFETCH(int, validity);
    QFETCH(QString, summary);

    constexpr qint64 now = 1700000000;
    const TimeReport report = JwtInspector::timeReport(claims, now, leeway);
    QCOMPARE(JwtInspector::validityName(report.validity),
        JwtInspector::validityName(Validity(validity)));
    QVERIFY2(report.summary.contains(summary), qPrintable(report.summary));
    QCOMPARE(int(JwtInspector::validity(claims, now, leeway)), validity);
}

void tst_JwtInspector::timeClaims()
{
    constexpr qint64 now = 1700000000;
    const QJsonObject claims {{u"exp"_s, now + 3600}, {u"iat"_s, now - 120.75},
        {u"nbf"_s, now - 120}, {u"auth_time"_s, now - 86400}, {u"other"_s, 1}};
    const TimeReport report = JwtInspector::timeReport(claims, now);
    QCOMPARE(report.claims.size(), 4);
    QCOMPARE(report.claims.at(0).name, u"iat"_s);
    QCOMPARE(report.claims.at(0).seconds, now - 121); // a fraction is rounded down
    QCOMPARE(report.claims.at(0).relative, u"issued 2 min 1 s ago"_s);
    QCOMPARE(report.claims.at(1).name, u"nbf"_s);
    QCOMPARE(report.claims.at(1).relative, u"became valid 2 min ago"_s);
    QCOMPARE(report.claims.at(2).name, u"exp"_s);
    QCOMPARE(report.claims.at(2).delta, qint64(3600));
    QCOMPARE(report.claims.at(2).utc,
        QDateTime(QDate(2023, 11, 14), QTime(23, 13, 20), QTimeZone::utc()));
    QCOMPARE(report.claims.at(2).relative, u"expires in 1 h"_s);
    QCOMPARE(report.claims.at(3).name, u"auth_time"_s);
    QCOMPARE(report.claims.at(3).relative, u"authenticated 1 d ago"_s);
    QVERIFY(report.warnings.isEmpty());

    // Issued in the future: the issuer's clock is ahead.
    const TimeReport future = JwtInspector::timeReport(QJsonObject {{u"iat"_s, now + 30}}, now);
    QCOMPARE(future.claims.first().relative, u"issued in 30 s (in the future)"_s);
    QCOMPARE(future.warnings.size(), 1);

    // Milliseconds instead of seconds: not a date this side of the year 9999.
    const TimeReport millis
        = JwtInspector::timeReport(QJsonObject {{u"exp"_s, double(now) * 1000}}, now);
    QVERIFY(millis.claims.isEmpty());
    QCOMPARE(millis.warnings.size(), 1);
    QVERIFY2(
        millis.warnings.first().contains(u"milliseconds"_s), qPrintable(millis.warnings.first()));
}

void tst_JwtInspector::describeRelative_data()
{
    QTest::addColumn<qint64>("delta");
    QTest::addColumn<QString>("text");

    QTest::newRow("now") << qint64(0) << u"now"_s;
    QTest::newRow("in 1 s") << qint64(1) << u"in 1 s"_s;
    QTest::newRow("in 45 s") << qint64(45) << u"in 45 s"_s;
    QTest::newRow("45 s ago") << qint64(-45) << u"45 s ago"_s;
    QTest::newRow("in 1 min") << qint64(60) << u"in 1 min"_s;
    QTest::newRow("in 2 min 5 s") << qint64(125) << u"in 2 min 5 s"_s;
    QTest::newRow("2 min ago") << qint64(-120) << u"2 min ago"_s;
    QTest::newRow("59 min 59 s") << qint64(3599) << u"in 59 min 59 s"_s;
    QTest::newRow("in 1 h") << qint64(3600) << u"in 1 h"_s;
    QTest::newRow("seconds dropped past an hour") << qint64(3659) << u"in 1 h"_s;
    QTest::newRow("in 3 h 59 min") << qint64(14399) << u"in 3 h 59 min"_s;
    QTest::newRow("in 1 d") << qint64(86400) << u"in 1 d"_s;
    QTest::newRow("in 1 d 1 h") << qint64(90000) << u"in 1 d 1 h"_s;
    QTest::newRow("3 d 2 h ago") << qint64(-(3 * 86400 + 7200 + 59)) << u"3 d 2 h ago"_s;
    QTest::newRow("a year") << qint64(365 * 86400) << u"in 365 d"_s;
    QTest::newRow("the smallest qint64")
        << std::numeric_limits<qint64>::min() << u"106751991167300 d 15 h ago"_s;
}

void tst_JwtInspector::describeRelative()
{
    QFETCH(qint64, delta);
    QFETCH(QString, text);
    QCOMPARE(JwtInspector::describeRelative(delta), text);
}

void tst_JwtInspector::keysFromText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count"); // -1: refused
    QTest::addColumn<QString>("originOrError");
    QTest::addColumn<int>("skipped");

    const Key rsa = m_keys.value(u"RSA"_s);
    const Key ec = m_keys.value(u"P-256"_s);
    const QString certificate = readData(u"certificate.pem"_s);
    const QString certificateKey = readData(u"certificate-key.pem"_s);
    const QJsonObject x25519 {{u"kty"_s, u"OKP"_s}, {u"crv"_s, u"X25519"_s},
        {u"x"_s, u"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"_s}};

    QTest::newRow("PEM public key") << publicPem(rsa) << 1 << u"PEM public key"_s << 0;
    QTest::newRow("PEM private key")
        << QString::fromLatin1(ec.privateKeyPem()) << 1 << u"PEM private key"_s << 0;
    QTest::newRow("certificate") << certificate << 1 << u"certificate"_s << 0;
    QTest::newRow("key and certificate")
        << certificateKey + u'\n' + certificate << 2 << u"PEM private key"_s << 0;
    QTest::newRow("PEM with text around")
        << u"my key:\n"_s + publicPem(ec) + u"\nthanks"_s << 1 << u"PEM public key"_s << 0;
    QTest::newRow("JWK") << json(rfc7515A2PublicJwk) << 1 << u"JWK"_s << 0;
    QTest::newRow("JWK with blanks") << u"\n  "_s + rfc8037Jwk + u"\n"_s << 1 << u"JWK"_s << 0;
    QTest::newRow("oct JWK") << rfc7515A1Jwk << 1 << u"JWK"_s << 0;
    QTest::newRow("JWK set") << jwkSet({rsa.publicJwk(), ec.publicJwk()}) << 2 << u"JWK set key 1"_s
                             << 0;
    QTest::newRow("JWK set with an unusable key")
        << jwkSet({x25519, with(ec.publicJwk(), u"kid"_s, u"ec"_s)}) << 1
        << u"JWK set key 2 (\"kid\" \"ec\")"_s << 1;

    QTest::newRow("empty") << QString() << -1 << u"no key"_s << 0;
    QTest::newRow("garbage") << u"hello"_s << -1 << u"not a PEM key"_s << 0;
    QTest::newRow("a secret is not a key text")
        << u"service-client-jwt-secret"_s << -1 << u"shared secret"_s << 0;
    QTest::newRow("JSON, not a key") << uR"({"a":1})"_s << -1 << u"neither a JWK"_s << 0;
    QTest::newRow("broken JSON") << u"{\"kty\":"_s << -1 << u"not valid JSON"_s << 0;
    QTest::newRow("JWK without n") << uR"({"kty":"RSA","e":"AQAB"})"_s << -1 << u"\"n\""_s << 0;
    QTest::newRow("truncated PEM") << publicPem(rsa).left(200) + u"\n-----END PUBLIC KEY-----\n"_s
                                   << -1 << u"PEM block 1 (PUBLIC KEY)"_s << 0;
    QTest::newRow("PEM without END")
        << publicPem(rsa).left(200) << -1 << u"no complete block"_s << 0;
    QTest::newRow("empty JWK set") << uR"({"keys":[]})"_s << -1 << u"empty"_s << 0;
    QTest::newRow("keys not an array") << uR"({"keys":{}})"_s << -1 << u"\"keys\" array"_s << 0;
    QTest::newRow("JWK set without usable keys")
        << jwkSet({x25519, QJsonObject {{u"kty"_s, u"DSA"_s}}}) << -1 << u"no usable key"_s << 0;
}

void tst_JwtInspector::keysFromText()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    QFETCH(QString, originOrError);
    QFETCH(int, skipped);

    QString error;
    QStringList skippedKeys;
    const std::optional<QList<VerificationKey>> keys
        = KeySource::keysFromText(text, &error, &skippedKeys);
    if (count < 0) {
        QVERIFY(!keys);
        QVERIFY2(error.contains(originOrError), qPrintable(error));
        return;
    }
    QVERIFY2(keys, qPrintable(error));
    QCOMPARE(keys->size(), count);
    QVERIFY2(keys->first().origin.contains(originOrError), qPrintable(keys->first().origin));
    QCOMPARE(skippedKeys.size(), skipped);
    for (const VerificationKey &key : *keys) {
        QVERIFY(!key.key.isNull());
    }
}

void tst_JwtInspector::rowsKeepTheTokenOrder()
{
    const JwtDecoding decoding = JwtInspector::decode(rfc7515A1Token);
    const QList<MemberRow> header = JwtInspector::rows(decoding, JwtInspector::Part::Header);
    QCOMPARE(header.size(), 2);
    QCOMPARE(header.at(0).name, u"typ"_s); // as written, not sorted
    QCOMPARE(header.at(0).valueText, u"JWT"_s);
    QCOMPARE(header.at(0).valueJson, "\"JWT\""_ba);
    QVERIFY(!header.at(0).description.isEmpty());
    QCOMPARE(header.at(1).name, u"alg"_s);

    const QList<MemberRow> claims = JwtInspector::rows(decoding, JwtInspector::Part::Claims);
    QCOMPARE(claims.size(), 3);
    QCOMPARE(claims.at(0).name, u"iss"_s);
    QVERIFY(!claims.at(0).time.isValid());
    QCOMPARE(claims.at(1).name, u"exp"_s);
    QCOMPARE(claims.at(1).valueText, u"1300819380"_s);
    QCOMPARE(claims.at(1).time, QDateTime(QDate(2011, 3, 22), QTime(18, 43), QTimeZone::utc()));
    QCOMPARE(claims.at(2).name, u"http://example.com/is_root"_s);
    QCOMPARE(claims.at(2).valueText, u"true"_s);
    QVERIFY(claims.at(2).description.isEmpty()); // a private claim

    // A large number is shown as written, not as a rounded double.
    const JwtDecoding big = JwtInspector::decode(
        unsignedToken(R"({"alg":"none"})"_ba, R"({"n":12345678901234567891,"o":{"x":[1,2]}})"_ba));
    const QList<MemberRow> bigRows = JwtInspector::rows(big, JwtInspector::Part::Claims);
    QCOMPARE(bigRows.at(0).valueText, u"12345678901234567891"_s);
    QCOMPARE(bigRows.at(1).valueText, uR"({"x":[1,2]})"_s);

    QVERIFY(JwtInspector::rows(JwtInspector::decode(u"x"_s), JwtInspector::Part::Claims).isEmpty());
}

void tst_JwtInspector::prettyJson()
{
    const JwtDecoding decoding = JwtInspector::decode(rfc7515A1Token);
    const JsonText::Pretty header = JwtInspector::prettyJson(decoding, JwtInspector::Part::Header);
    QCOMPARE(header.text, u"{\n  \"typ\": \"JWT\",\n  \"alg\": \"HS256\"\n}"_s);
    QCOMPARE(header.spans.at(1).kind, JsonText::Span::Kind::Key);
    QCOMPARE(header.text.mid(header.spans.at(1).start, header.spans.at(1).length), u"\"typ\""_s);
    const JsonText::Pretty claims = JwtInspector::prettyJson(decoding, JwtInspector::Part::Claims);
    QVERIFY(claims.text.startsWith(u"{\n  \"iss\": \"joe\",\n  \"exp\": 1300819380,"_s));
}

void tst_JwtInspector::descriptions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("header");
    QTest::addColumn<QString>("reference");

    for (const auto &[name, section] :
        {std::pair {"iss", "§4.1.1"}, {"sub", "§4.1.2"}, {"aud", "§4.1.3"}, {"exp", "§4.1.4"},
            {"nbf", "§4.1.5"}, {"iat", "§4.1.6"}, {"jti", "§4.1.7"}}) {
        QTest::newRow(name) << QString::fromLatin1(name) << false
                            << u"RFC 7519 "_s + QString::fromUtf8(section);
    }
    QTest::newRow("scope") << u"scope"_s << false << u"RFC 9068"_s;
    QTest::newRow("client_id") << u"client_id"_s << false << u"RFC 9068"_s;
    QTest::newRow("azp") << u"azp"_s << false << u"OpenID Connect"_s;
    QTest::newRow("auth_time") << u"auth_time"_s << false << u"OpenID Connect"_s;
    QTest::newRow("nonce") << u"nonce"_s << false << u"OpenID Connect"_s;
    QTest::newRow("acr") << u"acr"_s << false << u"OpenID Connect"_s;
    QTest::newRow("amr") << u"amr"_s << false << u"RFC 8176"_s;
    QTest::newRow("sid") << u"sid"_s << false << u"Logout"_s;
    QTest::newRow("cnf") << u"cnf"_s << false << u"RFC 7800"_s;
    QTest::newRow("header alg") << u"alg"_s << true << u"RFC 7515 §4.1.1"_s;
    QTest::newRow("header typ") << u"typ"_s << true << u"RFC 9068"_s;
    QTest::newRow("header kid") << u"kid"_s << true << u"RFC 7515 §4.1.4"_s;
    QTest::newRow("header cty") << u"cty"_s << true << u"RFC 7515 §4.1.10"_s;
    QTest::newRow("header x5t") << u"x5t"_s << true << u"SHA-1"_s;
    QTest::newRow("header x5t#S256") << u"x5t#S256"_s << true << u"SHA-256"_s;
    QTest::newRow("header crit") << u"crit"_s << true << u"RFC 7515 §4.1.11"_s;
    QTest::newRow("header jku") << u"jku"_s << true << u"never"_s;
}

void tst_JwtInspector::descriptions()
{
    QFETCH(QString, name);
    QFETCH(bool, header);
    QFETCH(QString, reference);

    const QString description
        = header ? JwtInspector::headerDescription(name) : JwtInspector::claimDescription(name);
    QVERIFY2(description.contains(reference), qPrintable(description));
    QVERIFY(description.endsWith(u'.'));
    // Header parameters and claims are separate namespaces.
    if (header && name == u"alg") {
        QVERIFY(JwtInspector::claimDescription(name).isEmpty());
    }
    QVERIFY(JwtInspector::claimDescription(name + u"_custom"_s).isEmpty());
    QVERIFY(JwtInspector::headerDescription(name + u"_custom"_s).isEmpty());
}

void tst_JwtInspector::warnings_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("warning");

    const Key secret = Key::fromSecret(QByteArray(32, 's'));
    QTest::newRow("alg none") << unsignedToken(R"({"alg":"none"})"_ba, "{}"_ba)
                              << u"header \"alg\" is \"none\": the token is unsigned"_s;
    QTest::newRow("duplicate claim")
        << signedToken(R"({"alg":"HS256"})"_ba, R"({"exp":1,"exp":2})"_ba, u"HS256"_s, secret)
        << u"\"exp\" more than once"_s;
    QTest::newRow("duplicate header member") << signedToken(R"({"alg":"HS256","alg":"HS256"})"_ba,
        "{}"_ba, u"HS256"_s, secret) << u"header has \"alg\" more than once"_s;
    QTest::newRow("jku") << signedToken(
        R"({"alg":"HS256","jku":"https://evil.example/jwks"})"_ba, "{}"_ba, u"HS256"_s, secret)
                         << u"never verifies with keys the token brings"_s;
    QTest::newRow("kid not a string") << signedToken(R"({"alg":"HS256","kid":7})"_ba, "{}"_ba,
        u"HS256"_s, secret) << u"header \"kid\" is not a string"_s;
    QTest::newRow("exp a string") << signedToken(
        R"({"alg":"HS256"})"_ba, R"({"exp":"tomorrow"})"_ba, u"HS256"_s, secret)
                                  << u"claim \"exp\" is not a NumericDate"_s;
    QTest::newRow("aud a number") << signedToken(R"({"alg":"HS256"})"_ba, R"({"aud":["a",1]})"_ba,
        u"HS256"_s, secret) << u"claim \"aud\""_s;
    QTest::newRow("empty signature")
        << unsignedToken(R"({"alg":"HS256"})"_ba, "{}"_ba) << u"needs a signature"_s;
    QTest::newRow("b64 false") << signedToken(R"({"alg":"HS256","b64":false})"_ba, "{}"_ba,
        u"HS256"_s, secret) << u"RFC 7797"_s;
}

void tst_JwtInspector::warnings()
{
    QFETCH(QString, token);
    QFETCH(QString, warning);

    const JwtDecoding decoding = JwtInspector::decode(token);
    QVERIFY2(decoding.isValid(), qPrintable(errorText(decoding)));
    QVERIFY2(
        decoding.warnings.join(u'\n').contains(warning), qPrintable(decoding.warnings.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_JwtInspector)
#include "tst_jwtinspector.moc"
