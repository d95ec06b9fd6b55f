// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "rfcvectors.h"

// Only to prove that a handled failure leaves OpenSSL's per-thread error queue empty.
#include <openssl/err.h>

using namespace Qt::Literals::StringLiterals;

namespace {

// RFC 7638 §3.1: the example RSA public key and the thumbprint it must produce.
const QJsonObject rfc7638Jwk {
    {u"kty"_s, u"RSA"_s},
    {u"n"_s,
        u"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tS"
        u"oc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65"
        u"YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyr"
        u"dkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
        u"nqDKgw"_s},
    {u"e"_s, u"AQAB"_s},
    // Not part of the thumbprint input (RFC 7638 §3.2).
    {u"alg"_s, u"RS256"_s},
    {u"kid"_s, u"2011-04-29"_s},
};
constexpr auto rfc7638ExpectedThumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"_L1;

using RfcVectors::rfc7515A2Jwk;

// RFC 7515 Appendix A.3.1: a P-256 private key.
const QJsonObject rfc7515A3Jwk {
    {u"kty"_s, u"EC"_s},
    {u"crv"_s, u"P-256"_s},
    {u"x"_s, u"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"_s},
    {u"y"_s, u"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"_s},
    {u"d"_s, u"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"_s},
};

// RFC 8037 Appendix A.1 (key) and A.3 (its thumbprint).
const QJsonObject rfc8037Jwk {
    {u"kty"_s, u"OKP"_s},
    {u"crv"_s, u"Ed25519"_s},
    {u"d"_s, u"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"_s},
    {u"x"_s, u"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"_s},
};
constexpr auto rfc8037ExpectedThumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"_L1;

QJsonObject with(QJsonObject jwk, const QString &name, const QJsonValue &value)
{
    jwk.insert(name, value);
    return jwk;
}

QJsonObject without(QJsonObject jwk, const QString &name)
{
    jwk.remove(name);
    return jwk;
}

QByteArray decoded(const QJsonObject &jwk, QLatin1StringView name)
{
    return Base64Url::decode(jwk.value(name).toString().toLatin1()).value_or(QByteArray());
}

} // namespace

class tst_Key : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nullKey();
    void rfc7638Thumbprint();
    void rfc8037Thumbprint();
    void generated_data();
    void generated();
    void generateRejectsUnsupportedSizes();
    void rsaPublicJwkIsMinimal();
    void ecPublicJwkIsFullLength_data();
    void ecPublicJwkIsFullLength();
    void pemRoundTrip_data();
    void pemRoundTrip();
    void jwkRoundTrip_data();
    void jwkRoundTrip();
    void privateJwkImport_data();
    void privateJwkImport();
    void rsaPrivateJwkWithoutCrtMembers();
    void fromPemRejects_data();
    void fromPemRejects();
    void fromJwkRejects_data();
    void fromJwkRejects();
    void publicKeyCannotSign();
    void copiesShareTheKey();
    void octKey();
    void secretKey_data();
    void secretKey();
    void certificate();

private:
    QHash<QString, Key> m_keys;
};

void tst_Key::initTestCase()
{
    // Generated once: RSA generation is the slow part of this test.
    m_keys.insert(u"RSA-2048"_s, Key::generateRsa(2048));
    m_keys.insert(u"P-256"_s, Key::generateEc(256));
    m_keys.insert(u"P-384"_s, Key::generateEc(384));
    m_keys.insert(u"P-521"_s, Key::generateEc(521));
    m_keys.insert(u"Ed25519"_s, Key::generateEd25519());
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        QVERIFY2(!it.value().isNull(), qPrintable(it.key()));
    }
}

void tst_Key::nullKey()
{
    const Key key;
    QVERIFY(key.isNull());
    QCOMPARE(key.type(), Key::Type::None);
    QCOMPARE(key.bits(), 0);
    QVERIFY(!key.isPrivate());
    QVERIFY(key.privateKeyPem().isEmpty());
    QVERIFY(key.publicKeyPem().isEmpty());
    QVERIFY(key.publicJwk().isEmpty());
    QVERIFY(key.thumbprint().isEmpty());
    QCOMPARE(key.handle(), nullptr);
}

void tst_Key::rfc7638Thumbprint()
{
    QString error;
    const Key key = Key::fromJwk(rfc7638Jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.type(), Key::Type::Rsa);
    QVERIFY(!key.isPrivate());
    QCOMPARE(key.bits(), 2048);
    QCOMPARE(key.thumbprint(), rfc7638ExpectedThumbprint);
    // publicJwk() gives back exactly the public members, without "alg"/"kid".
    QCOMPARE(key.publicJwk(), without(without(rfc7638Jwk, u"alg"_s), u"kid"_s));
}

void tst_Key::rfc8037Thumbprint()
{
    QString error;
    const Key key = Key::fromJwk(rfc8037Jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.type(), Key::Type::Ed25519);
    QVERIFY(key.isPrivate());
    QCOMPARE(key.thumbprint(), rfc8037ExpectedThumbprint);
    QCOMPARE(key.publicJwk(), without(rfc8037Jwk, u"d"_s));
}

void tst_Key::generated_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Key::Type>("type");
    QTest::addColumn<int>("bits");

    QTest::newRow("RSA-2048") << u"RSA-2048"_s << Key::Type::Rsa << 2048;
    QTest::newRow("P-256") << u"P-256"_s << Key::Type::Ec << 256;
    QTest::newRow("P-384") << u"P-384"_s << Key::Type::Ec << 384;
    QTest::newRow("P-521") << u"P-521"_s << Key::Type::Ec << 521;
    QTest::newRow("Ed25519") << u"Ed25519"_s << Key::Type::Ed25519 << 256;
}

void tst_Key::generated()
{
    QFETCH(QString, name);
    QFETCH(Key::Type, type);
    QFETCH(int, bits);

    const Key key = m_keys.value(name);
    QCOMPARE(key.type(), type);
    QCOMPARE(key.bits(), bits);
    QVERIFY(key.isPrivate());
    QCOMPARE(key.thumbprint().size(), 43); // 32 octets of SHA-256, base64url
    // Two generated keys are different keys.
    const Key other
        = type == Key::Type::Rsa ? m_keys.value(u"P-256"_s) : m_keys.value(u"RSA-2048"_s);
    QVERIFY(key.thumbprint() != other.thumbprint());
}

void tst_Key::generateRejectsUnsupportedSizes()
{
    QVERIFY(Key::generateEc(255).isNull());
    QVERIFY(Key::generateEc(0).isNull());
    QVERIFY(Key::generateRsa(256).isNull());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Key::rsaPublicJwkIsMinimal()
{
    const QJsonObject jwk = m_keys.value(u"RSA-2048"_s).publicJwk();
    QCOMPARE(jwk.value("kty"_L1).toString(), u"RSA"_s);
    QCOMPARE(jwk.value("e"_L1).toString(), u"AQAB"_s);
    const QByteArray n = decoded(jwk, "n"_L1);
    QCOMPARE(n.size(), 256);
    QVERIFY(n.at(0) != '\0');
    QCOMPARE(jwk.size(), 3);

    // The RFC 7515 key's modulus comes back out byte for byte.
    const Key rfc = Key::fromJwk(rfc7515A2Jwk);
    QCOMPARE(rfc.publicJwk().value("n"_L1), rfc7515A2Jwk.value("n"_L1));
}

void tst_Key::ecPublicJwkIsFullLength_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("coordinateBytes");

    QTest::newRow("P-256") << u"P-256"_s << 32;
    QTest::newRow("P-384") << u"P-384"_s << 48;
    QTest::newRow("P-521") << u"P-521"_s << 66;
}

void tst_Key::ecPublicJwkIsFullLength()
{
    QFETCH(QString, name);
    QFETCH(int, coordinateBytes);

    const QJsonObject jwk = m_keys.value(name).publicJwk();
    QCOMPARE(jwk.value("kty"_L1).toString(), u"EC"_s);
    QCOMPARE(jwk.value("crv"_L1).toString(), name);
    // RFC 7518 §6.2.1.2: coordinates are always the full octet length of the curve.
    QCOMPARE(decoded(jwk, "x"_L1).size(), coordinateBytes);
    QCOMPARE(decoded(jwk, "y"_L1).size(), coordinateBytes);
    QVERIFY(!jwk.contains("d"_L1));
}

void tst_Key::pemRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"RSA-2048", "P-256", "P-384", "P-521", "Ed25519"}) {
        QTest::newRow(name) << QString::fromLatin1(name);
    }
}

void tst_Key::pemRoundTrip()
{
    QFETCH(QString, name);
    const Key key = m_keys.value(name);

    const QByteArray privatePem = key.privateKeyPem();
    QVERIFY(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n")); // PKCS#8, unencrypted
    QString error;
    const Key privateCopy = Key::fromPem(privatePem, &error);
    QVERIFY2(!privateCopy.isNull(), qPrintable(error));
    QVERIFY(privateCopy.isPrivate());
    QCOMPARE(privateCopy.type(), key.type());
    QCOMPARE(privateCopy.bits(), key.bits());
    QCOMPARE(privateCopy.thumbprint(), key.thumbprint());
    QCOMPARE(privateCopy.privateKeyPem(), privatePem);

    const QByteArray publicPem = key.publicKeyPem();
    QVERIFY(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
    const Key publicCopy = Key::fromPem(publicPem, &error);
    QVERIFY2(!publicCopy.isNull(), qPrintable(error));
    QVERIFY(!publicCopy.isPrivate());
    QCOMPARE(publicCopy.thumbprint(), key.thumbprint());
    QCOMPARE(publicCopy.publicKeyPem(), publicPem);
    QVERIFY(publicCopy.privateKeyPem().isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Key::jwkRoundTrip_data()
{
    pemRoundTrip_data();
}

void tst_Key::jwkRoundTrip()
{
    QFETCH(QString, name);
    const Key key = m_keys.value(name);

    QString error;
    const Key copy = Key::fromJwk(key.publicJwk(), &error);
    QVERIFY2(!copy.isNull(), qPrintable(error));
    QVERIFY(!copy.isPrivate());
    QCOMPARE(copy.type(), key.type());
    QCOMPARE(copy.bits(), key.bits());
    QCOMPARE(copy.publicJwk(), key.publicJwk());
    QCOMPARE(copy.thumbprint(), key.thumbprint());
    QCOMPARE(copy.publicKeyPem(), key.publicKeyPem());
}

void tst_Key::privateJwkImport_data()
{
    QTest::addColumn<QJsonObject>("jwk");
    QTest::addColumn<Key::Type>("type");
    QTest::addColumn<int>("bits");

    QTest::newRow("RFC 7515 A.2 RSA with CRT") << rfc7515A2Jwk << Key::Type::Rsa << 2048;
    QJsonObject withoutCrt = rfc7515A2Jwk;
    for (const auto &name : {u"p"_s, u"q"_s, u"dp"_s, u"dq"_s, u"qi"_s}) {
        withoutCrt.remove(name);
    }
    QTest::newRow("RFC 7515 A.2 RSA, n/e/d only") << withoutCrt << Key::Type::Rsa << 2048;
    QTest::newRow("RFC 7515 A.3 P-256") << rfc7515A3Jwk << Key::Type::Ec << 256;
    QTest::newRow("RFC 8037 A.1 Ed25519") << rfc8037Jwk << Key::Type::Ed25519 << 256;
}

void tst_Key::privateJwkImport()
{
    QFETCH(QJsonObject, jwk);
    QFETCH(Key::Type, type);
    QFETCH(int, bits);

    QString error;
    const Key key = Key::fromJwk(jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.type(), type);
    QCOMPARE(key.bits(), bits);
    QVERIFY(key.isPrivate());
    // The private key signs, and its public half verifies.
    const QString alg = type == Key::Type::Rsa ? u"RS256"_s
        : type == Key::Type::Ec                ? u"ES256"_s
                                               : u"EdDSA"_s;
    const QByteArray input = "eyJhbGciOiJub25lIn0.e30"_ba;
    const QByteArray signature = Jws::sign(input, alg, key);
    QVERIFY(!signature.isEmpty());
    QVERIFY(Jws::verify(input, signature, alg, Key::fromJwk(key.publicJwk())));
    // The PEM export keeps the private key.
    const Key fromPem = Key::fromPem(key.privateKeyPem());
    QVERIFY(fromPem.isPrivate());
    QCOMPARE(fromPem.thumbprint(), key.thumbprint());
}

void tst_Key::rsaPrivateJwkWithoutCrtMembers()
{
    // RFC 7518 §6.3.2 makes p, q, dp, dq and qi optional; the key recovers them, so it signs
    // exactly like the full key (PKCS#1 v1.5 is deterministic) and can be written as PKCS#8.
    QJsonObject minimal = rfc7515A2Jwk;
    for (const auto &name : {u"p"_s, u"q"_s, u"dp"_s, u"dq"_s, u"qi"_s}) {
        minimal.remove(name);
    }
    QString error;
    const Key key = Key::fromJwk(minimal, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    const Key full = Key::fromJwk(rfc7515A2Jwk);
    const QByteArray input = "eyJhbGciOiJSUzI1NiJ9.e30"_ba;
    const QByteArray signature = Jws::sign(input, u"RS256"_s, key);
    QCOMPARE(signature.size(), 256);
    QCOMPARE(signature, Jws::sign(input, u"RS256"_s, full));

    const Key reloaded = Key::fromPem(key.privateKeyPem(), &error);
    QVERIFY2(reloaded.isPrivate(), qPrintable(error));
    QCOMPARE(Jws::sign(input, u"RS256"_s, reloaded), signature);
}

void tst_Key::fromPemRejects_data()
{
    QTest::addColumn<QByteArray>("pem");

    const QByteArray validPrivate = m_keys.value(u"RSA-2048"_s).privateKeyPem();
    const QByteArray validPublic = m_keys.value(u"P-256"_s).publicKeyPem();

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << "this is not a key"_ba;
    QTest::newRow("binary") << QByteArray("\x30\x82\x01\x00\xff\x00", 6);
    QTest::newRow("bad base64 body")
        << "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"_ba;
    QTest::newRow("empty body") << "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"_ba;
    QTest::newRow("not a key structure")
        << "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n"_ba;
    QTest::newRow("truncated private") << validPrivate.left(validPrivate.size() / 2);
    QTest::newRow("truncated public") << validPublic.left(validPublic.size() - 40);
    QTest::newRow("certificate request label")
        << QByteArray(validPublic).replace("PUBLIC KEY", "CERTIFICATE REQUEST");
}

void tst_Key::fromPemRejects()
{
    QFETCH(QByteArray, pem);

    QString error;
    const Key key = Key::fromPem(pem, &error);
    QVERIFY(key.isNull());
    QVERIFY(!error.isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
    // The error message is optional for the caller.
    QVERIFY(Key::fromPem(pem).isNull());
}

void tst_Key::fromJwkRejects_data()
{
    QTest::addColumn<QJsonObject>("jwk");

    const QJsonObject rsaPublic = without(without(rfc7638Jwk, u"alg"_s), u"kid"_s);
    const QJsonObject otherEc = m_keys.value(u"P-256"_s).publicJwk();
    const QJsonObject otherEd = m_keys.value(u"Ed25519"_s).publicJwk();

    QTest::newRow("empty object") << QJsonObject();
    QTest::newRow("no kty") << without(rsaPublic, u"kty"_s);
    QTest::newRow("unknown kty") << with(rsaPublic, u"kty"_s, u"DSA"_s);
    QTest::newRow("oct without k") << QJsonObject {{u"kty"_s, u"oct"_s}};
    QTest::newRow("oct k empty") << QJsonObject {{u"kty"_s, u"oct"_s}, {u"k"_s, u""_s}};
    QTest::newRow("oct k standard base64")
        << QJsonObject {{u"kty"_s, u"oct"_s}, {u"k"_s, u"AyM1+ysP"_s}};
    QTest::newRow("oct k not a string") << QJsonObject {{u"kty"_s, u"oct"_s}, {u"k"_s, 42}};
    QTest::newRow("RSA without n") << without(rsaPublic, u"n"_s);
    QTest::newRow("RSA without e") << without(rsaPublic, u"e"_s);
    QTest::newRow("RSA n padded") << with(
        rsaPublic, u"n"_s, QString(rsaPublic.value("n"_L1).toString() + u"=="_s));
    QTest::newRow("RSA n standard base64") << with(rsaPublic, u"n"_s, u"ab+/"_s);
    QTest::newRow("RSA n not a string") << with(rsaPublic, u"n"_s, 42);
    QTest::newRow("RSA e empty") << with(rsaPublic, u"e"_s, u""_s);
    QTest::newRow("RSA partial CRT") << without(rfc7515A2Jwk, u"qi"_s);
    QTest::newRow("RSA CRT without d") << without(rfc7515A2Jwk, u"d"_s);
    QTest::newRow("RSA d of another modulus")
        << with(rsaPublic, u"d"_s, rfc7515A2Jwk.value("d"_L1));
    QTest::newRow("RSA p of another modulus")
        << with(rfc7515A2Jwk, u"p"_s, rfc7515A2Jwk.value("q"_L1));
    QTest::newRow("RSA multi-prime") << with(rfc7515A2Jwk, u"oth"_s, QJsonArray());
    QTest::newRow("EC unknown curve") << with(rfc7515A3Jwk, u"crv"_s, u"secp256k1"_s);
    QTest::newRow("EC without y") << without(rfc7515A3Jwk, u"y"_s);
    QTest::newRow("EC short x") << with(
        rfc7515A3Jwk, u"x"_s, u"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE"_s);
    QTest::newRow("EC point not on the curve") << with(
        without(rfc7515A3Jwk, u"d"_s), u"y"_s, u"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4"_s);
    // Not the RFC's "d": the private scalar of some other point.
    QTest::newRow("EC d of another key")
        << with(rfc7515A3Jwk, u"d"_s, u"jpsQnnGQmL-YBIffH1136cLnT8EgfH3cTzP9kGkoFtM"_s);
    QTest::newRow("EC d with another key's point")
        << with(with(rfc7515A3Jwk, u"x"_s, otherEc.value("x"_L1)), u"y"_s, otherEc.value("y"_L1));
    QTest::newRow("OKP X25519") << without(with(rfc8037Jwk, u"crv"_s, u"X25519"_s), u"d"_s);
    QTest::newRow("OKP without x") << without(rfc8037Jwk, u"x"_s);
    QTest::newRow("OKP short x") << with(without(rfc8037Jwk, u"d"_s), u"x"_s, u"11qYAYKx"_s);
    QTest::newRow("OKP d with another key's x") << with(rfc8037Jwk, u"x"_s, otherEd.value("x"_L1));
}

void tst_Key::fromJwkRejects()
{
    QFETCH(QJsonObject, jwk);

    QString error;
    const Key key = Key::fromJwk(jwk, &error);
    QVERIFY(key.isNull());
    QVERIFY(!error.isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Key::publicKeyCannotSign()
{
    for (const auto &[name, alg] : {std::pair {u"RSA-2048"_s, u"RS256"_s},
             std::pair {u"P-256"_s, u"ES256"_s}, std::pair {u"Ed25519"_s, u"EdDSA"_s}}) {
        const Key publicOnly = Key::fromPem(m_keys.value(name).publicKeyPem());
        QVERIFY2(!publicOnly.isNull(), qPrintable(name));
        QVERIFY(!publicOnly.isPrivate());
        QVERIFY2(Jws::sign("a.b"_ba, alg, publicOnly).isEmpty(), qPrintable(name));
        QVERIFY2(Jws::compact("{}"_ba, "{}"_ba, alg, publicOnly).isEmpty(), qPrintable(name));
        QCOMPARE(ERR_peek_error(), 0ul);
        // The private key it came from still can.
        QVERIFY(!Jws::sign("a.b"_ba, alg, m_keys.value(name)).isEmpty());
    }
}

void tst_Key::copiesShareTheKey()
{
    const Key key = m_keys.value(u"P-256"_s);
    const Key copy = key; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(copy.handle(), key.handle());
    QCOMPARE(copy.thumbprint(), key.thumbprint());
}

void tst_Key::octKey()
{
    // RFC 7515 Appendix A.1.1: the 64-octet HMAC key.
    QString error;
    const Key key = Key::fromJwk(QJsonObject {{u"kty"_s, u"oct"_s},
                                     {u"k"_s,
                                         u"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aK"
                                         u"tMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"_s}},
        &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.type(), Key::Type::Oct);
    QCOMPARE(key.bits(), 512);
    QVERIFY(key.isPrivate());
    // A shared secret has no public half: nothing of it may be exported or published.
    QVERIFY(key.publicJwk().isEmpty());
    QVERIFY(key.publicKeyPem().isEmpty());
    QVERIFY(key.privateKeyPem().isEmpty());
    QVERIFY(key.thumbprint().isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Key::secretKey_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<int>("bits");

    QTest::newRow("one byte") << "x"_ba << 8;
    QTest::newRow("seed client secret") << "service-client-jwt-secret"_ba << 200;
    QTest::newRow("binary with NUL") << QByteArray("\0\xff\0\x01", 4) << 32;
    QTest::newRow("64 bytes") << QByteArray(64, 'k') << 512;
}

void tst_Key::secretKey()
{
    QFETCH(QByteArray, secret);
    QFETCH(int, bits);

    const Key key = Key::fromSecret(secret);
    QVERIFY(!key.isNull());
    QCOMPARE(key.type(), Key::Type::Oct);
    QCOMPARE(key.bits(), bits);
    QVERIFY(key.publicJwk().isEmpty());
    QCOMPARE(ERR_peek_error(), 0ul);
}

void tst_Key::certificate()
{
    // A self-signed P-256 certificate and its key (openssl req -x509), kept in tests/data.
    QFile certificateFile(QStringLiteral(PLAYGROUND_TEST_DATA "/jose/certificate.pem"));
    QFile keyFile(QStringLiteral(PLAYGROUND_TEST_DATA "/jose/certificate-key.pem"));
    QVERIFY(certificateFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray certificatePem = certificateFile.readAll();

    QString error;
    const Key fromCertificate = Key::fromPem(certificatePem, &error);
    QVERIFY2(!fromCertificate.isNull(), qPrintable(error));
    QCOMPARE(fromCertificate.type(), Key::Type::Ec);
    QVERIFY(!fromCertificate.isPrivate());
    const Key privateKey = Key::fromPem(keyFile.readAll(), &error);
    QVERIFY2(privateKey.isPrivate(), qPrintable(error));
    QCOMPARE(fromCertificate.publicJwk(), privateKey.publicJwk());

    // What the certificate's owner signs, the certificate verifies.
    const QByteArray input = "eyJhbGciOiJFUzI1NiJ9.e30"_ba;
    QVERIFY(
        Jws::verify(input, Jws::sign(input, u"ES256"_s, privateKey), u"ES256"_s, fromCertificate));

    // A damaged certificate is reported as one.
    const QByteArray damaged
        = certificatePem.left(certificatePem.size() / 2) + "\n-----END CERTIFICATE-----\n";
    QVERIFY(Key::fromPem(damaged, &error).isNull());
    QVERIFY2(error.contains(u"certificate"_s), qPrintable(error));
    QCOMPARE(ERR_peek_error(), 0ul);
}

QTEST_GUILESS_MAIN(tst_Key)
#include "tst_key.moc"
