// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"

#include <QJsonObject>
#include <QTest>

#include "rfcvectors.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

using RfcVectors::rfc7515A2Jwk;

// RFC 7515 Appendix A.1/A.2: the JWS Protected Header and the payload, octet for octet (the
// payload's CRLFs and spaces are part of what is signed).
const QByteArray rfc7515A2Header = R"({"alg":"RS256"})"_ba;
const QByteArray rfc7515Payload
    = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"_ba;

// RFC 7515 Appendix A.2.1: the JWS Signing Input and the signature it must produce.
const QByteArray rfc7515A2SigningInput
    = "eyJhbGciOiJSUzI1NiJ9"
      "."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnV"
      "lfQ"_ba;
const QByteArray rfc7515A2Signature
    = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
      "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
      "nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1"
      "L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
      "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYE"
      "UipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"_ba;

// RFC 7515 Appendix A.3: the P-256 public key and the ES256 JWS it verifies (ECDSA signatures
// are randomised, so only verification of the published one can be checked).
const QJsonObject rfc7515A3PublicJwk {
    {u"kty"_s, u"EC"_s},
    {u"crv"_s, u"P-256"_s},
    {u"x"_s, u"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"_s},
    {u"y"_s, u"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"_s},
};
const QByteArray rfc7515A3SigningInput
    = "eyJhbGciOiJFUzI1NiJ9"
      "."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnV"
      "lfQ"_ba;
const QByteArray rfc7515A3Signature
    = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"_ba;

// RFC 7515 Appendix A.1: the HMAC key, the JWS Signing Input (its header has a CRLF) and the
// HS256 signature. HMAC is deterministic, so the signature must come out exactly.
const QJsonObject rfc7515A1Jwk {
    {u"kty"_s, u"oct"_s},
    {u"k"_s,
        u"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9"
        u"CAow"_s},
};
const QByteArray rfc7515A1Header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"_ba;
const QByteArray rfc7515A1SigningInput
    = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
      "."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnV"
      "lfQ"_ba;
const QByteArray rfc7515A1Signature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_ba;

// RFC 8037 Appendix A.1 (key), A.4 (signing) and A.5 (verification). Ed25519 is deterministic.
const QJsonObject rfc8037Jwk {
    {u"kty"_s, u"OKP"_s},
    {u"crv"_s, u"Ed25519"_s},
    {u"d"_s, u"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"_s},
    {u"x"_s, u"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"_s},
};
const QByteArray rfc8037SigningInput
    = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"_ba;
const QByteArray rfc8037Signature
    = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"_ba;

QByteArray decode(const QByteArray &text)
{
    return Base64Url::decode(text).value_or(QByteArray());
}

Key publicPart(const Key &key)
{
    return Key::fromJwk(key.publicJwk());
}

QByteArray flipBit(QByteArray bytes, qsizetype index)
{
    bytes[index] = char(bytes.at(index) ^ 0x01);
    return bytes;
}

} // namespace

class tst_Jws : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rfc7515A1Hs256();
    void hmac_data();
    void hmac();
    void rfc7515A2Sign();
    void rfc7515A2Compact();
    void rfc7515A2Verify_data();
    void rfc7515A2Verify();
    void rfc7515A3Verify();
    void rfc8037Ed25519();
    void roundTrip_data();
    void roundTrip();
    void tampered_data();
    void tampered();
    void unknownAlgorithm_data();
    void unknownAlgorithm();
    void keyDoesNotFitAlgorithm_data();
    void keyDoesNotFitAlgorithm();
    void pssUsesHashLengthSalt();
    void compactParts();
    void concurrentSigning_data();
    void concurrentSigning();
    void alternatingKeysSignWithTheRightOne();

private:
    QHash<QString, Key> m_keys;
};

void tst_Jws::initTestCase()
{
    QString error;
    m_keys.insert(u"RFC 7515 A.2"_s, Key::fromJwk(rfc7515A2Jwk, &error));
    QVERIFY2(!m_keys.value(u"RFC 7515 A.2"_s).isNull(), qPrintable(error));
    m_keys.insert(u"RSA"_s, Key::generateRsa(2048));
    m_keys.insert(u"RSA other"_s, Key::generateRsa(2048));
    m_keys.insert(u"P-256"_s, Key::generateEc(256));
    m_keys.insert(u"P-256 other"_s, Key::generateEc(256));
    m_keys.insert(u"P-384"_s, Key::generateEc(384));
    m_keys.insert(u"P-384 other"_s, Key::generateEc(384));
    m_keys.insert(u"P-521"_s, Key::generateEc(521));
    m_keys.insert(u"P-521 other"_s, Key::generateEc(521));
    m_keys.insert(u"Ed25519"_s, Key::generateEd25519());
    m_keys.insert(u"Ed25519 other"_s, Key::generateEd25519());
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        QVERIFY2(!it.value().isNull() && it.value().isPrivate(), qPrintable(it.key()));
    }
}

void tst_Jws::rfc7515A1Hs256()
{
    QString error;
    const Key key = Key::fromJwk(rfc7515A1Jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    const QByteArray signature = Jws::sign(rfc7515A1SigningInput, u"HS256"_s, key);
    QCOMPARE(signature.size(), 32);
    QCOMPARE(Base64Url::encode(signature), rfc7515A1Signature);
    QVERIFY(Jws::verify(rfc7515A1SigningInput, signature, u"HS256"_s, key));
    QCOMPARE(Jws::compact(rfc7515A1Header, rfc7515Payload, u"HS256"_s, key),
        rfc7515A1SigningInput + '.' + rfc7515A1Signature);
    // The same secret given as raw bytes is the same key.
    const Key raw = Key::fromSecret(decode(rfc7515A1Jwk.value("k"_L1).toString().toLatin1()));
    QCOMPARE(Jws::sign(rfc7515A1SigningInput, u"HS256"_s, raw), signature);
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::hmac_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<int>("length");

    QTest::newRow("HS256") << u"HS256"_s << 32;
    QTest::newRow("HS384") << u"HS384"_s << 48;
    QTest::newRow("HS512") << u"HS512"_s << 64;
}

void tst_Jws::hmac()
{
    QFETCH(QString, alg);
    QFETCH(int, length);

    const Key key = Key::fromSecret(QByteArray(length, 's'));
    const Key other = Key::fromSecret(QByteArray(length, 't'));
    const QByteArray input = "eyJhbGciOiJIUzI1NiJ9.e30"_ba;
    const QByteArray signature = Jws::sign(input, alg, key);
    QCOMPARE(signature.size(), length);
    QVERIFY(Jws::verify(input, signature, alg, key));
    QVERIFY(!Jws::verify(input, signature, alg, other));
    QVERIFY(!Jws::verify(input + ' ', signature, alg, key));
    QVERIFY(!Jws::verify(input, flipBit(signature, length - 1), alg, key));
    QVERIFY(!Jws::verify(input, signature.left(length - 1), alg, key));
    QVERIFY(!Jws::verify(input, signature + '\0', alg, key));
    // A weak (short) secret still works: RFC 7518 §3.2 is for the inspector to point out.
    const Key weak = Key::fromSecret("short"_ba);
    QVERIFY(Jws::verify(input, Jws::sign(input, alg, weak), alg, weak));
    // HMAC only with a shared secret, and a shared secret only with HMAC: an RSA public key
    // must never become an HMAC secret (algorithm confusion).
    const Key rsa = m_keys.value(u"RSA"_s);
    QVERIFY(Jws::sign(input, alg, rsa).isEmpty());
    QVERIFY(!Jws::verify(input, signature, alg, publicPart(rsa)));
    QVERIFY(Jws::sign(input, u"RS256"_s, key).isEmpty());
    QVERIFY(Jws::sign(input, u"ES256"_s, key).isEmpty());
    QVERIFY(Jws::sign(input, u"EdDSA"_s, key).isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::rfc7515A2Sign()
{
    // RSASSA-PKCS1-v1_5 is deterministic, so the RFC's signature must come out exactly.
    const QByteArray signature
        = Jws::sign(rfc7515A2SigningInput, u"RS256"_s, m_keys.value(u"RFC 7515 A.2"_s));
    QCOMPARE(signature.size(), 256);
    QCOMPARE(Base64Url::encode(signature), rfc7515A2Signature);
}

void tst_Jws::rfc7515A2Compact()
{
    const QByteArray token = Jws::compact(
        rfc7515A2Header, rfc7515Payload, u"RS256"_s, m_keys.value(u"RFC 7515 A.2"_s));
    QCOMPARE(token, rfc7515A2SigningInput + '.' + rfc7515A2Signature);
}

void tst_Jws::rfc7515A2Verify_data()
{
    QTest::addColumn<QJsonObject>("jwk");

    QTest::newRow("private key") << rfc7515A2Jwk;
    QTest::newRow("public key") << QJsonObject {{u"kty"_s, u"RSA"_s},
        {u"n"_s, rfc7515A2Jwk.value("n"_L1)}, {u"e"_s, rfc7515A2Jwk.value("e"_L1)}};
}

void tst_Jws::rfc7515A2Verify()
{
    QFETCH(QJsonObject, jwk);

    const Key key = Key::fromJwk(jwk);
    QVERIFY(!key.isNull());
    const QByteArray signature = decode(rfc7515A2Signature);
    QVERIFY(Jws::verify(rfc7515A2SigningInput, signature, u"RS256"_s, key));

    QVERIFY(!Jws::verify(rfc7515A2SigningInput + ' ', signature, u"RS256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A2SigningInput, flipBit(signature, 100), u"RS256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A2SigningInput, signature.chopped(1), u"RS256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A2SigningInput, signature, u"RS384"_s, key));
    QVERIFY(!Jws::verify(rfc7515A2SigningInput, signature, u"PS256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A2SigningInput, signature, u"RS256"_s, m_keys.value(u"RSA"_s)));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::rfc7515A3Verify()
{
    QString error;
    const Key key = Key::fromJwk(rfc7515A3PublicJwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    const QByteArray signature = decode(rfc7515A3Signature);
    QCOMPARE(signature.size(), 64); // R || S, not DER
    QVERIFY(Jws::verify(rfc7515A3SigningInput, signature, u"ES256"_s, key));

    QVERIFY(!Jws::verify(rfc7515A2SigningInput, signature, u"ES256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A3SigningInput, flipBit(signature, 5), u"ES256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A3SigningInput, flipBit(signature, 40), u"ES256"_s, key));
    QVERIFY(!Jws::verify(rfc7515A3SigningInput, signature.chopped(1), u"ES256"_s, key));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::rfc8037Ed25519()
{
    QString error;
    const Key key = Key::fromJwk(rfc8037Jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));

    const QByteArray signature = Jws::sign(rfc8037SigningInput, u"EdDSA"_s, key);
    QCOMPARE(Base64Url::encode(signature), rfc8037Signature);

    const Key publicKey = publicPart(key);
    QVERIFY(!publicKey.isPrivate());
    QVERIFY(Jws::verify(rfc8037SigningInput, decode(rfc8037Signature), u"EdDSA"_s, publicKey));
    QVERIFY(!Jws::verify(
        rfc8037SigningInput.chopped(1), decode(rfc8037Signature), u"EdDSA"_s, publicKey));
    QVERIFY(!Jws::verify(
        rfc8037SigningInput, flipBit(decode(rfc8037Signature), 63), u"EdDSA"_s, publicKey));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::roundTrip_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<int>("signatureSize");
    QTest::addColumn<bool>("deterministic");

    QTest::newRow("RS256") << u"RS256"_s << u"RSA"_s << 256 << true;
    QTest::newRow("RS384") << u"RS384"_s << u"RSA"_s << 256 << true;
    QTest::newRow("RS512") << u"RS512"_s << u"RSA"_s << 256 << true;
    QTest::newRow("PS256") << u"PS256"_s << u"RSA"_s << 256 << false;
    QTest::newRow("PS384") << u"PS384"_s << u"RSA"_s << 256 << false;
    QTest::newRow("PS512") << u"PS512"_s << u"RSA"_s << 256 << false;
    // RFC 7518 §3.4: R || S, each the octet length of the curve order.
    QTest::newRow("ES256") << u"ES256"_s << u"P-256"_s << 64 << false;
    QTest::newRow("ES384") << u"ES384"_s << u"P-384"_s << 96 << false;
    QTest::newRow("ES512") << u"ES512"_s << u"P-521"_s << 132 << false;
    QTest::newRow("EdDSA") << u"EdDSA"_s << u"Ed25519"_s << 64 << true;
}

void tst_Jws::roundTrip()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(int, signatureSize);
    QFETCH(bool, deterministic);

    const Key key = m_keys.value(keyName);
    const QByteArray input = Base64Url::encode(R"({"alg":")"_ba + alg.toLatin1() + R"("})"_ba) + '.'
        + Base64Url::encode(R"({"sub":"client","scope":"read"})"_ba);
    const QByteArray signature = Jws::sign(input, alg, key);
    QCOMPARE(signature.size(), signatureSize);
    QVERIFY(Jws::verify(input, signature, alg, key));
    // A verifier only ever has the public key.
    QVERIFY(Jws::verify(input, signature, alg, publicPart(key)));
    const QByteArray again = Jws::sign(input, alg, key);
    QCOMPARE(again == signature, deterministic);
    QVERIFY(Jws::verify(input, again, alg, publicPart(key)));
}

void tst_Jws::tampered_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("tamper");

    const std::array<std::pair<QString, QString>, 10> algorithms = {{
        {u"RS256"_s, u"RSA"_s},
        {u"RS384"_s, u"RSA"_s},
        {u"RS512"_s, u"RSA"_s},
        {u"PS256"_s, u"RSA"_s},
        {u"PS384"_s, u"RSA"_s},
        {u"PS512"_s, u"RSA"_s},
        {u"ES256"_s, u"P-256"_s},
        {u"ES384"_s, u"P-384"_s},
        {u"ES512"_s, u"P-521"_s},
        {u"EdDSA"_s, u"Ed25519"_s},
    }};
    const QStringList tampers = {u"payload"_s, u"header"_s, u"appended input"_s,
        u"signature first"_s, u"signature last"_s, u"truncated"_s, u"extended"_s, u"empty"_s,
        u"zeros"_s, u"wrong key"_s};
    for (const auto &[alg, keyName] : algorithms) {
        for (const QString &tamper : tampers) {
            QTest::addRow("%s %s", qPrintable(alg), qPrintable(tamper)) << alg << keyName << tamper;
        }
    }
}

void tst_Jws::tampered()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(QString, tamper);

    const Key key = m_keys.value(keyName);
    const QByteArray header = Base64Url::encode(R"({"alg":")"_ba + alg.toLatin1() + R"("})"_ba);
    const QByteArray payload = Base64Url::encode(R"({"sub":"client","admin":false})"_ba);
    QByteArray input = header + '.' + payload;
    QByteArray signature = Jws::sign(input, alg, key);
    QVERIFY(!signature.isEmpty());
    Key verifier = publicPart(key);
    QVERIFY(Jws::verify(input, signature, alg, verifier));

    if (tamper == u"payload") {
        input = header + '.' + Base64Url::encode(R"({"sub":"client","admin":true})"_ba);
    } else if (tamper == u"header") {
        input = Base64Url::encode(R"({"alg":"none"})"_ba) + '.' + payload;
    } else if (tamper == u"appended input") {
        input += ".x";
    } else if (tamper == u"signature first") {
        signature = flipBit(signature, 0);
    } else if (tamper == u"signature last") {
        signature = flipBit(signature, signature.size() - 1);
    } else if (tamper == u"truncated") {
        signature.chop(1);
    } else if (tamper == u"extended") {
        signature.append('\0');
    } else if (tamper == u"empty") {
        signature.clear();
    } else if (tamper == u"zeros") {
        signature.fill('\0');
    } else if (tamper == u"wrong key") {
        verifier = publicPart(m_keys.value(keyName + u" other"_s));
        QVERIFY(!verifier.isNull());
    } else {
        QFAIL("unknown tamper");
    }
    QVERIFY(!Jws::verify(input, signature, alg, verifier));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::unknownAlgorithm_data()
{
    QTest::addColumn<QString>("alg");

    QTest::newRow("none") << u"none"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("HS256") << u"HS256"_s;
    QTest::newRow("lower case") << u"rs256"_s;
    QTest::newRow("trailing space") << u"RS256 "_s;
    QTest::newRow("RS1") << u"RS1"_s;
    QTest::newRow("RSA-OAEP") << u"RSA-OAEP"_s;
    QTest::newRow("ES256K") << u"ES256K"_s;
}

void tst_Jws::unknownAlgorithm()
{
    QFETCH(QString, alg);

    const Key key = m_keys.value(u"RSA"_s);
    const QByteArray input = "eyJhbGciOiJub25lIn0.e30"_ba;
    QVERIFY(Jws::sign(input, alg, key).isEmpty());
    QVERIFY(Jws::compact("{}"_ba, "{}"_ba, alg, key).isEmpty());
    // Even a signature that is valid for RS256 is not accepted under another name.
    const QByteArray valid = Jws::sign(input, u"RS256"_s, key);
    QVERIFY(!Jws::verify(input, valid, alg, key));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::keyDoesNotFitAlgorithm_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("rightKeyName");

    QTest::newRow("RS256 with EC") << u"RS256"_s << u"P-256"_s << u"RSA"_s;
    QTest::newRow("RS512 with Ed25519") << u"RS512"_s << u"Ed25519"_s << u"RSA"_s;
    QTest::newRow("PS256 with EC") << u"PS256"_s << u"P-256"_s << u"RSA"_s;
    QTest::newRow("ES256 with RSA") << u"ES256"_s << u"RSA"_s << u"P-256"_s;
    // RFC 7518 §3.4 ties each ES algorithm to one curve.
    QTest::newRow("ES256 with P-384") << u"ES256"_s << u"P-384"_s << u"P-256"_s;
    QTest::newRow("ES384 with P-256") << u"ES384"_s << u"P-256"_s << u"P-384"_s;
    QTest::newRow("ES512 with P-384") << u"ES512"_s << u"P-384"_s << u"P-521"_s;
    QTest::newRow("ES256 with Ed25519") << u"ES256"_s << u"Ed25519"_s << u"P-256"_s;
    QTest::newRow("EdDSA with RSA") << u"EdDSA"_s << u"RSA"_s << u"Ed25519"_s;
    QTest::newRow("EdDSA with EC") << u"EdDSA"_s << u"P-256"_s << u"Ed25519"_s;
    QTest::newRow("null key") << u"RS256"_s << u"no such key"_s << u"RSA"_s;
}

void tst_Jws::keyDoesNotFitAlgorithm()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(QString, rightKeyName);

    const Key key = m_keys.value(keyName);
    const QByteArray input = "eyJhbGciOiJub25lIn0.e30"_ba;
    QVERIFY(Jws::sign(input, alg, key).isEmpty());
    const QByteArray valid = Jws::sign(input, alg, m_keys.value(rightKeyName));
    QVERIFY(!valid.isEmpty());
    QVERIFY(!Jws::verify(input, valid, alg, key));
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Jws::pssUsesHashLengthSalt()
{
    // RFC 7518 §3.5: the salt is as long as the hash output. Checked with OpenSSL directly, so
    // that the verifier is not just the signer's mirror image.
    const Key key = m_keys.value(u"RSA"_s);
    const QByteArray input = "eyJhbGciOiJQUzI1NiJ9.e30"_ba;
    const QByteArray signature = Jws::sign(input, u"PS256"_s, key);
    QCOMPARE(signature.size(), 256);

    const auto verifyWithSalt = [&](int saltLength) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pkeyCtx = nullptr;
        const bool ok
            = EVP_DigestVerifyInit(ctx, &pkeyCtx, EVP_sha256(), nullptr, key.handle()) == 1
            && EVP_PKEY_CTX_set_rsa_padding(pkeyCtx, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pkeyCtx, saltLength) == 1
            && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
                   size_t(signature.size()),
                   reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()))
                == 1;
        EVP_MD_CTX_free(ctx);
        ERR_clear_error();
        return ok;
    };
    QVERIFY(verifyWithSalt(32));
    QVERIFY(!verifyWithSalt(20));
    QVERIFY(!verifyWithSalt(64));
}

void tst_Jws::compactParts()
{
    const Key key = m_keys.value(u"RSA"_s);
    const QByteArray header
        = R"({"alg":"RS256","typ":"JWT","kid":")"_ba + key.thumbprint().toLatin1() + R"("})"_ba;
    const QByteArray payload = R"({"sub":"client","exp":1300819380})"_ba;
    const QByteArray token = Jws::compact(header, payload, u"RS256"_s, key);

    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    QCOMPARE(decode(parts.at(0)), header);
    QCOMPARE(decode(parts.at(1)), payload);
    QVERIFY(!token.contains('='));
    QVERIFY(Jws::verify(
        parts.at(0) + '.' + parts.at(1), decode(parts.at(2)), u"RS256"_s, publicPart(key)));
}

void tst_Jws::concurrentSigning_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");

    QTest::newRow("RS256") << u"RS256"_s << u"RSA"_s;
    QTest::newRow("PS256") << u"PS256"_s << u"RSA"_s;
    QTest::newRow("ES256") << u"ES256"_s << u"P-256"_s;
    QTest::newRow("EdDSA") << u"EdDSA"_s << u"Ed25519"_s;
}

void tst_Jws::concurrentSigning()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);

    // Token requests are served from several threads that share one Key.
    const Key key = m_keys.value(keyName);
    constexpr int threadCount = 4;
    constexpr int perThread = 12;
    std::vector<std::vector<std::pair<QByteArray, QByteArray>>> results(threadCount);
    std::vector<std::thread> threads;
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < perThread; ++i) {
                const QByteArray input = "header." + QByteArray::number(t * 1000 + i);
                results[size_t(t)].emplace_back(input, Jws::sign(input, alg, key));
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }

    const Key verifier = publicPart(key);
    for (const auto &perThreadResults : results) {
        QCOMPARE(perThreadResults.size(), size_t(perThread));
        for (const auto &[input, signature] : perThreadResults) {
            QVERIFY2(Jws::verify(input, signature, alg, verifier), input.constData());
        }
    }
}

void tst_Jws::alternatingKeysSignWithTheRightOne()
{
    // Each thread keeps a few initialised signing contexts (one per key and algorithm): going
    // round more pairs than it keeps, twice, and back, every signature must still come from
    // the key asked for, with the algorithm asked for.
    const std::vector<std::pair<QString, QString>> uses {{u"RS256"_s, u"RSA"_s},
        {u"PS256"_s, u"RSA"_s}, {u"RS256"_s, u"RSA other"_s}, {u"ES256"_s, u"P-256"_s},
        {u"ES256"_s, u"P-256 other"_s}, {u"ES384"_s, u"P-384"_s}, {u"EdDSA"_s, u"Ed25519"_s},
        {u"EdDSA"_s, u"Ed25519 other"_s}, {u"RS512"_s, u"RSA"_s}};
    for (int round = 0; round < 3; ++round) {
        for (const auto &[alg, keyName] : uses) {
            const QByteArray input = "round." + QByteArray::number(round) + '.' + keyName.toUtf8();
            const QByteArray signature = Jws::sign(input, alg, m_keys.value(keyName));
            QVERIFY2(Jws::verify(input, signature, alg, publicPart(m_keys.value(keyName))),
                qPrintable(alg + u' ' + keyName));
            const QString other
                = keyName.endsWith(u" other"_s) ? keyName.chopped(6) : keyName + u" other"_s;
            QVERIFY2(!Jws::verify(input, signature, alg, publicPart(m_keys.value(other))),
                qPrintable(alg + u' ' + keyName + u" verified by "_s + other));
        }
    }
    // PKCS#1 v1.5 is deterministic: a copied context gives what a fresh one gives.
    const Key &key = m_keys.value(u"RSA"_s);
    QCOMPARE(Jws::sign("same", u"RS256"_s, key), Jws::sign("same", u"RS256"_s, key));
}

QTEST_GUILESS_MAIN(tst_Jws)
#include "tst_jws.moc"
