// SPDX-License-Identifier: GPL-3.0-or-later
#include "key.h"

#include "base64url.h"
#include "jsonwriter.h"
#include "openssl_p.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <limits>
#include <vector>

using namespace Qt::Literals::StringLiterals;
using namespace JoseOpenSsl;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Key", text);
}

void setError(QString *errorMessage, const QString &message)
{
    if (errorMessage) {
        *errorMessage = message;
    }
}

// A key file must never make OpenSSL fall back to prompting on the terminal for a passphrase.
int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

// The JOSE curves (RFC 7518 §6.2.1.1) with OpenSSL's names for them and the fixed octet length
// of their coordinates and private scalar (RFC 7518 §6.2.1.2, §6.2.2.1).
struct Curve
{
    QLatin1StringView jwkName;
    const char *opensslName;
    const char *opensslAlias;
    int bits;
    int bytes;
};

constexpr std::array<Curve, 3> curves = {{
    {"P-256"_L1, "prime256v1", "P-256", 256, 32},
    {"P-384"_L1, "secp384r1", "P-384", 384, 48},
    {"P-521"_L1, "secp521r1", "P-521", 521, 66},
}};

const Curve *curveByJwkName(QStringView name)
{
    for (const Curve &curve : curves) {
        if (name == curve.jwkName) {
            return &curve;
        }
    }
    return nullptr;
}

const Curve *curveOf(const EVP_PKEY *pkey)
{
    std::array<char, 64> name {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(
            pkey, OSSL_PKEY_PARAM_GROUP_NAME, name.data(), name.size(), &length)
        != 1) {
        return nullptr;
    }
    const QByteArrayView groupName(name.data(), qsizetype(length));
    for (const Curve &curve : curves) {
        if (groupName == curve.opensslName || groupName == curve.opensslAlias) {
            return &curve;
        }
    }
    return nullptr;
}

// Probing a key for optional parameters leaves errors behind when they are absent; the mark
// drops exactly those, without touching what the caller may still have on the queue.
class ErrorMark
{
public:
    ErrorMark() { ERR_set_mark(); }
    ~ErrorMark() { ERR_pop_to_mark(); }
    ErrorMark(const ErrorMark &) = delete;
    ErrorMark &operator=(const ErrorMark &) = delete;
};

bool hasBnParam(const EVP_PKEY *pkey, const char *name)
{
    BIGNUM *value = nullptr;
    const bool present = EVP_PKEY_get_bn_param(pkey, name, &value) == 1;
    BN_clear_free(value);
    return present;
}

// The unsigned big-endian octets of an integer parameter: minimal (no leading zero octets,
// RFC 7518 §6.3.1) when "width" is 0, else left-padded to exactly "width" octets.
QByteArray bnParamBytes(const EVP_PKEY *pkey, const char *name, int width = 0)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
        return {};
    }
    const BnPtr value(raw);
    const int size = width > 0 ? width : BN_num_bytes(value.get());
    QByteArray out(size, Qt::Uninitialized);
    auto *data = reinterpret_cast<unsigned char *>(out.data());
    if (width > 0 ? BN_bn2binpad(value.get(), data, width) != width
                  : BN_bn2bin(value.get(), data) != size) {
        return {};
    }
    return out;
}

QString base64UrlString(const QByteArray &bytes)
{
    return QString::fromLatin1(Base64Url::encode(bytes));
}

QByteArray readBio(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, qsizetype(size)) : QByteArray();
}

// One base64url member of a JWK, told apart as absent, malformed or present.
struct Member
{
    enum State { Absent, Invalid, Present } state = Absent;
    QByteArray bytes;
};

Member member(const QJsonObject &jwk, QLatin1StringView name)
{
    const QJsonValue value = jwk.value(name);
    if (value.isUndefined()) {
        return {};
    }
    // toLatin1() turns anything outside Latin-1 into '?', which the strict decoder rejects.
    const std::optional<QByteArray> decoded
        = value.isString() ? Base64Url::decode(value.toString().toLatin1()) : std::nullopt;
    // No JWK member this class reads may be empty: they are all integers, points or seeds.
    if (!decoded || decoded->isEmpty()) {
        return {Member::Invalid, {}};
    }
    return {Member::Present, *decoded};
}

QString invalidMember(QLatin1StringView name)
{
    return tr("The JWK member \"%1\" is not a base64url value.").arg(name);
}

class BnList
{
public:
    // OSSL_PARAM_BLD_push_BN keeps the pointer until OSSL_PARAM_BLD_to_param, so the numbers
    // must outlive the builder call; private ones are wiped when freed.
    BIGNUM *add(const QByteArray &bytes)
    {
        BIGNUM *value = BN_bin2bn(
            reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr);
        if (value) {
            m_values.emplace_back(value);
        }
        return value;
    }

private:
    std::vector<SecretBnPtr> m_values;
};

EVP_PKEY *pkeyFromParams(const char *type, int selection, OSSL_PARAM_BLD *builder)
{
    const ParamsPtr params(OSSL_PARAM_BLD_to_param(builder));
    const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) <= 0) {
        return nullptr;
    }
    return pkey;
}

// The CRT members of an RSA private key given as n, e and d only, so that it signs at the usual
// speed and can be written as PKCS#8 (which has no form without them). Finds p with the method
// of NIST SP 800-56B Rev. 2 Appendix C.2: k = d*e - 1 is a multiple of lambda(n), so for most g
// one of g^(k/2^i) mod n is a square root of 1 other than +-1, and gcd(that - 1, n) is p.
// Fails when d does not belong to n and e.
bool recoverCrt(const QByteArray &nBytes, const QByteArray &eBytes, const QByteArray &dBytes,
    std::array<QByteArray, 5> &crt)
{
    const auto number = [](const QByteArray &bytes) {
        return SecretBnPtr(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()),
            int(bytes.size()), nullptr));
    };
    const SecretBnPtr n = number(nBytes), e = number(eBytes), d = number(dBytes);
    const std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>> ctx(BN_CTX_new());
    const SecretBnPtr k(BN_new()), r(BN_new()), g(BN_new()), y(BN_new()), x(BN_new());
    const SecretBnPtr nMinus1(BN_new()), p(BN_new()), q(BN_new()), rem(BN_new());
    if (!n || !e || !d || !ctx || !k || !r || !g || !y || !x || !nMinus1 || !p || !q || !rem
        || BN_is_zero(n.get()) || !BN_is_odd(n.get())
        || !BN_mul(k.get(), d.get(), e.get(), ctx.get()) || !BN_sub_word(k.get(), 1)
        || BN_is_zero(k.get()) || BN_is_odd(k.get()) || !BN_copy(nMinus1.get(), n.get())
        || !BN_sub_word(nMinus1.get(), 1) || !BN_copy(r.get(), k.get())) {
        return false;
    }
    int t = 0;
    while (!BN_is_odd(r.get())) {
        if (!BN_rshift1(r.get(), r.get())) {
            return false;
        }
        ++t;
    }

    // A d that belongs to n and e makes g^k = 1 for every g; checking one g rejects a wrong d
    // without the whole search below.
    if (!BN_set_word(g.get(), 2) || !BN_mod_exp(x.get(), g.get(), k.get(), n.get(), ctx.get())
        || !BN_is_one(x.get())) {
        return false;
    }

    bool found = false;
    // Each g has about even odds of revealing p, so running out of bases means a malformed key.
    for (BN_ULONG base = 2; !found && base < 66; ++base) {
        if (!BN_set_word(g.get(), base)
            || !BN_mod_exp(y.get(), g.get(), r.get(), n.get(), ctx.get())) {
            return false;
        }
        if (BN_is_one(y.get()) || BN_cmp(y.get(), nMinus1.get()) == 0) {
            continue;
        }
        for (int i = 0; i < t; ++i) {
            if (!BN_mod_sqr(x.get(), y.get(), n.get(), ctx.get())) {
                return false;
            }
            if (BN_is_one(x.get())) {
                // y is a non-trivial square root of 1 modulo n.
                found = BN_sub_word(y.get(), 1) && BN_gcd(p.get(), y.get(), n.get(), ctx.get());
                break;
            }
            if (BN_cmp(x.get(), nMinus1.get()) == 0) {
                break;
            }
            if (!BN_copy(y.get(), x.get())) {
                return false;
            }
        }
    }
    if (!found || BN_is_one(p.get()) || BN_cmp(p.get(), n.get()) == 0
        || !BN_div(q.get(), rem.get(), n.get(), p.get(), ctx.get()) || !BN_is_zero(rem.get())) {
        return false;
    }

    const SecretBnPtr dp(BN_new()), dq(BN_new()), qi(BN_new()), pMinus1(BN_dup(p.get())),
        qMinus1(BN_dup(q.get()));
    if (!dp || !dq || !qi || !pMinus1 || !qMinus1 || !BN_sub_word(pMinus1.get(), 1)
        || !BN_sub_word(qMinus1.get(), 1) || !BN_mod(dp.get(), d.get(), pMinus1.get(), ctx.get())
        || !BN_mod(dq.get(), d.get(), qMinus1.get(), ctx.get())
        || !BN_mod_inverse(qi.get(), q.get(), p.get(), ctx.get())) {
        return false;
    }
    const auto bytes = [](const BIGNUM *value) {
        QByteArray out(BN_num_bytes(value), Qt::Uninitialized);
        BN_bn2bin(value, reinterpret_cast<unsigned char *>(out.data()));
        return out;
    };
    crt = {bytes(p.get()), bytes(q.get()), bytes(dp.get()), bytes(dq.get()), bytes(qi.get())};
    return true;
}

// Catches p and q copied from another key before OpenSSL would quietly sign with them.
bool factorsMatch(const QByteArray &nBytes, const QByteArray &pBytes, const QByteArray &qBytes)
{
    const auto number = [](const QByteArray &bytes) {
        return SecretBnPtr(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()),
            int(bytes.size()), nullptr));
    };
    const SecretBnPtr n = number(nBytes), p = number(pBytes), q = number(qBytes), product(BN_new());
    const std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>> ctx(BN_CTX_new());
    return n && p && q && product && ctx && BN_mul(product.get(), p.get(), q.get(), ctx.get())
        && BN_cmp(product.get(), n.get()) == 0;
}

// RSA public or private JWK (RFC 7518 §6.3).
EVP_PKEY *rsaFromJwk(const QJsonObject &jwk, QString *errorMessage)
{
    const Member n = member(jwk, "n"_L1);
    const Member e = member(jwk, "e"_L1);
    const Member d = member(jwk, "d"_L1);
    if (n.state == Member::Absent || e.state == Member::Absent) {
        setError(errorMessage, tr("An RSA JWK needs the members \"n\" and \"e\"."));
        return nullptr;
    }
    for (const auto &[name, value] : {std::pair {"n"_L1, &n}, {"e"_L1, &e}, {"d"_L1, &d}}) {
        if (value->state == Member::Invalid) {
            setError(errorMessage, invalidMember(name));
            return nullptr;
        }
    }
    if (jwk.contains("oth"_L1)) {
        setError(errorMessage, tr("Multi-prime RSA keys (\"oth\") are not supported."));
        return nullptr;
    }

    const std::array<std::pair<QLatin1StringView, const char *>, 5> crtNames = {{
        {"p"_L1, OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q"_L1, OSSL_PKEY_PARAM_RSA_FACTOR2},
        {"dp"_L1, OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq"_L1, OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {"qi"_L1, OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    }};
    std::array<Member, 5> crt;
    int crtCount = 0;
    for (size_t i = 0; i < crtNames.size(); ++i) {
        crt[i] = member(jwk, crtNames[i].first);
        if (crt[i].state == Member::Invalid) {
            setError(errorMessage, invalidMember(crtNames[i].first));
            return nullptr;
        }
        crtCount += crt[i].state == Member::Present ? 1 : 0;
    }
    // RFC 7518 §6.3.2: the CRT members come all together, and only with "d".
    if ((crtCount != 0 && crtCount != int(crt.size()))
        || (crtCount != 0 && d.state != Member::Present)) {
        setError(errorMessage,
            tr("An RSA private JWK must have \"d\" and either all or none of \"p\", \"q\", "
               "\"dp\", \"dq\" and \"qi\"."));
        return nullptr;
    }

    if (crtCount != 0 && !factorsMatch(n.bytes, crt[0].bytes, crt[1].bytes)) {
        ERR_clear_error();
        setError(errorMessage, tr("The RSA JWK's \"p\" and \"q\" are not the factors of \"n\"."));
        return nullptr;
    }
    if (d.state == Member::Present && crtCount == 0) {
        std::array<QByteArray, 5> recovered;
        if (!recoverCrt(n.bytes, e.bytes, d.bytes, recovered)) {
            ERR_clear_error();
            setError(
                errorMessage, tr("The RSA JWK's \"d\" does not belong to its \"n\" and \"e\"."));
            return nullptr;
        }
        for (size_t i = 0; i < crt.size(); ++i) {
            crt[i] = {Member::Present, recovered[i]};
        }
        crtCount = int(crt.size());
    }

    BnList numbers;
    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    bool ok = builder
        && OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, numbers.add(n.bytes))
        && OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, numbers.add(e.bytes));
    if (ok && d.state == Member::Present) {
        ok = OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_D, numbers.add(d.bytes));
        for (size_t i = 0; ok && crtCount != 0 && i < crt.size(); ++i) {
            ok = OSSL_PARAM_BLD_push_BN(
                builder.get(), crtNames[i].second, numbers.add(crt[i].bytes));
        }
    }
    const int selection = d.state == Member::Present ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    EVP_PKEY *pkey = ok ? pkeyFromParams("RSA", selection, builder.get()) : nullptr;
    if (!pkey) {
        setError(errorMessage, tr("The RSA JWK was refused: %1").arg(takeError("invalid key")));
    }
    return pkey;
}

// Confirms that the private half of an imported key belongs to its public half, so that a JWK
// with a stray "d" fails here rather than producing signatures nobody can verify.
bool pairwiseConsistent(EVP_PKEY *pkey)
{
    const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    return ctx && EVP_PKEY_pairwise_check(ctx.get()) == 1;
}

// EC public or private JWK (RFC 7518 §6.2).
EVP_PKEY *ecFromJwk(const QJsonObject &jwk, QString *errorMessage)
{
    const Curve *curve = curveByJwkName(jwk.value("crv"_L1).toString());
    if (!curve) {
        setError(errorMessage, tr("The EC curve must be P-256, P-384 or P-521."));
        return nullptr;
    }
    const Member x = member(jwk, "x"_L1);
    const Member y = member(jwk, "y"_L1);
    const Member d = member(jwk, "d"_L1);
    for (const auto &[name, value] : {std::pair {"x"_L1, &x}, {"y"_L1, &y}, {"d"_L1, &d}}) {
        const bool required = name != "d"_L1;
        if ((required && value->state == Member::Absent) || value->state == Member::Invalid
            || (value->state == Member::Present && value->bytes.size() != curve->bytes)) {
            setError(errorMessage,
                tr("The EC JWK member \"%1\" must be %2 octets, base64url encoded.")
                    .arg(name)
                    .arg(curve->bytes));
            return nullptr;
        }
    }

    // SEC 1 uncompressed point: 0x04 || X || Y.
    const QByteArray point = '\x04' + x.bytes + y.bytes;
    BnList numbers;
    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    bool ok = builder
        && OSSL_PARAM_BLD_push_utf8_string(
            builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->opensslName, 0)
        && OSSL_PARAM_BLD_push_octet_string(
            builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size()));
    if (ok && d.state == Member::Present) {
        ok = OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, numbers.add(d.bytes));
    }
    const int selection = d.state == Member::Present ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    PkeyPtr pkey(ok ? pkeyFromParams("EC", selection, builder.get()) : nullptr);
    if (!pkey) {
        setError(errorMessage, tr("The EC JWK was refused: %1").arg(takeError("invalid point")));
        return nullptr;
    }
    if (d.state == Member::Present && !pairwiseConsistent(pkey.get())) {
        ERR_clear_error();
        setError(errorMessage, tr("The EC JWK's \"d\" does not belong to its \"x\" and \"y\"."));
        return nullptr;
    }
    return pkey.release();
}

// OKP Ed25519 public or private JWK (RFC 8037 §2).
EVP_PKEY *okpFromJwk(const QJsonObject &jwk, QString *errorMessage)
{
    if (jwk.value("crv"_L1).toString() != "Ed25519"_L1) {
        setError(errorMessage, tr("The only OKP curve supported is Ed25519."));
        return nullptr;
    }
    constexpr int keyBytes = 32;
    const Member x = member(jwk, "x"_L1);
    const Member d = member(jwk, "d"_L1);
    if (x.state != Member::Present || x.bytes.size() != keyBytes || d.state == Member::Invalid
        || (d.state == Member::Present && d.bytes.size() != keyBytes)) {
        setError(errorMessage,
            tr("An Ed25519 JWK needs \"x\" (and optionally \"d\") of 32 octets, base64url "
               "encoded."));
        return nullptr;
    }
    const auto *raw = reinterpret_cast<const unsigned char *>(
        (d.state == Member::Present ? d.bytes : x.bytes).constData());
    PkeyPtr pkey(d.state == Member::Present
            ? EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr, raw, keyBytes)
            : EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, raw, keyBytes));
    if (!pkey) {
        setError(errorMessage, tr("The Ed25519 JWK was refused: %1").arg(takeError("invalid key")));
        return nullptr;
    }
    if (d.state == Member::Present) {
        QByteArray derived(keyBytes, Qt::Uninitialized);
        size_t length = size_t(derived.size());
        if (EVP_PKEY_get_raw_public_key(
                pkey.get(), reinterpret_cast<unsigned char *>(derived.data()), &length)
                != 1
            || derived != x.bytes) {
            ERR_clear_error();
            setError(errorMessage, tr("The Ed25519 JWK's \"d\" does not belong to its \"x\"."));
            return nullptr;
        }
    }
    return pkey.release();
}

// A symmetric JWK (RFC 7518 §6.4): the secret is the base64url member "k".
EVP_PKEY *octFromJwk(const QJsonObject &jwk, QString *errorMessage)
{
    const Member k = member(jwk, "k"_L1);
    if (k.state != Member::Present) {
        setError(errorMessage,
            k.state == Member::Absent ? tr("An oct JWK needs the member \"k\".")
                                      : invalidMember("k"_L1));
        return nullptr;
    }
    EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key_ex(nullptr, "HMAC", nullptr,
        reinterpret_cast<const unsigned char *>(k.bytes.constData()), size_t(k.bytes.size()));
    if (!pkey) {
        setError(errorMessage, tr("The oct JWK was refused: %1").arg(takeError("invalid key")));
    }
    return pkey;
}

// The subject public key of the first certificate in "pem", for verifying what its owner signed.
EVP_PKEY *publicKeyFromCertificate(const QByteArray &pem, QString *errorMessage)
{
    const BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    X509 *certificate
        = bio ? PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr;
    if (!certificate) {
        setError(errorMessage,
            tr("Cannot read the certificate: %1").arg(takeError("not a PEM certificate")));
        return nullptr;
    }
    EVP_PKEY *pkey = X509_get_pubkey(certificate);
    X509_free(certificate);
    if (!pkey) {
        setError(errorMessage,
            tr("Cannot read the certificate's public key: %1").arg(takeError("unknown key")));
    }
    return pkey;
}

} // namespace

Key::Key(EVP_PKEY *pkey)
{
    if (pkey) {
        m_pkey.reset(pkey, EVP_PKEY_free);
    }
}

Key Key::generateRsa(int bits)
{
    if (bits < 1024) {
        return {};
    }
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits));
    if (!pkey) {
        ERR_clear_error();
    }
    return Key(pkey);
}

Key Key::generateEc(int bits)
{
    for (const Curve &curve : curves) {
        if (curve.bits == bits) {
            EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve.opensslName);
            if (!pkey) {
                ERR_clear_error();
            }
            return Key(pkey);
        }
    }
    return {};
}

Key Key::generateEd25519()
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!pkey) {
        ERR_clear_error();
    }
    return Key(pkey);
}

Key Key::fromPem(const QByteArray &pem, QString *errorMessage)
{
    if (pem.size() > std::numeric_limits<int>::max()) {
        setError(errorMessage, tr("The PEM data is too large."));
        return {};
    }
    // The private key first: a PEM file holding both would otherwise load as public only.
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    EVP_PKEY *pkey
        = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr;
    if (!pkey) {
        const QString privateError = takeError("not a PEM private key");
        bio.reset(BIO_new_mem_buf(pem.constData(), int(pem.size())));
        pkey = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr;
        if (!pkey) {
            const QString publicError = takeError("not a PEM public key");
            // A certificate is tried last: a file holding a key and its certificate means the key.
            if (pem.contains("-----BEGIN CERTIFICATE-----")) {
                pkey = publicKeyFromCertificate(pem, errorMessage);
                if (!pkey) {
                    return {};
                }
            } else {
                // Report the failure of the reader the text was meant for.
                const bool looksPublic = pem.contains("-----BEGIN PUBLIC KEY-----");
                setError(errorMessage,
                    tr("Cannot read the PEM key: %1")
                        .arg(looksPublic ? publicError : privateError));
                return {};
            }
        }
    }
    Key key(pkey);
    if (key.type() == Type::None || key.publicJwk().isEmpty()) {
        setError(errorMessage,
            tr("Unsupported key type: only RSA, EC P-256/P-384/P-521 and Ed25519 keys can be "
               "used."));
        return {};
    }
    return key;
}

Key Key::fromJwk(const QJsonObject &jwk, QString *errorMessage)
{
    const QString kty = jwk.value("kty"_L1).toString();
    EVP_PKEY *pkey = nullptr;
    if (kty == "RSA"_L1) {
        pkey = rsaFromJwk(jwk, errorMessage);
    } else if (kty == "EC"_L1) {
        pkey = ecFromJwk(jwk, errorMessage);
    } else if (kty == "OKP"_L1) {
        pkey = okpFromJwk(jwk, errorMessage);
    } else if (kty == "oct"_L1) {
        pkey = octFromJwk(jwk, errorMessage);
    } else {
        setError(errorMessage, tr("Unsupported JWK key type \"%1\".").arg(kty));
    }
    return Key(pkey);
}

Key Key::fromSecret(const QByteArray &secret)
{
    if (secret.isEmpty()) {
        return {};
    }
    EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key_ex(nullptr, "HMAC", nullptr,
        reinterpret_cast<const unsigned char *>(secret.constData()), size_t(secret.size()));
    if (!pkey) {
        ERR_clear_error();
    }
    return Key(pkey);
}

bool Key::isPrivate() const
{
    const EVP_PKEY *pkey = m_pkey.get();
    if (!pkey) {
        return false;
    }
    const ErrorMark mark;
    switch (type()) {
    case Type::Rsa:
        return hasBnParam(pkey, OSSL_PKEY_PARAM_RSA_D);
    case Type::Ec:
        return hasBnParam(pkey, OSSL_PKEY_PARAM_PRIV_KEY);
    case Type::Ed25519: {
        size_t length = 0;
        return EVP_PKEY_get_raw_private_key(pkey, nullptr, &length) == 1 && length > 0;
    }
    case Type::Oct:
        return true;
    case Type::None:
        break;
    }
    return false;
}

Key::Type Key::type() const
{
    const EVP_PKEY *pkey = m_pkey.get();
    if (!pkey) {
        return Type::None;
    }
    if (EVP_PKEY_is_a(pkey, "RSA") || EVP_PKEY_is_a(pkey, "RSA-PSS")) {
        return Type::Rsa;
    }
    if (EVP_PKEY_is_a(pkey, "EC")) {
        return Type::Ec;
    }
    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        return Type::Ed25519;
    }
    if (EVP_PKEY_is_a(pkey, "HMAC")) {
        return Type::Oct;
    }
    return Type::None;
}

int Key::bits() const
{
    if (!m_pkey) {
        return 0;
    }
    if (type() == Type::Oct) {
        size_t length = 0;
        const ErrorMark mark;
        return EVP_PKEY_get_raw_private_key(m_pkey.get(), nullptr, &length) == 1 ? int(length * 8)
                                                                                 : 0;
    }
    return EVP_PKEY_get_bits(m_pkey.get());
}

QByteArray Key::privateKeyPem() const
{
    // PEM has no standard form for a shared secret.
    if (!isPrivate() || type() == Type::Oct) {
        return {};
    }
    const BioPtr bio(BIO_new(BIO_s_mem()));
    // OpenSSL 3 writes PKCS#8 ("BEGIN PRIVATE KEY") here; no cipher means unencrypted, the key
    // file's protection being its 0600 permissions.
    if (!bio
        || PEM_write_bio_PrivateKey(bio.get(), m_pkey.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1) {
        ERR_clear_error();
        return {};
    }
    return readBio(bio.get());
}

QByteArray Key::publicKeyPem() const
{
    if (!m_pkey || type() == Type::Oct) {
        return {};
    }
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_pkey.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    return readBio(bio.get());
}

QJsonObject Key::publicJwk() const
{
    const EVP_PKEY *pkey = m_pkey.get();
    if (!pkey) {
        return {};
    }
    const ErrorMark mark;
    switch (type()) {
    case Type::Rsa: {
        const QByteArray n = bnParamBytes(pkey, OSSL_PKEY_PARAM_RSA_N);
        const QByteArray e = bnParamBytes(pkey, OSSL_PKEY_PARAM_RSA_E);
        if (n.isEmpty() || e.isEmpty()) {
            return {};
        }
        return {{u"kty"_s, u"RSA"_s}, {u"n"_s, base64UrlString(n)}, {u"e"_s, base64UrlString(e)}};
    }
    case Type::Ec: {
        const Curve *curve = curveOf(pkey);
        if (!curve) {
            return {};
        }
        const QByteArray x = bnParamBytes(pkey, OSSL_PKEY_PARAM_EC_PUB_X, curve->bytes);
        const QByteArray y = bnParamBytes(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, curve->bytes);
        if (x.isEmpty() || y.isEmpty()) {
            return {};
        }
        return {{u"kty"_s, u"EC"_s}, {u"crv"_s, QString(curve->jwkName)},
            {u"x"_s, base64UrlString(x)}, {u"y"_s, base64UrlString(y)}};
    }
    case Type::Ed25519: {
        QByteArray x(32, Qt::Uninitialized);
        size_t length = size_t(x.size());
        if (EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char *>(x.data()), &length)
                != 1
            || length != size_t(x.size())) {
            return {};
        }
        return {{u"kty"_s, u"OKP"_s}, {u"crv"_s, u"Ed25519"_s}, {u"x"_s, base64UrlString(x)}};
    }
    case Type::None:
    case Type::Oct:
        break;
    }
    return {};
}

QString Key::thumbprint() const
{
    const QJsonObject jwk = publicJwk();
    if (jwk.isEmpty()) {
        return {};
    }
    // RFC 7638 §3.2/§3.3: only the required members, in lexicographic order, no whitespace; for
    // OKP the required members are "crv", "kty" and "x" (RFC 8037 §2).
    const auto text = [&jwk](QLatin1StringView name) {
        return jwk.value(name).toString();
    };
    JsonObjectWriter writer;
    switch (type()) {
    case Type::Rsa:
        writer.add(u"e", text("e"_L1)).add(u"kty", text("kty"_L1)).add(u"n", text("n"_L1));
        break;
    case Type::Ec:
        writer.add(u"crv", text("crv"_L1))
            .add(u"kty", text("kty"_L1))
            .add(u"x", text("x"_L1))
            .add(u"y", text("y"_L1));
        break;
    case Type::Ed25519:
        writer.add(u"crv", text("crv"_L1)).add(u"kty", text("kty"_L1)).add(u"x", text("x"_L1));
        break;
    case Type::None:
    case Type::Oct:
        return {};
    }
    const QByteArray json = writer.toJson();
    std::array<unsigned char, EVP_MAX_MD_SIZE> hash {};
    unsigned int hashLength = 0;
    if (EVP_Digest(json.constData(), size_t(json.size()), hash.data(), &hashLength,
            digest(Digest::Sha256), nullptr)
        != 1) {
        ERR_clear_error();
        return {};
    }
    return base64UrlString(
        QByteArray(reinterpret_cast<const char *>(hash.data()), qsizetype(hashLength)));
}
