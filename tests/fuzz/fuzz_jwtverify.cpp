// SPDX-License-Identifier: GPL-3.0-or-later
// JwtInspector's verification on any token, against fixed keys and, when the input carries one,
// a key text as a person pastes it. Input: the token, then optionally "\n\n" and a key text
// (PEM blocks, a JWK or a JWK set), which is also tried as a shared secret.
//
// Properties: no crash; "alg": "none" is never Verified; a token is Verified only when its
// signature is checkable; and a Verified token with one signature byte changed is not Verified.
// The fixed keys are public halves of throwaway keys that signed some of the seeds
// (corpus/jwtverify), so the fuzzer starts from tokens that verify.

#include "client/jwtinspector.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

constexpr char RsaPublicPem[] = "-----BEGIN PUBLIC KEY-----\n"
                                "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyOOOLR7OnYl7Lg/dKh5W\n"
                                "Pt1chroXf/tD1KN8OTIGotx44jHQu/7cCqlVtSawbWKaI0+ZhL64wKc+ICWIB8wo\n"
                                "E1nr5FQc2i9cM2ujvO4CrSQYseyTOTqM5+Z7pF7iEE91M/V38yQdrXPFjrv6aMjy\n"
                                "CKcPBi2NYAWag3VWjNu7YtTMlElVez936JzeOH8op4Dail7N6m2S5WO7Cdx8oDRr\n"
                                "FoAxLUgLB1CGprGZklf4VDXz0iaCmFNJoQcZFXTXbh7ISXo/0E0W2BCr/Bkptkhc\n"
                                "yh3D7mp8UkrLAVyfZd4xsSyQyZ8mguqVhA7Loty1GCVbK7V3DH0dsYr+YIM2yz5Z\n"
                                "bQIDAQAB\n"
                                "-----END PUBLIC KEY-----\n";

constexpr char EcPublicPem[] = "-----BEGIN PUBLIC KEY-----\n"
                               "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvLdObEW412EbIz168BRojH/2iY+N\n"
                               "X8td63HxHUeeg460OgxxDsgMaohrED5F2uVXC7M1uMriT1YeyuzSbSRXkQ==\n"
                               "-----END PUBLIC KEY-----\n";

constexpr char Ed25519PublicPem[] = "-----BEGIN PUBLIC KEY-----\n"
                                    "MCowBQYDK2VwAyEAWQS61Tyd9RiB9psPg6GpRCUvu/ec68M2V4AJ5JDCL84=\n"
                                    "-----END PUBLIC KEY-----\n";

// The seeds' HS256 secret.
constexpr char SharedSecret[] = "fuzz-shared-secret-0123456789abcdef";

QList<VerificationKey> fixedKeys()
{
    QList<VerificationKey> keys;
    for (const char *pem : {RsaPublicPem, EcPublicPem, Ed25519PublicPem}) {
        VerificationKey key;
        key.key = Key::fromPem(QByteArray(pem));
        FUZZ_CHECK(!key.key.isNull());
        key.origin = QStringLiteral("fixed PEM key");
        keys.append(key);
    }
    keys.append(KeySource::fromSecret(QByteArray(SharedSecret)));
    return keys;
}

void checkResult(const JwtDecoding &decoding, const VerificationResult &result,
    const QList<VerificationKey> &keys)
{
    FUZZ_CHECK(!VerificationResult::statusName(result.status).isEmpty());
    if (!result.isVerified())
        return;
    FUZZ_CHECK(!decoding.isUnsigned);
    FUZZ_CHECK(decoding.isSignatureCheckable);
    FUZZ_CHECK(!decoding.signature.isEmpty());

    // The same token with one signature byte changed must fail with the same keys.
    for (const qsizetype at : {qsizetype(0), decoding.signature.size() - 1}) {
        JwtDecoding tampered = decoding;
        tampered.signature[at] = char(tampered.signature.at(at) ^ 0x01);
        FUZZ_CHECK(!JwtInspector::verify(tampered, keys).isVerified());
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fixedKeys(); // fails early if a key does not load
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QList<VerificationKey> keys = fixedKeys();

    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = input.indexOf("\n\n");
    const QByteArrayView tokenText = split < 0 ? input : input.first(split);
    const JwtDecoding decoding = JwtInspector::decode(QString::fromUtf8(tokenText));

    checkResult(decoding, JwtInspector::verify(decoding, keys), keys);
    checkResult(decoding, JwtInspector::verify(decoding, QList<VerificationKey>()), {});

    if (split >= 0) {
        const QByteArray keyText = input.sliced(split + 2).toByteArray();
        QString error;
        QStringList skipped;
        const auto pasted = KeySource::keysFromText(QString::fromUtf8(keyText), &error, &skipped);
        FUZZ_CHECK(pasted.has_value() || !error.isEmpty());
        if (pasted) {
            for (const VerificationKey &key : *pasted)
                JwtInspector::describeKey(key.key);
            checkResult(decoding, JwtInspector::verify(decoding, *pasted), *pasted);
        }
        JwtInspector::verifyWithKeyText(decoding, QString::fromUtf8(keyText));
        const VerificationKey secret = KeySource::fromSecret(keyText);
        const QList<VerificationKey> secrets
            = secret.key.isNull() ? QList<VerificationKey>() : QList {secret};
        checkResult(decoding, JwtInspector::verifyWithSecret(decoding, keyText), secrets);
    }
    return 0;
}
