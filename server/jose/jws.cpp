// SPDX-License-Identifier: GPL-3.0-or-later
#include "jws.h"

#include "base64url.h"
#include "key.h"
#include "openssl_p.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include <array>
#include <optional>

using namespace Qt::Literals::StringLiterals;
using namespace JoseOpenSsl;

namespace {

enum class Family { Hmac, RsaPkcs1, RsaPss, Ecdsa, EdDsa };

// One row of RFC 7518 §3.1 (and RFC 8037 §3.1 for EdDSA).
struct Algorithm
{
    Family family;
    Digest digest;
    // ECDSA only: the curve the algorithm is bound to (RFC 7518 §3.4) and the octet length of
    // each of R and S in the JOSE signature.
    int curveBits = 0;
    int coordinateBytes = 0;
};

std::optional<Algorithm> algorithm(const QString &alg)
{
    if (alg == "HS256"_L1) {
        return Algorithm {Family::Hmac, Digest::Sha256};
    }
    if (alg == "HS384"_L1) {
        return Algorithm {Family::Hmac, Digest::Sha384};
    }
    if (alg == "HS512"_L1) {
        return Algorithm {Family::Hmac, Digest::Sha512};
    }
    if (alg == "RS256"_L1) {
        return Algorithm {Family::RsaPkcs1, Digest::Sha256};
    }
    if (alg == "RS384"_L1) {
        return Algorithm {Family::RsaPkcs1, Digest::Sha384};
    }
    if (alg == "RS512"_L1) {
        return Algorithm {Family::RsaPkcs1, Digest::Sha512};
    }
    if (alg == "PS256"_L1) {
        return Algorithm {Family::RsaPss, Digest::Sha256};
    }
    if (alg == "PS384"_L1) {
        return Algorithm {Family::RsaPss, Digest::Sha384};
    }
    if (alg == "PS512"_L1) {
        return Algorithm {Family::RsaPss, Digest::Sha512};
    }
    if (alg == "ES256"_L1) {
        return Algorithm {Family::Ecdsa, Digest::Sha256, 256, 32};
    }
    if (alg == "ES384"_L1) {
        return Algorithm {Family::Ecdsa, Digest::Sha384, 384, 48};
    }
    if (alg == "ES512"_L1) {
        return Algorithm {Family::Ecdsa, Digest::Sha512, 521, 66};
    }
    if (alg == "EdDSA"_L1) {
        return Algorithm {Family::EdDsa, Digest::Sha512};
    }
    return std::nullopt;
}

// The key must be of the kind the algorithm names: anything else (an RSA key offered for ES256,
// a P-384 key for ES256) is refused rather than used with a different algorithm.
bool keyFits(const Algorithm &algorithm, const Key &key)
{
    switch (algorithm.family) {
    case Family::Hmac:
        // Only a shared secret: an RSA public key used as an HMAC secret is the classic
        // algorithm-confusion attack.
        return key.type() == Key::Type::Oct;
    case Family::RsaPkcs1:
    case Family::RsaPss:
        return key.type() == Key::Type::Rsa;
    case Family::Ecdsa:
        return key.type() == Key::Type::Ec && key.bits() == algorithm.curveBits;
    case Family::EdDsa:
        return key.type() == Key::Type::Ed25519;
    }
    return false;
}

// Sets up "ctx" for signing or verifying; EdDSA hashes internally and takes no digest.
bool initialise(EVP_MD_CTX *ctx, const Algorithm &algorithm, const Key &key, bool signing)
{
    const EVP_MD *md = algorithm.family == Family::EdDsa ? nullptr : digest(algorithm.digest);
    EVP_PKEY_CTX *pkeyCtx = nullptr;
    const int initialised = signing
        ? EVP_DigestSignInit(ctx, &pkeyCtx, md, nullptr, key.handle())
        : EVP_DigestVerifyInit(ctx, &pkeyCtx, md, nullptr, key.handle());
    if (initialised != 1) {
        return false;
    }
    if (algorithm.family == Family::RsaPss) {
        // RFC 7518 §3.5: MGF1 with the same hash, and a salt as long as the hash output. The
        // verifier insists on that length too instead of accepting any salt.
        return EVP_PKEY_CTX_set_rsa_padding(pkeyCtx, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md(pkeyCtx, md) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pkeyCtx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    if (algorithm.family == Family::RsaPkcs1) {
        return EVP_PKEY_CTX_set_rsa_padding(pkeyCtx, RSA_PKCS1_PADDING) == 1;
    }
    return true;
}

// RFC 7518 §3.4: a JWS ECDSA signature is R || S, each left-padded to the curve's octet length,
// where OpenSSL produces and expects the DER ECDSA-Sig-Value SEQUENCE.
QByteArray derToRaw(const QByteArray &der, int coordinateBytes)
{
    const auto *in = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &in, long(der.size()));
    if (!sig) {
        return {};
    }
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    QByteArray raw(2 * coordinateBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool ok = BN_bn2binpad(r, out, coordinateBytes) == coordinateBytes
        && BN_bn2binpad(s, out + coordinateBytes, coordinateBytes) == coordinateBytes;
    ECDSA_SIG_free(sig);
    return ok ? raw : QByteArray();
}

QByteArray rawToDer(const QByteArray &raw, int coordinateBytes)
{
    if (raw.size() != 2 * coordinateBytes) {
        return {};
    }
    const auto *in = reinterpret_cast<const unsigned char *>(raw.constData());
    BnPtr r(BN_bin2bn(in, coordinateBytes, nullptr));
    BnPtr s(BN_bin2bn(in + coordinateBytes, coordinateBytes, nullptr));
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (!r || !s || !sig || ECDSA_SIG_set0(sig, r.get(), s.get()) != 1) {
        ECDSA_SIG_free(sig);
        return {};
    }
    // ECDSA_SIG_set0 took ownership.
    r.release();
    s.release();
    QByteArray der;
    const int length = i2d_ECDSA_SIG(sig, nullptr);
    if (length > 0) {
        der.resize(length);
        auto *out = reinterpret_cast<unsigned char *>(der.data());
        if (i2d_ECDSA_SIG(sig, &out) != length) {
            der.clear();
        }
    }
    ECDSA_SIG_free(sig);
    return der;
}

const char *digestName(Digest which)
{
    switch (which) {
    case Digest::Sha256:
        return "SHA2-256";
    case Digest::Sha384:
        return "SHA2-384";
    case Digest::Sha512:
        return "SHA2-512";
    }
    return "";
}

// RFC 7518 §3.2. Fetched once for the same reason as the digests (see openssl_p.h).
const EVP_MAC *hmacAlgorithm()
{
    static const std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>> mac(
        EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    return mac.get();
}

QByteArray hmac(const QByteArray &signingInput, const Algorithm &algorithm, const Key &key)
{
    size_t secretLength = 0;
    if (!hmacAlgorithm() || EVP_PKEY_get_raw_private_key(key.handle(), nullptr, &secretLength) != 1
        || secretLength == 0) {
        return {};
    }
    QByteArray secret(qsizetype(secretLength), Qt::Uninitialized);
    auto *secretData = reinterpret_cast<unsigned char *>(secret.data());
    QByteArray mac;
    if (EVP_PKEY_get_raw_private_key(key.handle(), secretData, &secretLength) == 1) {
        const std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>> ctx(
            EVP_MAC_CTX_new(const_cast<EVP_MAC *>(hmacAlgorithm())));
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(
                OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digestName(algorithm.digest)), 0),
            OSSL_PARAM_construct_end(),
        };
        mac.resize(EVP_MAX_MD_SIZE);
        size_t length = 0;
        if (!ctx || EVP_MAC_init(ctx.get(), secretData, secretLength, params) != 1
            || EVP_MAC_update(ctx.get(),
                   reinterpret_cast<const unsigned char *>(signingInput.constData()),
                   size_t(signingInput.size()))
                != 1
            || EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char *>(mac.data()), &length,
                   size_t(mac.size()))
                != 1) {
            mac.clear();
        } else {
            mac.truncate(qsizetype(length));
        }
    }
    OPENSSL_cleanse(secretData, size_t(secret.size()));
    return mac;
}

// EVP_DigestSignInit looks the digest and the signature implementation up in OpenSSL's provider
// tables and sets the key up on every call; for RSA-2048 that was about 8 % of a token's cost.
// Each thread keeps a few initialised contexts (one per key and algorithm it signed with) and
// copies one per signature instead. A template holds a reference to its key, so an address seen
// here cannot be reused by another key while its entry lives; the oldest entry goes first.
class SigningTemplates
{
public:
    // A fresh context ready for EVP_DigestSign, or null.
    MdCtxPtr take(const Algorithm &algorithm, const Key &key)
    {
        const EVP_MD_CTX *source = find(algorithm, key);
        MdCtxPtr ctx(EVP_MD_CTX_new());
        if (!ctx || !source || EVP_MD_CTX_copy_ex(ctx.get(), source) != 1) {
            // A provider without context duplication: initialise this one directly.
            ctx.reset(EVP_MD_CTX_new());
            if (!ctx || !initialise(ctx.get(), algorithm, key, true)) {
                return {};
            }
        }
        return ctx;
    }

private:
    struct Entry
    {
        const EVP_PKEY *key = nullptr;
        Family family = Family::RsaPkcs1;
        Digest digest = Digest::Sha256;
        MdCtxPtr ctx;
    };

    const EVP_MD_CTX *find(const Algorithm &algorithm, const Key &key)
    {
        for (const Entry &entry : m_entries) {
            if (entry.ctx && entry.key == key.handle() && entry.family == algorithm.family
                && entry.digest == algorithm.digest) {
                return entry.ctx.get();
            }
        }
        MdCtxPtr ctx(EVP_MD_CTX_new());
        if (!ctx || !initialise(ctx.get(), algorithm, key, true)) {
            return nullptr;
        }
        Entry &slot = m_entries[m_next];
        m_next = (m_next + 1) % m_entries.size();
        slot = Entry {key.handle(), algorithm.family, algorithm.digest, std::move(ctx)};
        return slot.ctx.get();
    }

    std::array<Entry, 4> m_entries;
    std::size_t m_next = 0;

public:
    void clear() { m_entries = {}; }
};

SigningTemplates &threadTemplates()
{
    thread_local SigningTemplates templates;
    return templates;
}

QByteArray signWith(const QByteArray &signingInput, const Algorithm &algorithm, const Key &key)
{
    if (algorithm.family == Family::Hmac) {
        return hmac(signingInput, algorithm, key);
    }
    const MdCtxPtr ctx = threadTemplates().take(algorithm, key);
    if (!ctx) {
        return {};
    }
    // EVP_PKEY_get_size is an upper bound for every algorithm here (the DER form for ECDSA), so
    // one call signs without first asking for the length.
    const int maxSize = EVP_PKEY_get_size(key.handle());
    if (maxSize <= 0) {
        return {};
    }
    QByteArray signature(maxSize, Qt::Uninitialized);
    size_t length = size_t(maxSize);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            reinterpret_cast<const unsigned char *>(signingInput.constData()),
            size_t(signingInput.size()))
        != 1) {
        return {};
    }
    signature.truncate(qsizetype(length));
    if (algorithm.family == Family::Ecdsa) {
        return derToRaw(signature, algorithm.coordinateBytes);
    }
    return signature;
}

bool verifyWith(const QByteArray &signingInput, const QByteArray &signature,
    const Algorithm &algorithm, const Key &key)
{
    if (algorithm.family == Family::Hmac) {
        // Constant time, so that timing does not reveal how many leading octets were right.
        const QByteArray expected = hmac(signingInput, algorithm, key);
        return !expected.isEmpty() && expected.size() == signature.size()
            && CRYPTO_memcmp(expected.constData(), signature.constData(), size_t(signature.size()))
            == 0;
    }
    const QByteArray decoded = algorithm.family == Family::Ecdsa
        ? rawToDer(signature, algorithm.coordinateBytes)
        : signature;
    if (decoded.isEmpty()) {
        return false;
    }
    const MdCtxPtr ctx(EVP_MD_CTX_new());
    return ctx && initialise(ctx.get(), algorithm, key, false)
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(decoded.constData()),
               size_t(decoded.size()),
               reinterpret_cast<const unsigned char *>(signingInput.constData()),
               size_t(signingInput.size()))
        == 1;
}

} // namespace

namespace Jws {

void releaseThreadState()
{
    threadTemplates().clear();
    OPENSSL_thread_stop();
}

QByteArray sign(const QByteArray &signingInput, const QString &alg, const Key &key)
{
    const std::optional<Algorithm> algo = algorithm(alg);
    if (!algo || key.isNull() || !keyFits(*algo, key)) {
        return {};
    }
    QByteArray signature = signWith(signingInput, *algo, key);
    if (signature.isEmpty()) {
        // A public-only key ends here, among others: leave nothing for the next caller to trip on.
        ERR_clear_error();
    }
    return signature;
}

bool verify(
    const QByteArray &signingInput, const QByteArray &signature, const QString &alg, const Key &key)
{
    const std::optional<Algorithm> algo = algorithm(alg);
    if (!algo || key.isNull() || signature.isEmpty() || !keyFits(*algo, key)) {
        return false;
    }
    const bool valid = verifyWith(signingInput, signature, *algo, key);
    if (!valid) {
        ERR_clear_error();
    }
    return valid;
}

QByteArray compact(
    const QByteArray &headerJson, const QByteArray &payloadJson, const QString &alg, const Key &key)
{
    QByteArray token = Base64Url::encode(headerJson);
    token.append('.');
    token.append(Base64Url::encode(payloadJson));
    const QByteArray signature = sign(token, alg, key);
    if (signature.isEmpty()) {
        return {};
    }
    token.append('.');
    token.append(Base64Url::encode(signature));
    return token;
}

} // namespace Jws
