// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwtinspector.h"

#include "jose/base64url.h"
#include "jose/jws.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTimeZone>

#include <array>
#include <cmath>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("JwtInspector", text);
}

// What each algorithm of RFC 7518 §3.1 (and RFC 8037 §3.1) needs from a key and a signature.
struct AlgorithmInfo
{
    QLatin1StringView name;
    Key::Type keyType;
    int curveBits; // EC: the one curve the algorithm is bound to (RFC 7518 §3.4)
    int signatureBytes; // fixed signature length; 0 for RSA, where it is the modulus length
    int minimumKeyBytes; // HMAC: the hash output length (RFC 7518 §3.2); RSA: 2048 bits (§3.3)
};

constexpr std::array<AlgorithmInfo, 13> algorithms = {{
    {"HS256"_L1, Key::Type::Oct, 0, 32, 32},
    {"HS384"_L1, Key::Type::Oct, 0, 48, 48},
    {"HS512"_L1, Key::Type::Oct, 0, 64, 64},
    {"RS256"_L1, Key::Type::Rsa, 0, 0, 256},
    {"RS384"_L1, Key::Type::Rsa, 0, 0, 256},
    {"RS512"_L1, Key::Type::Rsa, 0, 0, 256},
    {"PS256"_L1, Key::Type::Rsa, 0, 0, 256},
    {"PS384"_L1, Key::Type::Rsa, 0, 0, 256},
    {"PS512"_L1, Key::Type::Rsa, 0, 0, 256},
    {"ES256"_L1, Key::Type::Ec, 256, 64, 0},
    {"ES384"_L1, Key::Type::Ec, 384, 96, 0},
    {"ES512"_L1, Key::Type::Ec, 521, 132, 0},
    {"EdDSA"_L1, Key::Type::Ed25519, 0, 64, 0},
}};

const AlgorithmInfo *algorithmInfo(const QString &alg)
{
    for (const AlgorithmInfo &info : algorithms) {
        if (alg == info.name) {
            return &info;
        }
    }
    return nullptr;
}

QString keyNeeded(const AlgorithmInfo &info)
{
    switch (info.keyType) {
    case Key::Type::Oct:
        return tr("a shared secret");
    case Key::Type::Rsa:
        return tr("an RSA public key");
    case Key::Type::Ec:
        return tr("an EC P-%1 public key").arg(info.curveBits);
    case Key::Type::Ed25519:
        return tr("an Ed25519 public key");
    case Key::Type::None:
        break;
    }
    return {};
}

QString segmentName(int index)
{
    switch (index) {
    case JwtError::Header:
        return tr("segment 1 (header)");
    case JwtError::Payload:
        return tr("segment 2 (payload)");
    case JwtError::Signature:
        return tr("segment 3 (signature)");
    default:
        break;
    }
    return tr("segment %1").arg(index + 1);
}

QString describeCharacter(QChar c)
{
    const char16_t code = c.unicode();
    if (code == u' ') {
        return tr("a space");
    }
    if (code > 0x20 && code < 0x7f) {
        return u'\'' + QString(c) + u'\'';
    }
    return u"U+"_s + QString::number(code, 16).toUpper().rightJustified(4, u'0');
}

bool isBase64UrlCharacter(QChar c)
{
    const char16_t code = c.unicode();
    return (code >= u'A' && code <= u'Z') || (code >= u'a' && code <= u'z')
        || (code >= u'0' && code <= u'9') || code == u'-' || code == u'_';
}

// The steps of decode() share the decoding being built; the first failure wins.
class Decoder
{
public:
    explicit Decoder(JwtDecoding &decoding) : m_d(decoding) { }

    void fail(int segment, const QString &message, qsizetype position = -1)
    {
        if (!m_d.error) {
            m_d.error = JwtError {segment, position, message};
        }
    }

    std::optional<QByteArray> base64Segment(QStringView text, qsizetype offset, int index)
    {
        const QString name = segmentName(index);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (isBase64UrlCharacter(c)) {
                continue;
            }
            QString hint;
            if (c == u'+' || c == u'/') {
                hint = tr(" (standard base64; base64url uses '-' and '_')");
            } else if (c == u'=') {
                hint = tr(" (JOSE base64url has no '=' padding, RFC 7515 §2)");
            }
            fail(index,
                tr("%1 is not valid base64url: character %2 at position %3%4")
                    .arg(name, describeCharacter(c))
                    .arg(offset + i + 1)
                    .arg(hint),
                offset + i);
            return std::nullopt;
        }
        if (text.size() % 4 == 1) {
            fail(index,
                tr("%1 is not valid base64url: %2 characters cannot be decoded (one character "
                   "too many or too few; was it truncated?)")
                    .arg(name)
                    .arg(text.size()),
                offset + text.size() - 1);
            return std::nullopt;
        }
        const std::optional<QByteArray> decoded = Base64Url::decode(text.toLatin1());
        if (!decoded) {
            // Every other reason was ruled out above: the last character carries stray bits.
            fail(index,
                tr("%1 is not valid base64url: its last character %2 has bits set that encode "
                   "nothing (not the canonical encoding)")
                    .arg(name, describeCharacter(text.back())),
                offset + text.size() - 1);
        }
        return decoded;
    }

    std::optional<QJsonObject> jsonObject(const QByteArray &bytes, int index)
    {
        const QString name = segmentName(index);
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        [[maybe_unused]] const QString text = utf8(bytes);
        if (utf8.hasError()) {
            fail(index,
                tr("%1 is not valid UTF-8, which JOSE requires of its JSON (RFC 7515 §5.2)")
                    .arg(name));
            return std::nullopt;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (document.isObject()) {
            return document.object();
        }
        // A lone array, string or number is JSON, but still not an object.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + bytes + ']');
        if (wrapped.isArray() && wrapped.array().size() == 1) {
            fail(index,
                tr("%1 is not a JSON object (it is %2)")
                    .arg(name, describeType(wrapped.array().at(0))));
        } else {
            fail(index,
                tr("%1 is not JSON: %2 at byte %3")
                    .arg(name, parseError.errorString())
                    .arg(parseError.offset + 1));
        }
        return std::nullopt;
    }

    static QString describeType(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::String:
            return tr("a string");
        case QJsonValue::Double:
            return tr("a number");
        case QJsonValue::Bool:
            return tr("a boolean");
        case QJsonValue::Null:
            return tr("null");
        case QJsonValue::Array:
            return tr("an array");
        case QJsonValue::Object:
            return tr("an object");
        case QJsonValue::Undefined:
            break;
        }
        return tr("nothing");
    }

    void warnAboutDuplicates(const QByteArray &json, const QString &what)
    {
        QHash<QString, int> counts;
        for (const JsonText::Member &member : JsonText::topLevelMembers(json)) {
            if (++counts[member.name] == 2) {
                // RFC 7519 §4: the last one counts, which is what QJsonDocument keeps.
                m_d.warnings.append(tr("the %1 has \"%2\" more than once; the last one counts "
                                       "(RFC 7519 §4), but such a token is suspect")
                                        .arg(what, member.name));
            }
        }
    }

    void readHeader(const QJsonObject &header)
    {
        m_d.header = header;
        const QJsonValue alg = header.value("alg"_L1);
        if (alg.isUndefined()) {
            fail(JwtError::Header, tr("header has no \"alg\""));
        } else if (!alg.isString()) {
            fail(JwtError::Header,
                tr("header \"alg\" is not a string (it is %1)").arg(describeType(alg)));
        } else if (alg.toString().isEmpty()) {
            fail(JwtError::Header, tr("header \"alg\" is empty"));
        } else {
            m_d.alg = alg.toString();
        }
        for (const auto &[name, target] :
            {std::pair {"kid"_L1, &m_d.kid}, std::pair {"typ"_L1, &m_d.typ}}) {
            const QJsonValue value = header.value(name);
            if (value.isString()) {
                *target = value.toString();
            } else if (!value.isUndefined()) {
                m_d.warnings.append(
                    tr("header \"%1\" is not a string and is ignored").arg(QString(name)));
            }
        }
        if (m_d.alg == "none"_L1) {
            m_d.isUnsigned = true;
            m_d.warnings.append(tr("header \"alg\" is \"none\": the token is unsigned"));
        } else if (m_d.alg.compare("none"_L1, Qt::CaseInsensitive) == 0) {
            m_d.warnings.append(tr("header \"alg\" is \"%1\": algorithm names are case-sensitive, "
                                   "and spellings of \"none\" like this one are a known trick "
                                   "to slip unsigned tokens past filters")
                                    .arg(m_d.alg));
        }
        for (const QLatin1StringView name : {"jku"_L1, "jwk"_L1, "x5u"_L1, "x5c"_L1}) {
            if (header.contains(name)) {
                m_d.warnings.append(tr("header \"%1\" carries or points at the signer's own key: "
                                       "the inspector never verifies with keys the token brings "
                                       "along, since anyone can sign with their own key")
                                        .arg(QString(name)));
            }
        }
        if (header.value("b64"_L1) == QJsonValue(false)) {
            m_d.warnings.append(tr("header \"b64\" is false: the payload is not base64url "
                                   "encoded (RFC 7797), which the inspector does not support"));
        }
    }

    void checkClaims(const QJsonObject &claims)
    {
        m_d.claims = claims;
        for (const QLatin1StringView name : {"exp"_L1, "nbf"_L1, "iat"_L1, "auth_time"_L1}) {
            const QJsonValue value = claims.value(name);
            if (!value.isUndefined() && !value.isDouble()) {
                m_d.warnings.append(tr("claim \"%1\" is not a NumericDate (a number of seconds "
                                       "since 1970, RFC 7519 §2) and is ignored")
                                        .arg(QString(name)));
            }
        }
        for (const QLatin1StringView name : {"iss"_L1, "sub"_L1, "jti"_L1, "scope"_L1,
                 "client_id"_L1, "azp"_L1, "nonce"_L1, "sid"_L1}) {
            const QJsonValue value = claims.value(name);
            if (!value.isUndefined() && !value.isString()) {
                m_d.warnings.append(tr("claim \"%1\" should be a string (it is %2)")
                                        .arg(QString(name), describeType(value)));
            }
        }
        const QJsonValue aud = claims.value("aud"_L1);
        bool audOk = aud.isUndefined() || aud.isString() || aud.isArray();
        const QJsonArray audiences = aud.toArray();
        for (const QJsonValue &audience : audiences) {
            audOk = audOk && audience.isString();
        }
        if (!audOk) {
            m_d.warnings.append(tr("claim \"aud\" should be a string or an array of strings "
                                   "(RFC 7519 §4.1.3)"));
        }
    }

private:
    JwtDecoding &m_d;
};

// Removes what commonly comes along when a token is copied: surrounding blanks, the header name
// and scheme of an Authorization header, JSON quotes, and line breaks from wrapped text.
QString normalised(QStringView input, QStringList &warnings)
{
    QStringView text = input.trimmed();
    if (text.startsWith(u"Authorization:", Qt::CaseInsensitive)) {
        text = text.sliced(14).trimmed();
    }
    for (const QStringView scheme : {QStringView(u"Bearer"), QStringView(u"DPoP")}) {
        // RFC 9110 §11.1: the scheme is case-insensitive.
        if (text.size() > scheme.size() && text.startsWith(scheme, Qt::CaseInsensitive)
            && text.at(scheme.size()).isSpace()) {
            text = text.sliced(scheme.size()).trimmed();
            break;
        }
    }
    if (text.size() >= 2 && text.front() == u'"' && text.back() == u'"') {
        text = text.sliced(1, text.size() - 2).trimmed();
        warnings.append(tr("the quotes around the token were removed"));
    }
    QString token;
    token.reserve(text.size());
    bool removed = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            removed = true;
        } else {
            token.append(c);
        }
    }
    if (removed) {
        warnings.append(tr("whitespace inside the token was removed"));
    }
    return token;
}

QString jsonString(const QByteArray &quoted)
{
    return QJsonDocument::fromJson('[' + quoted + ']').array().at(0).toString();
}

bool isNumericDateClaim(const QString &name)
{
    return name == "exp"_L1 || name == "nbf"_L1 || name == "iat"_L1 || name == "auth_time"_L1;
}

// NumericDates beyond these are surely mistakes (milliseconds instead of seconds, say), and
// would overflow the conversions below.
constexpr double earliestDate = -62135596800.0; // 0001-01-01
constexpr double latestDate = 253402300799.0; // 9999-12-31T23:59:59Z

QString relativePhrase(const QString &name, qint64 delta)
{
    const QString when = JwtInspector::describeRelative(delta);
    if (name == "exp"_L1) {
        return delta > 0 ? tr("expires %1").arg(when)
            : delta == 0 ? tr("expired just now")
                         : tr("expired %1").arg(when);
    }
    if (name == "nbf"_L1) {
        return delta > 0 ? tr("becomes valid %1").arg(when)
            : delta == 0 ? tr("became valid just now")
                         : tr("became valid %1").arg(when);
    }
    if (name == "iat"_L1) {
        return delta > 0 ? tr("issued %1 (in the future)").arg(when)
                         : tr("issued %1").arg(delta == 0 ? tr("just now") : when);
    }
    return delta > 0 ? tr("authenticated %1 (in the future)").arg(when)
                     : tr("authenticated %1").arg(delta == 0 ? tr("just now") : when);
}

QString keyIdOf(const VerificationKey &candidate)
{
    return candidate.kid.isEmpty() ? candidate.key.thumbprint() : candidate.kid;
}

// Why "candidate" cannot verify an "info" token, or empty when it can.
QString mismatch(const AlgorithmInfo &info, const VerificationKey &candidate)
{
    const Key &key = candidate.key;
    const QString alg = QString(info.name);
    if (key.isNull()) {
        return tr("the key is empty");
    }
    if (!candidate.use.isEmpty() && candidate.use != "sig"_L1) {
        return tr("the key's \"use\" is \"%1\", not \"sig\"").arg(candidate.use);
    }
    if (!candidate.alg.isEmpty() && candidate.alg != alg) {
        return tr("the key is meant for %1 (its JWK \"alg\"), not %2").arg(candidate.alg, alg);
    }
    if (info.keyType == Key::Type::Oct && key.type() != Key::Type::Oct) {
        return tr("the token says %1, an HMAC with a shared secret, but the key is an %2: "
                  "verifying would use the public key as the HMAC secret, which is the "
                  "algorithm-confusion attack (anyone can compute such a MAC); refused")
            .arg(alg, JwtInspector::describeKey(key));
    }
    if (key.type() != info.keyType
        || (info.keyType == Key::Type::Ec && key.bits() != info.curveBits)) {
        return tr("%1 needs %2, not this %3")
            .arg(alg, keyNeeded(info), JwtInspector::describeKey(key));
    }
    return {};
}

} // namespace

QString VerificationResult::statusName(Status status)
{
    switch (status) {
    case Verified:
        return u"verified"_s;
    case Invalid:
        return u"invalid"_s;
    case Unsigned:
        return u"unsigned"_s;
    case NoKey:
        return u"no_key"_s;
    case KeyMismatch:
        return u"key_mismatch"_s;
    case UnsupportedAlgorithm:
        return u"unsupported_algorithm"_s;
    case Malformed:
        return u"malformed"_s;
    }
    return {};
}

JwtDecoding JwtInspector::decode(QStringView input)
{
    JwtDecoding d;
    Decoder decoder(d);
    d.token = normalised(input, d.warnings);
    if (d.token.isEmpty()) {
        decoder.fail(JwtError::WholeToken, tr("the token is empty"));
        return d;
    }
    if (d.token.startsWith(u'{')) {
        decoder.fail(JwtError::WholeToken,
            tr("this is JSON, not a compact token: the JWS JSON serialization (RFC 7515 §7.2) "
               "is not supported; paste the compact form header.payload.signature"));
        return d;
    }

    const QList<QStringView> segments = QStringView(d.token).split(u'.');
    d.segmentCount = int(segments.size());
    QList<qsizetype> offsets;
    qsizetype offset = 0;
    for (const QStringView segment : segments) {
        offsets.append(offset);
        offset += segment.size() + 1;
    }

    if (d.segmentCount == 5) {
        d.isEncrypted = true;
        decoder.fail(JwtError::WholeToken,
            tr("the token has 5 segments: it is an encrypted JWT (JWE, RFC 7516), which the "
               "inspector cannot decrypt; only its header is shown"));
    } else if (d.segmentCount != 3) {
        QString message = d.segmentCount == 1
            ? tr("the token has 1 segment; a JWS has 3 (header.payload.signature)")
            : tr("the token has %1 segments; a JWS has 3 (header.payload.signature)")
                  .arg(d.segmentCount);
        if (d.segmentCount == 2) {
            message += tr("; is the signature missing? Even an unsigned token ends with a dot");
        } else if (d.segmentCount == 1) {
            message += tr("; an opaque token (not a JWT) cannot be decoded");
        }
        decoder.fail(JwtError::WholeToken, message);
    }

    // Whatever the count, the first segments are decoded for display.
    bool headerUsable = false;
    d.rawHeader = segments.at(0).toUtf8();
    if (segments.at(0).isEmpty()) {
        decoder.fail(JwtError::Header, tr("segment 1 (header) is empty"));
    } else if (const auto bytes = decoder.base64Segment(segments.at(0), 0, JwtError::Header)) {
        d.headerJson = *bytes;
        if (const auto header = decoder.jsonObject(*bytes, JwtError::Header)) {
            decoder.readHeader(*header);
            decoder.warnAboutDuplicates(d.headerJson, tr("header"));
            headerUsable = !d.alg.isEmpty();
        }
    }
    if (d.isEncrypted) {
        return d;
    }

    bool payloadDecoded = false;
    if (segments.size() > 1) {
        d.rawPayload = segments.at(1).toUtf8();
        if (segments.at(1).isEmpty()) {
            decoder.fail(JwtError::Payload,
                tr("segment 2 (payload) is empty: a detached payload (RFC 7515 Appendix F) "
                   "cannot be inspected"));
        } else if (const auto bytes
            = decoder.base64Segment(segments.at(1), offsets.at(1), JwtError::Payload)) {
            d.payloadJson = *bytes;
            payloadDecoded = true;
            if (const auto claims = decoder.jsonObject(*bytes, JwtError::Payload)) {
                decoder.checkClaims(*claims);
                decoder.warnAboutDuplicates(d.payloadJson, tr("payload"));
            }
        }
    }

    bool signatureDecoded = false;
    if (segments.size() > 2) {
        d.rawSignature = segments.at(2).toUtf8();
        if (const auto bytes
            = decoder.base64Segment(segments.at(2), offsets.at(2), JwtError::Signature)) {
            d.signature = *bytes;
            signatureDecoded = true;
            if (d.isUnsigned && !bytes->isEmpty()) {
                decoder.fail(JwtError::Signature,
                    tr("header \"alg\" is \"none\", yet segment 3 (signature) is not empty "
                       "(RFC 7518 §3.6)"));
                signatureDecoded = false;
            } else if (headerUsable && !d.isUnsigned && bytes->isEmpty()) {
                d.warnings.append(
                    tr("segment 3 (signature) is empty, but a %1 token needs a signature")
                        .arg(d.alg));
            }
        }
    }
    d.isSignatureCheckable
        = d.segmentCount == 3 && headerUsable && payloadDecoded && signatureDecoded;
    return d;
}

VerificationResult JwtInspector::verify(
    const JwtDecoding &decoding, const QList<VerificationKey> &candidates)
{
    VerificationResult result;
    result.alg = decoding.alg;
    const auto finish = [&result](VerificationResult::Status status, const QString &reason) {
        result.status = status;
        result.reason = reason;
        return result;
    };

    if (!decoding.isSignatureCheckable) {
        return finish(VerificationResult::Malformed,
            decoding.error ? decoding.error->message : tr("the token could not be decoded"));
    }
    if (decoding.isUnsigned) {
        return finish(VerificationResult::Unsigned,
            tr("\"alg\" is \"none\": the token is unsigned, so there is nothing to verify and "
               "nothing to trust"));
    }
    const AlgorithmInfo *info = algorithmInfo(decoding.alg);
    if (!info) {
        return finish(VerificationResult::UnsupportedAlgorithm,
            tr("\"alg\" \"%1\" is not an algorithm the inspector verifies (%2)")
                .arg(decoding.alg, supportedAlgorithms().join(u", ")));
    }
    // RFC 7515 §4.1.11: a recipient must reject a JWS whose critical extensions it does not
    // understand, and this one understands none.
    const QJsonValue crit = decoding.header.value("crit"_L1);
    if (!crit.isUndefined()) {
        QStringList names;
        const QJsonArray critArray = crit.toArray();
        for (const QJsonValue &name : critArray) {
            names.append(name.toString());
        }
        return finish(VerificationResult::Invalid,
            tr("the header marks %1 as critical (\"crit\"), an extension the inspector does not "
               "understand, so it must reject the token (RFC 7515 §4.1.11)")
                .arg(names.isEmpty() ? tr("something") : u'"' + names.join(u"\", \""_s) + u'"'));
    }
    if (candidates.isEmpty()) {
        return finish(VerificationResult::NoKey, tr("no key to verify the signature with"));
    }

    // RFC 7515 §4.1.4: "kid" picks the key. Keys without one (a pasted PEM, a secret) stay
    // candidates; keys with another "kid" do not.
    QList<VerificationKey> selected;
    if (!decoding.kid.isEmpty()) {
        for (const VerificationKey &candidate : candidates) {
            if (candidate.kid == decoding.kid) {
                selected.append(candidate);
            }
        }
        if (selected.isEmpty()) {
            QStringList otherKids;
            for (const VerificationKey &candidate : candidates) {
                if (candidate.kid.isEmpty()) {
                    selected.append(candidate);
                } else {
                    otherKids.append(u'"' + candidate.kid + u'"');
                }
            }
            if (selected.isEmpty()) {
                return finish(VerificationResult::NoKey,
                    tr("no key has the token's \"kid\" \"%1\" (the keys have %2)")
                        .arg(decoding.kid, otherKids.join(u", ")));
            }
        }
    } else {
        selected = candidates;
    }

    QList<VerificationKey> fitting;
    QString firstMismatch;
    for (const VerificationKey &candidate : std::as_const(selected)) {
        const QString why = mismatch(*info, candidate);
        if (why.isEmpty()) {
            fitting.append(candidate);
        } else if (firstMismatch.isEmpty()) {
            firstMismatch = why;
        }
    }
    if (fitting.isEmpty()) {
        return finish(VerificationResult::KeyMismatch,
            selected.size() == 1 ? firstMismatch
                                 : tr("none of the %1 keys fits %2; the first: %3")
                                       .arg(selected.size())
                                       .arg(decoding.alg, firstMismatch));
    }

    if (decoding.signature.isEmpty()) {
        return finish(
            VerificationResult::Invalid, tr("the token has no signature (segment 3 is empty)"));
    }
    const QByteArray signingInput = decoding.signingInput();
    QString lengthProblem;
    for (const VerificationKey &candidate : std::as_const(fitting)) {
        const int expectedBytes
            = info->signatureBytes > 0 ? info->signatureBytes : (candidate.key.bits() + 7) / 8;
        if (decoding.signature.size() != expectedBytes) {
            lengthProblem = tr("a %1 signature with this key is %2 bytes, but this one is %3 "
                               "(truncated or padded?)")
                                .arg(decoding.alg)
                                .arg(expectedBytes)
                                .arg(decoding.signature.size());
            continue;
        }
        if (!Jws::verify(signingInput, decoding.signature, decoding.alg, candidate.key)) {
            continue;
        }
        result.keyId = keyIdOf(candidate);
        result.keyOrigin = candidate.origin;
        const int keyBytes = candidate.key.bits() / 8;
        if (info->keyType == Key::Type::Oct && keyBytes < info->minimumKeyBytes) {
            result.warnings.append(tr("the secret is %1 bytes, shorter than the %2 bytes RFC 7518 "
                                      "§3.2 requires for %3: it may be guessed by brute force")
                                       .arg(keyBytes)
                                       .arg(info->minimumKeyBytes)
                                       .arg(decoding.alg));
        } else if (info->keyType == Key::Type::Rsa && keyBytes < info->minimumKeyBytes) {
            result.warnings.append(tr("the RSA key has %1 bits, fewer than the 2048 RFC 7518 §3.3 "
                                      "requires")
                                       .arg(candidate.key.bits()));
        }
        const QString origin
            = candidate.origin.isEmpty() ? QString() : u" ("_s + candidate.origin + u')';
        return finish(VerificationResult::Verified,
            tr("the %1 signature was verified with the %2%3")
                .arg(decoding.alg, describeKey(candidate.key), origin));
    }
    if (fitting.size() == 1 && !lengthProblem.isEmpty()) {
        return finish(VerificationResult::Invalid, lengthProblem);
    }
    return finish(VerificationResult::Invalid,
        fitting.size() == 1
            ? tr("the signature does not match: the token was altered, or signed with another "
                 "key")
            : tr("the signature matches none of the %1 fitting keys: the token was altered, or "
                 "signed with another key")
                  .arg(fitting.size()));
}

VerificationResult JwtInspector::verify(
    const JwtDecoding &decoding, const QList<Key> &keys, const QString &origin)
{
    return verify(decoding, KeySource::fromKeys(keys, origin));
}

namespace {

// Verifies with keys parsed from user input; when none could be parsed, a token that needed a
// key reports why the input gave none.
VerificationResult verifyWithParsedKeys(const JwtDecoding &decoding,
    const std::optional<QList<VerificationKey>> &keys, const QString &parseError)
{
    if (keys)
        return JwtInspector::verify(decoding, *keys);
    VerificationResult result = JwtInspector::verify(decoding, QList<VerificationKey>());
    if (result.status == VerificationResult::NoKey)
        result.reason = parseError;
    return result;
}

} // namespace

VerificationResult JwtInspector::verifyWithJwkSet(
    const JwtDecoding &decoding, const QJsonObject &jwks)
{
    QString error;
    const auto keys = KeySource::keysFromJwkSet(jwks, &error);
    return verifyWithParsedKeys(decoding, keys, error);
}

VerificationResult JwtInspector::verifyWithKeyText(const JwtDecoding &decoding, const QString &text)
{
    QString error;
    const auto keys = KeySource::keysFromText(text, &error);
    return verifyWithParsedKeys(decoding, keys, error);
}

VerificationResult JwtInspector::verifyWithSecret(
    const JwtDecoding &decoding, const QByteArray &secret)
{
    const VerificationKey key = KeySource::fromSecret(secret);
    return verify(decoding, key.key.isNull() ? QList<VerificationKey>() : QList {key});
}

TimeReport JwtInspector::timeReport(const QJsonObject &claims, qint64 nowSecs, qint64 leewaySeconds)
{
    TimeReport report;
    const TimeClaim *exp = nullptr;
    const TimeClaim *nbf = nullptr;
    for (const QLatin1StringView name : {"iat"_L1, "nbf"_L1, "exp"_L1, "auth_time"_L1}) {
        const QJsonValue value = claims.value(name);
        if (!value.isDouble()) {
            continue; // absent, or not a NumericDate: decode() has said so
        }
        const double date = value.toDouble();
        if (!std::isfinite(date) || date < earliestDate || date > latestDate) {
            report.warnings.append(tr("claim \"%1\" (%2) is not a date between the years 1 and "
                                      "9999; milliseconds instead of seconds?")
                                       .arg(QString(name))
                                       .arg(value.toDouble(), 0, 'g', 17));
            continue;
        }
        TimeClaim claim;
        claim.name = QString(name);
        claim.seconds = qint64(std::floor(date));
        claim.utc = QDateTime::fromSecsSinceEpoch(claim.seconds, QTimeZone::utc());
        claim.delta = claim.seconds - nowSecs;
        claim.relative = relativePhrase(claim.name, claim.delta);
        report.claims.append(claim);
        if (name == "iat"_L1 && claim.delta > leewaySeconds) {
            report.warnings.append(tr("\"iat\" is in the future: the issuer's clock may be "
                                      "ahead of this one"));
        }
    }
    for (const TimeClaim &claim : std::as_const(report.claims)) {
        if (claim.name == "exp"_L1) {
            exp = &claim;
        } else if (claim.name == "nbf"_L1) {
            nbf = &claim;
        }
    }

    if (exp && nowSecs >= exp->seconds + leewaySeconds) {
        report.validity = Validity::Expired;
        report.summary = exp->relative;
    } else if (nbf && nowSecs < nbf->seconds - leewaySeconds) {
        report.validity = Validity::NotYetValid;
        report.summary = tr("not valid yet: %1").arg(nbf->relative);
    } else if (!exp) {
        report.validity = Validity::NoExpiry;
        report.summary = tr("never expires (no \"exp\")");
    } else {
        report.validity = Validity::Valid;
        report.summary = exp->delta > 0
            ? exp->relative
            : tr("%1, within the %2 s leeway").arg(exp->relative).arg(leewaySeconds);
    }
    return report;
}

QString JwtInspector::validityName(Validity validity)
{
    switch (validity) {
    case Validity::Valid:
        return u"valid"_s;
    case Validity::Expired:
        return u"expired"_s;
    case Validity::NotYetValid:
        return u"not_yet_valid"_s;
    case Validity::NoExpiry:
        return u"no_expiry"_s;
    }
    return {};
}

QString JwtInspector::describeRelative(qint64 deltaSeconds)
{
    if (deltaSeconds == 0) {
        return tr("now");
    }
    const QString duration = describeDuration(deltaSeconds);
    return deltaSeconds > 0 ? tr("in %1").arg(duration) : tr("%1 ago").arg(duration);
}

QString JwtInspector::describeDuration(qint64 seconds)
{
    const quint64 s = seconds == std::numeric_limits<qint64>::min() ? quint64(1) << 63
        : seconds < 0                                               ? quint64(-seconds)
                                                                    : quint64(seconds);
    constexpr quint64 minute = 60;
    constexpr quint64 hour = 60 * minute;
    constexpr quint64 day = 24 * hour;
    const auto pair = [](const QString &large, quint64 remainder, const QString &small) {
        return remainder == 0 ? large : large + u' ' + small;
    };
    if (s < minute) {
        return tr("%1 s").arg(s);
    }
    if (s < hour) {
        return pair(tr("%1 min").arg(s / minute), s % minute, tr("%1 s").arg(s % minute));
    }
    if (s < day) {
        return pair(
            tr("%1 h").arg(s / hour), (s % hour) / minute, tr("%1 min").arg((s % hour) / minute));
    }
    return pair(tr("%1 d").arg(s / day), (s % day) / hour, tr("%1 h").arg((s % day) / hour));
}

QList<MemberRow> JwtInspector::rows(const JwtDecoding &decoding, Part part)
{
    const bool header = part == Part::Header;
    const QJsonObject object = header ? decoding.header : decoding.claims;
    QList<MemberRow> rows;
    if (object.isEmpty()) {
        return rows;
    }
    const QList<JsonText::Member> members
        = JsonText::topLevelMembers(header ? decoding.headerJson : decoding.payloadJson);
    for (const JsonText::Member &member : members) {
        MemberRow row;
        row.name = member.name;
        row.valueJson = member.value;
        row.valueText = member.value.startsWith('"') ? jsonString(member.value)
                                                     : QString::fromUtf8(member.value);
        row.description = header ? headerDescription(member.name) : claimDescription(member.name);
        if (!header && isNumericDateClaim(member.name)) {
            const QJsonValue value
                = QJsonDocument::fromJson('[' + member.value + ']').array().at(0);
            const double date = value.toDouble(std::numeric_limits<double>::quiet_NaN());
            if (value.isDouble() && std::isfinite(date) && date >= earliestDate
                && date <= latestDate) {
                row.time
                    = QDateTime::fromSecsSinceEpoch(qint64(std::floor(date)), QTimeZone::utc());
            }
        }
        rows.append(row);
    }
    return rows;
}

JsonText::Pretty JwtInspector::prettyJson(const JwtDecoding &decoding, Part part)
{
    const QByteArray &json = part == Part::Header ? decoding.headerJson : decoding.payloadJson;
    if (QJsonDocument::fromJson(json).isObject()) {
        return JsonText::pretty(json);
    }
    // Not a JSON object (the text payload of a plain JWS, say): shown as it is, uncoloured.
    JsonText::Pretty pretty;
    pretty.text = QString::fromUtf8(json);
    return pretty;
}

QString JwtInspector::claimDescription(const QString &name)
{
    static const QHash<QString, const char *> descriptions = {
        {u"iss"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Issuer: who created and signed the token, usually the authorization server's "
                "URL (RFC 7519 §4.1.1).")},
        {u"sub"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Subject: whom the token is about, a user, or the client itself for client "
                "credentials (RFC 7519 §4.1.2).")},
        {u"aud"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Audience: the resource servers meant to accept the token; any other must "
                "reject it (RFC 7519 §4.1.3).")},
        {u"exp"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Expiration time: from this moment on the token must be rejected (RFC 7519 "
                "§4.1.4).")},
        {u"nbf"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Not before: the token must be rejected until this moment (RFC 7519 §4.1.5).")},
        {u"iat"_s,
            QT_TRANSLATE_NOOP(
                "JwtInspector", "Issued at: when the token was created (RFC 7519 §4.1.6).")},
        {u"jti"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "JWT ID: a unique name for this token, to detect replays or revoke it (RFC 7519 "
                "§4.1.7).")},
        {u"scope"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Scope: the space-separated permissions granted to the client (RFC 8693 §4.2, "
                "RFC 9068 §2.2.3).")},
        {u"client_id"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Client ID: the OAuth client the token was issued to (RFC 8693 §4.3, RFC 9068 "
                "§2.2).")},
        {u"azp"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Authorized party: the client an ID token was issued to (OpenID Connect Core "
                "§2).")},
        {u"auth_time"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Authentication time: when the user last logged in (OpenID Connect Core §2, "
                "RFC 9068 §2.2.1).")},
        {u"nonce"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Nonce: the client's value from the authorization request, echoed so that an ID "
                "token cannot be replayed (OpenID Connect Core §2).")},
        {u"acr"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Authentication context class: how strongly the user was authenticated (OpenID "
                "Connect Core §2).")},
        {u"amr"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Authentication methods: how the user authenticated, such as \"pwd\" or \"otp\" "
                "(RFC 8176).")},
        {u"sid"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Session ID: the user's session at the issuer, used to log out (OpenID Connect "
                "Front-Channel Logout §3).")},
        {u"act"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Actor: who acts on behalf of the subject after a token exchange (RFC 8693 "
                "§4.1).")},
        {u"may_act"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "May act: who is allowed to act on behalf of the subject (RFC 8693 §4.4).")},
        {u"cnf"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Confirmation: the key or certificate the token is bound to, so that only its "
                "holder can use it (RFC 7800, RFC 8705, RFC 9449).")},
        {u"roles"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Roles: the subject's roles, as SCIM defines them (RFC 9068 §2.2.3.1).")},
        {u"groups"_s,
            QT_TRANSLATE_NOOP(
                "JwtInspector", "Groups: the groups the subject belongs to (RFC 9068 §2.2.3.1).")},
        {u"entitlements"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Entitlements: what the subject is entitled to (RFC 9068 §2.2.3.1).")},
        {u"at_hash"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Access token hash: ties an ID token to the access token issued with it "
                "(OpenID Connect Core §3.1.3.6).")},
        {u"c_hash"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Code hash: ties an ID token to the authorization code issued with it (OpenID "
                "Connect Core §3.3.2.11).")},
        {u"name"_s,
            QT_TRANSLATE_NOOP("JwtInspector", "The user's full name (OpenID Connect Core §5.1).")},
        {u"preferred_username"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "The name the user prefers to be known by; not unique, not stable (OpenID "
                "Connect Core §5.1).")},
        {u"email"_s,
            QT_TRANSLATE_NOOP(
                "JwtInspector", "The user's email address (OpenID Connect Core §5.1).")},
        {u"email_verified"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Whether the issuer verified the email address (OpenID Connect Core §5.1).")},
        {u"given_name"_s,
            QT_TRANSLATE_NOOP("JwtInspector", "The user's given name (OpenID Connect Core §5.1).")},
        {u"family_name"_s,
            QT_TRANSLATE_NOOP(
                "JwtInspector", "The user's family name (OpenID Connect Core §5.1).")},
    };
    const char *text = descriptions.value(name, nullptr);
    return text ? tr(text) : QString();
}

QString JwtInspector::headerDescription(const QString &name)
{
    static const QHash<QString, const char *> descriptions = {
        {u"alg"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Algorithm: how the token is signed, such as RS256 or HS256; \"none\" means "
                "unsigned (RFC 7515 §4.1.1).")},
        {u"typ"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Type: what kind of token this is, such as JWT, or at+jwt for an OAuth access "
                "token (RFC 7515 §4.1.9, RFC 9068 §2.1).")},
        {u"cty"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Content type: what the payload is; \"JWT\" for a token nested in another "
                "(RFC 7515 §4.1.10).")},
        {u"kid"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Key ID: which of the issuer's keys signed the token, to find it in the JWK set "
                "(RFC 7515 §4.1.4).")},
        {u"jku"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "JWK Set URL: where the signer says its keys are; never to be trusted on the "
                "token's word (RFC 7515 §4.1.2).")},
        {u"jwk"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "JSON Web Key: the signer's public key, carried in the token itself; proves "
                "nothing on its own (RFC 7515 §4.1.3).")},
        {u"x5u"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "X.509 URL: where the signer's certificate chain is said to be (RFC 7515 "
                "§4.1.5).")},
        {u"x5c"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "X.509 certificate chain of the signer, carried in the token (RFC 7515 "
                "§4.1.6).")},
        {u"x5t"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "X.509 thumbprint: the SHA-1 hash of the signer's certificate (RFC 7515 "
                "§4.1.7).")},
        {u"x5t#S256"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "X.509 thumbprint: the SHA-256 hash of the signer's certificate (RFC 7515 "
                "§4.1.8).")},
        {u"crit"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Critical: extensions a recipient must understand, or else reject the token "
                "(RFC 7515 §4.1.11).")},
        {u"b64"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Whether the payload is base64url encoded; false means it is sent as is (RFC "
                "7797 §3).")},
        {u"enc"_s,
            QT_TRANSLATE_NOOP("JwtInspector",
                "Encryption: the algorithm that encrypts the content of a JWE (RFC 7516 "
                "§4.1.2).")},
        {u"zip"_s,
            QT_TRANSLATE_NOOP(
                "JwtInspector", "Compression applied before encryption (RFC 7516 §4.1.3).")},
    };
    const char *text = descriptions.value(name, nullptr);
    return text ? tr(text) : QString();
}

QString JwtInspector::describeKey(const Key &key)
{
    const QString half = key.isPrivate() ? tr("private key") : tr("public key");
    switch (key.type()) {
    case Key::Type::Rsa:
        return tr("RSA %1-bit %2").arg(key.bits()).arg(half);
    case Key::Type::Ec:
        return tr("EC P-%1 %2").arg(key.bits()).arg(half);
    case Key::Type::Ed25519:
        return tr("Ed25519 %1").arg(half);
    case Key::Type::Oct:
        return tr("%1-bit shared secret").arg(key.bits());
    case Key::Type::None:
        break;
    }
    return tr("empty key");
}

QStringList JwtInspector::supportedAlgorithms()
{
    QStringList names;
    for (const AlgorithmInfo &info : algorithms) {
        names.append(QString(info.name));
    }
    return names;
}

std::optional<QList<VerificationKey>> KeySource::keysFromText(
    const QString &text, QString *error, QStringList *skipped)
{
    const auto failWith = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return failWith(tr("no key was given"));
    }

    if (trimmed.contains(u"-----BEGIN "_s)) {
        static const QRegularExpression block(u"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \\1-----"_s,
            QRegularExpression::DotMatchesEverythingOption);
        QList<VerificationKey> keys;
        int index = 0;
        for (const QRegularExpressionMatch &match : block.globalMatch(trimmed)) {
            ++index;
            const QString label = match.captured(1);
            QString keyError;
            const Key key = Key::fromPem(match.captured(0).toLatin1(), &keyError);
            if (key.isNull()) {
                return failWith(tr("PEM block %1 (%2): %3").arg(index).arg(label, keyError));
            }
            VerificationKey candidate;
            candidate.key = key;
            candidate.origin = label == "CERTIFICATE"_L1 ? tr("certificate")
                : key.isPrivate()                        ? tr("PEM private key, its public half")
                                                         : tr("PEM public key");
            keys.append(candidate);
        }
        if (keys.isEmpty()) {
            return failWith(tr("the PEM text has no complete block from \"-----BEGIN ...-----\" "
                               "to the matching \"-----END ...-----\""));
        }
        return keys;
    }

    if (trimmed.startsWith(u'{')) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &parseError);
        if (!document.isObject()) {
            return failWith(tr("not valid JSON: %1 at character %2")
                                .arg(parseError.errorString())
                                .arg(parseError.offset + 1));
        }
        const QJsonObject object = document.object();
        if (object.contains("keys"_L1)) {
            return keysFromJwkSet(object, error, skipped);
        }
        if (object.contains("kty"_L1)) {
            const std::optional<VerificationKey> key = keyFromJwk(object, error);
            if (!key) {
                return std::nullopt;
            }
            return QList {*key};
        }
        return failWith(tr("a JSON object, but neither a JWK (it has no \"kty\") nor a JWK set "
                           "(it has no \"keys\")"));
    }
    return failWith(tr("not a PEM key or certificate, a JWK or a JWK set (a shared secret is "
                       "given separately)"));
}

std::optional<QList<VerificationKey>> KeySource::keysFromJwkSet(
    const QJsonObject &jwks, QString *error, QStringList *skipped)
{
    const auto failWith = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    const QJsonValue keysValue = jwks.value("keys"_L1);
    if (!keysValue.isArray()) {
        return failWith(tr("not a JWK set: it needs a \"keys\" array (RFC 7517 §5)"));
    }
    const QJsonArray entries = keysValue.toArray();
    if (entries.isEmpty()) {
        return failWith(tr("the JWK set is empty"));
    }
    QList<VerificationKey> keys;
    QStringList problems;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject jwk = entries.at(i).toObject();
        const QString kid = jwk.value("kid"_L1).toString();
        const QString name = kid.isEmpty() ? tr("key %1").arg(i + 1)
                                           : tr("key %1 (\"kid\" \"%2\")").arg(i + 1).arg(kid);
        QString keyError;
        std::optional<VerificationKey> key = entries.at(i).isObject()
            ? keyFromJwk(jwk, &keyError)
            : std::optional<VerificationKey>();
        if (!key) {
            // RFC 7517 §5: keys that cannot be used are ignored, not fatal to the set.
            problems.append(
                tr("%1: %2").arg(name, entries.at(i).isObject() ? keyError : tr("not an object")));
            continue;
        }
        key->origin = tr("JWK set %1").arg(name);
        keys.append(*key);
    }
    if (skipped) {
        *skipped = problems;
    }
    if (keys.isEmpty()) {
        return failWith(tr("the JWK set has no usable key: %1").arg(problems.join(u"; ")));
    }
    return keys;
}

std::optional<VerificationKey> KeySource::keyFromJwk(const QJsonObject &jwk, QString *error)
{
    VerificationKey candidate;
    candidate.key = Key::fromJwk(jwk, error);
    if (candidate.key.isNull()) {
        return std::nullopt;
    }
    candidate.kid = jwk.value("kid"_L1).toString();
    candidate.alg = jwk.value("alg"_L1).toString();
    candidate.use = jwk.value("use"_L1).toString();
    candidate.origin = tr("JWK");
    return candidate;
}

VerificationKey KeySource::fromSecret(const QByteArray &secret)
{
    VerificationKey candidate;
    candidate.key = Key::fromSecret(secret);
    candidate.origin = tr("shared secret");
    return candidate;
}

QList<VerificationKey> KeySource::fromKeys(const QList<Key> &keys, const QString &origin)
{
    QList<VerificationKey> candidates;
    for (const Key &key : keys) {
        if (key.isNull()) {
            continue;
        }
        VerificationKey candidate;
        candidate.key = key;
        // The embedded server publishes each key under its thumbprint (see Metadata::jwkSet).
        candidate.kid = key.thumbprint();
        candidate.origin = origin;
        candidates.append(candidate);
    }
    return candidates;
}
