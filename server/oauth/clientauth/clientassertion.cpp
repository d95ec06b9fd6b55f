// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientassertion.h"

#include "clientauthservices.h"

#include "jose/base64url.h"
#include "jose/jsontext.h"
#include "jose/jws.h"
#include "store/replaycache.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QStringView AssertionParameter = u"client_assertion";
constexpr QStringView AssertionTypeParameter = u"client_assertion_type";

// A JSON object from one base64url segment, refusing duplicate member names (RFC 7515 §4 lets a
// recipient refuse them; taking the last, as QJsonDocument does, would let a header say two
// things).
Result<QJsonObject> decodeSegment(QByteArrayView segment, const QString &what)
{
    const std::optional<QByteArray> json = Base64Url::decode(segment);
    if (!json)
        return OAuthError(OAuthError::Code::InvalidClient, what + u" is not base64url"_s);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &parseError);
    if (!document.isObject())
        return OAuthError(OAuthError::Code::InvalidClient, what + u" is not a JSON object"_s);
    QSet<QString> names;
    for (const JsonText::Member &member : JsonText::topLevelMembers(*json)) {
        if (names.contains(member.name)) {
            return OAuthError(OAuthError::Code::InvalidClient,
                what + u" has the member '%1' twice"_s.arg(member.name));
        }
        names.insert(member.name);
    }
    return document.object();
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly with a fraction.
bool numericDate(const QJsonObject &claims, QLatin1StringView name, qint64 *seconds)
{
    const QJsonValue value = claims.value(name);
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return false;
    const double d = value.toDouble();
    if (std::fabs(d) > 1e15)
        return false;
    *seconds = qint64(std::floor(d));
    return true;
}

QString isoTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc()).toUTC().toString(Qt::ISODate);
}

QString describeKeyType(const Key &key)
{
    switch (key.type()) {
    case Key::Type::Rsa:
        return u"an RSA %1-bit key"_s.arg(key.bits());
    case Key::Type::Ec:
        return u"an EC P-%1 key"_s.arg(key.bits());
    case Key::Type::Ed25519:
        return u"an Ed25519 key"_s;
    case Key::Type::Oct:
        return u"a %1-byte secret"_s.arg(key.bits() / 8);
    case Key::Type::None:
        break;
    }
    return u"no key"_s;
}

} // namespace

Result<ClientAssertionToken> ClientAssertionToken::parse(QStringView assertion)
{
    const auto bad = [](const QString &reason) {
        return OAuthError(OAuthError::Code::InvalidClient, reason);
    };
    if (assertion.size() > ClientAssertion::MaxAssertionLength) {
        return bad(u"client_assertion is longer than %1 characters"_s.arg(
            ClientAssertion::MaxAssertionLength));
    }
    const QByteArray text = assertion.toLatin1();
    const QList<QByteArray> parts = text.split('.');
    if (parts.size() == 5)
        return bad(u"client_assertion is an encrypted JWT (JWE); a signed JWT is expected"_s);
    if (parts.size() != 3)
        return bad(u"client_assertion is not a JWT (three base64url parts separated by dots)"_s);

    ClientAssertionToken token;
    Result<QJsonObject> header = decodeSegment(parts.at(0), u"the client_assertion header"_s);
    if (!header)
        return header.error();
    token.header = std::move(header).value();
    Result<QJsonObject> claims = decodeSegment(parts.at(1), u"the client_assertion payload"_s);
    if (!claims)
        return claims.error();
    token.claims = std::move(claims).value();
    const std::optional<QByteArray> signature = Base64Url::decode(parts.at(2));
    if (!signature)
        return bad(u"the client_assertion signature is not base64url"_s);
    token.signature = *signature;
    token.signingInput = parts.at(0) + '.' + parts.at(1);
    token.alg = token.header.value("alg"_L1).toString();
    token.kid = token.header.value("kid"_L1).toString();
    return token;
}

namespace ClientAssertion {

const QStringList &secretAlgorithms()
{
    static const QStringList algorithms {u"HS256"_s, u"HS384"_s, u"HS512"_s};
    return algorithms;
}

const QStringList &privateKeyAlgorithms()
{
    static const QStringList algorithms {u"RS256"_s, u"RS384"_s, u"RS512"_s, u"PS256"_s, u"PS384"_s,
        u"PS512"_s, u"ES256"_s, u"ES384"_s, u"ES512"_s, u"EdDSA"_s};
    return algorithms;
}

QString keyMismatch(const QString &alg, const Key &key)
{
    const QString have = describeKeyType(key);
    if (alg.startsWith(u"HS")) {
        const int hashBits = alg.mid(2).toInt();
        if (key.type() != Key::Type::Oct)
            return u"%1 needs a shared secret, not %2"_s.arg(alg, have);
        if (key.bits() < hashBits) {
            return u"the client secret is %1 bytes, too short for %2, which needs a key of at "
                   "least %3 bytes (RFC 7518 section 3.2)"_s.arg(key.bits() / 8)
                       .arg(alg)
                       .arg(hashBits / 8);
        }
        return {};
    }
    if (alg.startsWith(u"RS") || alg.startsWith(u"PS")) {
        if (key.type() != Key::Type::Rsa)
            return u"%1 needs an RSA key, not %2"_s.arg(alg, have);
        if (key.bits() < 2048) {
            return u"%1 needs an RSA key of at least 2048 bits (RFC 7518 section 3.3), not %2"_s
                .arg(alg, have);
        }
        return {};
    }
    if (alg.startsWith(u"ES")) {
        const int curve = alg == "ES256"_L1 ? 256 : alg == "ES384"_L1 ? 384 : 521;
        if (key.type() != Key::Type::Ec || key.bits() != curve)
            return u"%1 needs an EC P-%2 key, not %3"_s.arg(alg).arg(curve).arg(have);
        return {};
    }
    if (alg == "EdDSA"_L1) {
        if (key.type() != Key::Type::Ed25519)
            return u"EdDSA needs an Ed25519 key, not %1"_s.arg(have);
        return {};
    }
    return u"%1 is not a signing algorithm this server knows"_s.arg(alg);
}

} // namespace ClientAssertion

OAuthError ClientAssertionAuthenticator::refused(const QString &reason, const QString &detail)
{
    return OAuthError(OAuthError::Code::InvalidClient, reason, detail.isEmpty() ? reason : detail);
}

OAuthError ClientAssertionAuthenticator::notVerified(const QString &detail)
{
    return OAuthError(OAuthError::Code::InvalidClient,
        u"the client_assertion could not be verified for this client"_s, detail);
}

ClientAuthenticator::Presence ClientAssertionAuthenticator::detect(
    const TokenRequest &request) const
{
    if (!request.form.contains(AssertionParameter)
        && !request.form.contains(AssertionTypeParameter)) {
        return Presence::Absent;
    }
    // The header decides which of the two JWT methods an assertion is for; one that cannot be
    // read goes to the method that does not claim HS*, which then says what is wrong with it.
    QString alg;
    const QString assertion = request.form.value(AssertionParameter);
    const qsizetype dot = assertion.indexOf(u'.');
    if (dot > 0 && dot <= 4096) {
        const std::optional<QByteArray> json = Base64Url::decode(assertion.first(dot).toLatin1());
        if (json)
            alg = QJsonDocument::fromJson(*json).object().value("alg"_L1).toString();
    }
    return claimsAlgorithm(alg) ? Presence::Present : Presence::Absent;
}

QString ClientAssertionAuthenticator::presentedClientId(const TokenRequest &request) const
{
    if (request.form.contains(u"client_id"))
        return request.form.value(u"client_id");
    const Result<ClientAssertionToken> token
        = ClientAssertionToken::parse(request.form.value(AssertionParameter));
    if (!token)
        return {};
    return token->claims.value("sub"_L1).toString();
}

Result<AuthenticatedClient> ClientAssertionAuthenticator::authenticate(
    const TokenRequest &request, const TokenContext &context) const
{
    // 1. The parameters (RFC 7521 §4.2).
    for (const QStringView name : {AssertionTypeParameter, AssertionParameter}) {
        if (request.form.count(name) > 1)
            return refused(u"%1 is repeated"_s.arg(name));
    }
    if (!request.form.contains(AssertionTypeParameter))
        return refused(u"client_assertion_type is missing"_s);
    const QString type = request.form.value(AssertionTypeParameter);
    if (type != ClientAssertion::JwtBearerType) {
        return refused(u"client_assertion_type must be %1"_s.arg(ClientAssertion::JwtBearerType),
            u"client_assertion_type is \"%1\", not %2"_s.arg(
                type.left(100), ClientAssertion::JwtBearerType));
    }
    if (!request.form.contains(AssertionParameter)
        || request.form.value(AssertionParameter).isEmpty())
        return refused(u"client_assertion is missing"_s);

    // 2. The JWT's form and algorithm.
    Result<ClientAssertionToken> parsed
        = ClientAssertionToken::parse(request.form.value(AssertionParameter));
    if (!parsed)
        return refused(parsed.error().description());
    const ClientAssertionToken &token = parsed.value();
    if (!token.header.value("alg"_L1).isString() || token.alg.isEmpty())
        return refused(u"the client_assertion header has no alg"_s);
    if (token.alg.compare("none"_L1, Qt::CaseInsensitive) == 0)
        return refused(u"alg none is never accepted: the client_assertion must be signed"_s);
    if (!signingAlgorithms().contains(token.alg)) {
        return refused(u"alg %1 is not accepted for %2 (accepted: %3)"_s.arg(
            token.alg.left(20), method(), signingAlgorithms().join(u", "_s)));
    }
    if (token.header.contains("crit"_L1)) {
        return refused(u"the client_assertion header has crit, and this server understands no JWS "
                       "extension (RFC 7515 section 4.1.11)"_s);
    }

    // 3. The claims that do not depend on the client (RFC 7523 §3).
    const QJsonObject &claims = token.claims;
    if (!claims.value("iss"_L1).isString() || claims.value("iss"_L1).toString().isEmpty())
        return refused(u"the client_assertion has no iss claim (it must be the client id)"_s);
    if (!claims.value("sub"_L1).isString() || claims.value("sub"_L1).toString().isEmpty())
        return refused(u"the client_assertion has no sub claim (it must be the client id)"_s);
    const QString clientId = claims.value("iss"_L1).toString();
    if (claims.value("sub"_L1).toString() != clientId) {
        return refused(u"the client_assertion's iss and sub differ; both must be the client id "
                       "(RFC 7523 section 3)"_s);
    }
    if (!isAcceptableClientId(clientId) || clientId.size() > 255)
        return refused(u"the client_assertion's iss is not a client id this server accepts"_s);
    if (request.form.contains(u"client_id") && request.form.value(u"client_id") != clientId) {
        return refused(u"client_id does not match the client_assertion's iss and sub"_s);
    }

    const QJsonValue aud = claims.value("aud"_L1);
    QStringList audiences;
    if (aud.isString()) {
        audiences.append(aud.toString());
    } else if (aud.isArray()) {
        for (const QJsonValue &value : aud.toArray()) {
            if (value.isString())
                audiences.append(value.toString());
        }
    }
    if (audiences.isEmpty())
        return refused(u"the client_assertion has no aud claim; it must name %1"_s.arg(
            context.endpointUrl.isEmpty() ? context.issuer : context.endpointUrl));
    const bool audienceOk
        = (!context.endpointUrl.isEmpty() && audiences.contains(context.endpointUrl))
        || (!context.issuer.isEmpty() && audiences.contains(context.issuer));
    if (!audienceOk) {
        return refused(u"the client_assertion's aud must contain %1 or the issuer %2"_s.arg(
                           context.endpointUrl, context.issuer),
            u"the client_assertion's aud is [%1], which names neither %2 nor %3"_s.arg(
                audiences.join(u", "_s).left(300), context.endpointUrl, context.issuer));
    }

    const qint64 now = context.nowMSecs / 1000;
    const qint64 skew = ClientAssertion::ClockSkewSeconds;
    qint64 exp = 0;
    if (!claims.contains("exp"_L1))
        return refused(u"the client_assertion has no exp claim (RFC 7523 section 3)"_s);
    if (!numericDate(claims, "exp"_L1, &exp))
        return refused(u"the client_assertion's exp is not a NumericDate (seconds since 1970)"_s);
    if (exp + skew <= now) {
        return refused(
            u"the client_assertion expired at %1 (%2 s ago)"_s.arg(isoTime(exp)).arg(now - exp));
    }
    qint64 nbf = 0;
    if (claims.contains("nbf"_L1)) {
        if (!numericDate(claims, "nbf"_L1, &nbf))
            return refused(u"the client_assertion's nbf is not a NumericDate"_s);
        if (nbf > now + skew) {
            return refused(
                u"the client_assertion is not valid before %1 (in %2 s)"_s.arg(isoTime(nbf))
                    .arg(nbf - now));
        }
    }
    qint64 iat = 0;
    if (claims.contains("iat"_L1)) {
        if (!numericDate(claims, "iat"_L1, &iat))
            return refused(u"the client_assertion's iat is not a NumericDate"_s);
        if (iat > now + skew) {
            return refused(
                u"the client_assertion's iat %1 is in the future (in %2 s)"_s.arg(isoTime(iat))
                    .arg(iat - now));
        }
        if (exp <= iat)
            return refused(u"the client_assertion's exp is not after its iat"_s);
    }
    const QJsonValue jtiValue = claims.value("jti"_L1);
    if (!jtiValue.isString() || jtiValue.toString().isEmpty()) {
        return refused(
            u"the client_assertion has no jti claim, which this server requires to refuse "
            "replays (RFC 7523 section 3)"_s);
    }
    const QString jti = jtiValue.toString();
    if (jti.size() > ClientAssertion::MaxJtiLength) {
        return refused(u"the client_assertion's jti is longer than %1 characters"_s.arg(
            ClientAssertion::MaxJtiLength));
    }

    // 4. The client: unknown and not registered for this method answer as a bad signature does.
    const ClientRegistration *client
        = context.snapshot ? context.snapshot->configuration.findClient(clientId) : nullptr;
    if (!client)
        return notVerified(u"no client is registered with id \"%1\""_s.arg(clientId));
    if (!client->allowsAuthenticationMethod(method())) {
        return notVerified(u"client \"%1\" is registered for %2, not %3"_s.arg(clientId,
            client->authenticationMethods.isEmpty() ? u"no method"_s
                                                    : client->authenticationMethods.join(u", "),
            method()));
    }
    if (exp - now > client->assertionMaxLifetimeSeconds + skew) {
        return refused(u"the client_assertion's exp is %1 s away; this client accepts assertions "
                       "valid for at most %2 s"_s.arg(exp - now)
                           .arg(client->assertionMaxLifetimeSeconds));
    }

    // 5. The signature.
    const Result<QList<Key>> keys = verificationKeys(token, *client, context);
    if (!keys)
        return keys.error();
    bool verified = false;
    for (const Key &key : keys.value()) {
        if (Jws::verify(token.signingInput, token.signature, token.alg, key)) {
            verified = true;
            break;
        }
    }
    if (!verified) {
        return notVerified(
            u"the %1 signature of the client_assertion does not verify with %2"_s.arg(token.alg,
                keys->size() == 1 ? u"the client's key"_s
                                  : u"any of the client's %1 keys"_s.arg(keys->size())));
    }

    // 6. Replay (RFC 7523 §3 item 7): the jti is remembered until the assertion would be refused
    // as expired anyway. Last, so that only genuine assertions take a place in the cache.
    if (!context.clientAuth || !context.clientAuth->replayCache)
        return refused(u"the server has no replay cache, so it cannot accept assertions"_s);
    switch (context.clientAuth->replayCache->record(
        clientId + u'\n' + jti, (exp + skew) * 1000, context.nowMSecs)) {
    case ReplayCache::Outcome::Recorded:
        break;
    case ReplayCache::Outcome::Replayed:
        return refused(u"the client_assertion's jti was already used; an assertion is accepted "
                       "once (RFC 7523 section 3)"_s,
            u"jti \"%1\" of client \"%2\" was already used"_s.arg(jti.left(100), clientId));
    case ReplayCache::Outcome::Full:
        return refused(u"too many client assertions are live; try again when some have expired"_s);
    }

    return AuthenticatedClient {*client, method()};
}
