// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwtvalidator.h"

#include "jose/base64url.h"
#include "jose/jws.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace {

// The signature algorithms an access token may use: asymmetric only (a resource server holds no
// shared secret of the authorization server), never "none".
bool isAcceptedAlgorithm(const QString &alg)
{
    static const QStringList accepted {u"RS256"_s, u"RS384"_s, u"RS512"_s, u"PS256"_s, u"PS384"_s,
        u"PS512"_s, u"ES256"_s, u"ES384"_s, u"ES512"_s, u"EdDSA"_s};
    return accepted.contains(alg);
}

struct Segments
{
    QByteArray signingInput;
    QJsonObject header;
    QJsonObject claims;
    QByteArray signature;
    bool claimsRead = false;
};

std::optional<QJsonObject> decodeObject(QByteArrayView segment)
{
    const std::optional<QByteArray> json = Base64Url::decode(segment);
    if (!json)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// The parts of a compact JWS; std::nullopt and *problem when it is not one.
std::optional<Segments> split(const QByteArray &token, QString *problem)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) {
        *problem = u"the token is not a JWT (%1 segments, a JWS has 3)"_s.arg(parts.size());
        return std::nullopt;
    }
    Segments out;
    out.signingInput = parts.at(0) + '.' + parts.at(1);
    const std::optional<QJsonObject> header = decodeObject(parts.at(0));
    if (!header) {
        *problem = u"the token's header is not base64url-encoded JSON"_s;
        return std::nullopt;
    }
    out.header = *header;
    if (const std::optional<QJsonObject> claims = decodeObject(parts.at(1))) {
        out.claims = *claims;
        out.claimsRead = true;
    }
    const std::optional<QByteArray> signature = Base64Url::decode(parts.at(2));
    if (!signature) {
        *problem = u"the token's signature is not base64url"_s;
        return std::nullopt;
    }
    out.signature = *signature;
    return out;
}

} // namespace

namespace JwtAccessToken {

bool looksLikeJwt(QByteArrayView token)
{
    if (token.count('.') != 2)
        return false;
    return decodeObject(token.first(token.indexOf('.'))).has_value();
}

AccessTokenInfo readClaims(const QByteArray &token)
{
    QString problem;
    const std::optional<Segments> segments = split(token, &problem);
    return segments && segments->claimsRead ? AccessTokenChecks::fromClaims(segments->claims)
                                            : AccessTokenInfo {};
}

JwtValidation validate(
    const QByteArray &token, const ClientJwkSet &keys, const JwtExpectations &expected)
{
    JwtValidation out;
    const std::optional<Segments> segments = split(token, &out.problem);
    if (!segments)
        return out;
    const QString alg = segments->header.value("alg"_L1).toString();
    out.kid = segments->header.value("kid"_L1).toString();
    if (!isAcceptedAlgorithm(alg)) {
        out.problem = alg.isEmpty()
            ? u"the token's header names no alg"_s
            : u"the token is signed with %1, which this resource server does not accept"_s.arg(alg);
        return out;
    }
    if (!segments->claimsRead) {
        out.problem = u"the token's payload is not base64url-encoded JSON"_s;
        return out;
    }
    out.info = AccessTokenChecks::fromClaims(segments->claims);

    // The key named by kid; without a kid, any key that fits alg.
    bool keyFound = false;
    bool verified = false;
    for (const ClientKey &key : keys.keys) {
        if (!out.kid.isEmpty() && key.kid != out.kid)
            continue;
        if (!key.alg.isEmpty() && key.alg != alg)
            continue;
        keyFound = true;
        if (Jws::verify(segments->signingInput, segments->signature, alg, key.key)) {
            verified = true;
            break;
        }
    }
    if (!keyFound) {
        out.status = out.kid.isEmpty() ? JwtValidation::Status::Invalid
                                       : JwtValidation::Status::UnknownKey;
        out.problem = out.kid.isEmpty()
            ? u"the token has no kid and no key of the authorization server's JWK set fits %1"_s
                  .arg(alg)
            : u"no key with kid %1 in the authorization server's JWK set"_s.arg(out.kid);
        return out;
    }
    if (!verified) {
        out.problem
            = u"the token's signature does not verify with the authorization server's key"_s;
        return out;
    }
    if (out.info.issuer != expected.issuer) {
        out.problem = u"the token's issuer %1 is not %2"_s.arg(
            out.info.issuer.isEmpty() ? u"(none)"_s : out.info.issuer, expected.issuer);
        return out;
    }
    if (!segments->claims.value("exp"_L1).isDouble()) {
        out.problem = u"the token has no exp claim"_s;
        return out;
    }
    if (const QString problem = AccessTokenChecks::timeProblem(out.info, expected.nowSeconds);
        !problem.isEmpty()) {
        out.problem = problem;
        return out;
    }
    if (const QString problem = AccessTokenChecks::audienceProblem(out.info, expected.audience);
        !problem.isEmpty()) {
        out.problem = problem;
        return out;
    }
    out.status = JwtValidation::Status::Valid;
    return out;
}

} // namespace JwtAccessToken
