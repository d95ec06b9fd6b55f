// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jose/jsontext.h"
#include "jose/key.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// What is wrong with a token that cannot be decoded, precisely enough to fix it.
struct JwtError
{
    enum Segment { WholeToken = -1, Header = 0, Payload = 1, Signature = 2 };

    int segment = WholeToken;
    // Offset in JwtDecoding::token of the offending character, -1 when no single one is. The
    // message counts from 1 ("at position 17"), as people do.
    qsizetype position = -1;
    QString message;
};

// A compact JWS taken apart, with everything that could be decoded even when part of it is
// malformed, so that a page can show the header of a token whose payload is broken.
struct JwtDecoding
{
    // What was inspected: trimmed, without an "Authorization:"/"Bearer " prefix or enclosing
    // quotes, inner whitespace removed. Segment offsets and JwtError::position refer to it.
    QString token;
    int segmentCount = 0;
    // The segments as given (base64url text) and as decoded.
    QByteArray rawHeader;
    QByteArray rawPayload;
    QByteArray rawSignature;
    QByteArray headerJson;
    QByteArray payloadJson;
    QByteArray signature;
    QJsonObject header;
    QJsonObject claims;
    QString alg; // the header's "alg", when it is a string
    QString kid;
    QString typ;
    bool isUnsigned = false; // "alg": "none" (RFC 7518 §3.6)
    bool isEncrypted = false; // five segments: a JWE (RFC 7516)
    // Three segments, header and signature decoded: the signature can be checked even when the
    // payload is not a JSON object (a JWS that is not a JWT, such as RFC 8037 Appendix A.4).
    bool isSignatureCheckable = false;
    std::optional<JwtError> error; // the first problem, in segment order
    QStringList warnings; // decoded, but worth saying (weak choices, ignored members...)

    bool isValid() const { return !error.has_value(); }
    // What the signature covers: the first two segments exactly as given (RFC 7515 §5.2).
    QByteArray signingInput() const { return rawHeader + '.' + rawPayload; }
};

// One key the inspector may verify with, with what its JWK said about it.
struct VerificationKey
{
    Key key;
    QString kid; // the JWK's "kid"; empty for PEM keys and secrets
    QString alg; // the JWK's "alg": the key is for that algorithm only
    QString use; // the JWK's "use"
    QString origin; // for people: "JWK set key 2", "PEM public key", "shared secret"...
};

struct VerificationResult
{
    enum Status {
        Verified,
        Invalid, // a fitting key, but the signature does not match (or the header forbids it)
        Unsigned, // "alg": "none": never verified
        NoKey, // no key given, or none with the token's "kid"
        KeyMismatch, // keys given, none of the kind "alg" needs
        UnsupportedAlgorithm,
        Malformed, // the token could not be decoded far enough to check a signature
    };

    Status status = NoKey;
    QString alg;
    QString keyId; // the "kid" of the key that verified, else its RFC 7638 thumbprint
    QString keyOrigin; // VerificationKey::origin of that key
    QString reason; // one line for people
    QStringList warnings; // verified, but with a weak key

    bool isVerified() const { return status == Verified; }
    // "verified", "invalid", "unsigned", "no_key", "key_mismatch", "unsupported_algorithm",
    // "malformed": stable names for JSON output.
    static QString statusName(Status status);
};

enum class Validity { Valid, Expired, NotYetValid, NoExpiry };

// A NumericDate claim (RFC 7519 §2) against a given "now".
struct TimeClaim
{
    QString name; // "iat", "nbf", "exp" or "auth_time"
    qint64 seconds = 0; // since the epoch; fractions are dropped
    QDateTime utc;
    qint64 delta = 0; // seconds - now: positive in the future
    QString relative; // "expires in 3 h 59 min", "expired 2 min ago", "issued 5 min ago"
};

struct TimeReport
{
    Validity validity = Validity::NoExpiry;
    QList<TimeClaim> claims; // in the order iat, nbf, exp, auth_time, those present only
    QString summary; // one line: "expires in 3 h 59 min", "not valid yet: becomes valid in 5 min"
    QStringList warnings; // out-of-range dates, "iat" in the future
};

// One member of the header or the claims, for a table.
struct MemberRow
{
    QString name;
    QByteArray valueJson; // compact JSON as written in the token
    QString valueText; // a string's text unquoted, any other value as JSON
    QString description; // empty for names no specification registers
    QDateTime time; // valid for the NumericDate claims (iat, nbf, exp, auth_time)
};

// The token inspector: decodes, verifies and explains a JWT. Every function returns a value and
// reads no clock, file or network, so the window page, the `inspect` command and the tests all
// show the same result for the same input.
class JwtInspector
{
public:
    enum class Part { Header, Claims };

    // Never fails: a malformed token comes back with JwtDecoding::error set.
    static JwtDecoding decode(QStringView token);

    // Verifies with the candidate whose "kid" matches the token's, else with every candidate
    // that has no "kid" and fits "alg". "alg": "none" is never Verified; an HMAC "alg" with an
    // asymmetric key is refused as the algorithm-confusion attack it is.
    static VerificationResult verify(
        const JwtDecoding &decoding, const QList<VerificationKey> &candidates);
    // Keys without JWK metadata (the embedded server's own): each "kid" is its thumbprint, as
    // the server publishes it.
    static VerificationResult verify(
        const JwtDecoding &decoding, const QList<Key> &keys, const QString &origin);
    static VerificationResult verifyWithJwkSet(
        const JwtDecoding &decoding, const QJsonObject &jwks);
    // A PEM public key, private key or certificate, a JWK or a JWK set, as KeySource reads it.
    static VerificationResult verifyWithKeyText(const JwtDecoding &decoding, const QString &text);
    static VerificationResult verifyWithSecret(
        const JwtDecoding &decoding, const QByteArray &secret);

    // The time claims against "nowSecs" (the caller's Clock). RFC 7519 §4.1.4/§4.1.5: expired
    // from "exp" on, not valid before "nbf"; "leewaySeconds" allows for clock skew.
    static TimeReport timeReport(
        const QJsonObject &claims, qint64 nowSecs, qint64 leewaySeconds = 0);
    static Validity validity(const QJsonObject &claims, qint64 nowSecs, qint64 leewaySeconds = 0)
    {
        return timeReport(claims, nowSecs, leewaySeconds).validity;
    }
    // "valid", "expired", "not_yet_valid", "no_expiry".
    static QString validityName(Validity validity);
    // "in 3 h 59 min", "2 min ago", "in 45 s", "now".
    static QString describeRelative(qint64 deltaSeconds);
    // "3 h 59 min", "2 min 5 s", "45 s", "2 d 3 h": the two largest units, rounded down.
    static QString describeDuration(qint64 seconds);

    // The members of the header or the claims in the token's own order, described.
    static QList<MemberRow> rows(const JwtDecoding &decoding, Part part);
    // Indented, in the token's own member order, with spans for syntax colouring.
    static JsonText::Pretty prettyJson(const JwtDecoding &decoding, Part part);

    // One sentence on a registered claim (RFC 7519 §4.1, RFC 9068, OpenID Connect...) or header
    // parameter (RFC 7515 §4.1); empty for an unregistered name.
    static QString claimDescription(const QString &name);
    static QString headerDescription(const QString &name);

    // "RSA 2048-bit public key", "EC P-256 private key", "256-bit shared secret"...
    static QString describeKey(const Key &key);
    static QStringList supportedAlgorithms();
};

// Reads what a person pastes or points at as verification keys.
class KeySource
{
public:
    // A PEM public key, private key (its public half verifies) or X.509 certificate, several
    // PEM blocks in a row, a JWK or a JWK set. Shared secrets are not text keys: use
    // fromSecret(). std::nullopt with *error set when nothing usable was found; keys of a JWK set
    // that cannot be used are skipped (RFC 7517 §5) and named in *skipped.
    static std::optional<QList<VerificationKey>> keysFromText(
        const QString &text, QString *error, QStringList *skipped = nullptr);
    static std::optional<QList<VerificationKey>> keysFromJwkSet(
        const QJsonObject &jwks, QString *error, QStringList *skipped = nullptr);
    static std::optional<VerificationKey> keyFromJwk(const QJsonObject &jwk, QString *error);
    // A null key for an empty secret.
    static VerificationKey fromSecret(const QByteArray &secret);
    static QList<VerificationKey> fromKeys(const QList<Key> &keys, const QString &origin);
};
