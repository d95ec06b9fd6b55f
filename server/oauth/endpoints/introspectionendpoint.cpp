// SPDX-License-Identifier: GPL-3.0-or-later
#include "introspectionendpoint.h"

#include "core/protocol.h"
#include "jose/jsonwriter.h"
#include "oauth/formrequest.h"
#include "oauth/tokens/ownjwt.h"
#include "oauth/tokens/usertokens.h"
#include "store/tokenstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace {

const QList<QStringView> SingleValuedParameters
    = {u"client_id", u"client_secret", u"token", u"token_type_hint"};

qint64 seconds(qint64 msecs)
{
    return msecs >= 0 ? msecs / 1000 : (msecs - 999) / 1000;
}

// The checks both endpoints share before the token is looked up: the form, the client, the token
// parameter.
struct Prepared
{
    TokenRequest request;
    AuthenticatedClient client;
    QString token;
};

Result<Prepared> prepare(const HttpRequest &request, const TokenContext &context,
    const ClientAuthentication &authentication, const QByteArray &path, ExchangeDecision *decision)
{
    if (!context.snapshot)
        return OAuthError(OAuthError::Code::ServerError, {}, u"no registry snapshot"_s);
    Result<TokenRequest> parsed = FormRequest::parse(
        request, SingleValuedParameters, decision, context.snapshot->configuration.server.profile);
    if (!parsed)
        return parsed.error();
    TokenContext authenticationContext = context;
    authenticationContext.endpointUrl = context.issuer + QString::fromLatin1(path);
    Result<AuthenticatedClient> client
        = authentication.authenticate(parsed.value(), authenticationContext, decision);
    if (!client)
        return client.error();
    const QString token = parsed->form.value(u"token");
    if (token.isEmpty()) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            parsed->form.contains(u"token") ? u"token is empty"_s : u"token is missing"_s);
    }
    return Prepared {std::move(parsed).value(), std::move(client).value(), token};
}

EndpointOutcome failed(EndpointOutcome outcome, const OAuthError &error)
{
    outcome.response = FormRequest::errorResponse(error);
    outcome.decision.reason = error.detail();
    return outcome;
}

// A JWT this server signed that the store no longer holds (evicted, or issued while tokens were
// kept in memory only): its signature by one of the snapshot's keys and its issuer vouch for it,
// and its claims say what the store would.
std::optional<StoredToken> fromSignedJwt(const QString &value, const TokenContext &context)
{
    const std::optional<QJsonObject> verified = OwnJwt::verifiedClaims(value, context);
    if (!verified)
        return std::nullopt;
    const QJsonObject &claims = *verified;
    StoredToken token;
    token.value = value;
    token.format = TokenFormat::Jwt.toString();
    token.tokenId = claims.value("jti"_L1).toString();
    token.subject = claims.value("sub"_L1).toString();
    const QJsonValue aud = claims.value("aud"_L1);
    // The client it was issued to: named by the token, else the subject when that is a client
    // (client_credentials), else the audience (a user's token, whose audience is its client).
    token.clientId = claims.value("client_id"_L1).toString();
    if (token.clientId.isEmpty()) {
        token.clientId = context.snapshot->configuration.findClient(token.subject)
            ? token.subject
            : (aud.isArray() ? aud.toArray().first().toString() : aud.toString());
    }
    token.issuer = context.issuer;
    if (aud.isArray()) {
        for (const QJsonValue &item : aud.toArray())
            token.audience.append(item.toString());
    } else {
        token.audience = {aud.toString()};
    }
    for (const QJsonValue &scope : claims.value("scope"_L1).toArray())
        token.scopes.append(scope.toString());
    token.issuedAt = claims.value("iat"_L1).toInteger();
    token.expiresAt = claims.value("exp"_L1).toInteger();
    static const QStringList Registered = Protocol::registeredClaims();
    QJsonObject extra;
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it) {
        if (!Registered.contains(it.key()))
            extra.insert(it.key(), it.value());
    }
    if (!extra.isEmpty())
        token.extraClaims = QJsonDocument(extra).toJson(QJsonDocument::Compact);
    return token;
}

// The token as the store knows it, else a JWT this server signed.
std::optional<StoredToken> lookUp(const QString &value, const TokenContext &context)
{
    if (context.tokens) {
        if (std::optional<StoredToken> stored = context.tokens->find(value))
            return stored;
    }
    return fromSignedJwt(value, context);
}

QString inactiveReason(const std::optional<StoredToken> &token, qint64 now)
{
    if (!token)
        return u"no token issued here has that value"_s;
    if (token->revokedAt)
        return u"the token was revoked"_s;
    if (now >= token->expiresAt)
        return u"the token expired"_s;
    return u"the token is not valid yet"_s;
}

} // namespace

IntrospectionEndpoint::IntrospectionEndpoint(const ProtocolRegistry &registry)
    : m_authentication(registry, ClientAuthentication::Clients::ConfidentialOnly)
{ }

EndpointOutcome IntrospectionEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    EndpointOutcome outcome;
    const Result<Prepared> prepared
        = prepare(request, context, m_authentication, path(), &outcome.decision);
    if (!prepared)
        return failed(std::move(outcome), prepared.error());

    const qint64 now = seconds(context.nowMSecs);
    outcome.decision.tokenFingerprint = ExchangeDecision::fingerprintOf(prepared->token);
    const std::optional<StoredToken> token = lookUp(prepared->token, context);
    outcome.response.status = 200;
    if (!token) {
        if (const std::optional<QJsonObject> refresh
            = UserTokens::refreshToken(prepared->token, context);
            refresh && UserTokens::isRedeemable(*refresh)) {
            // RFC 7662 §2.2 for a refresh token: what it may be redeemed for, and until when.
            JsonObjectWriter writer;
            writer.add(u"active", true);
            writer.add(u"client_id", refresh->value("client_id"_L1).toString());
            writer.add(u"sub", refresh->value("username"_L1).toString());
            QStringList scopes;
            for (const QJsonValue &scope : refresh->value("scope"_L1).toArray())
                scopes.append(scope.toString());
            if (!scopes.isEmpty())
                writer.add(u"scope", scopes.join(u' '));
            writer.add(u"iss", context.issuer);
            writer.add(u"iat", qint64(refresh->value("issued_at"_L1).toDouble()));
            writer.add(u"exp", qint64(refresh->value("expires_at"_L1).toDouble()));
            outcome.response.body = writer.toJson();
            outcome.decision.reason
                = u"active refresh token of client \"%1\" for user \"%2\", introspected by "
                  "\"%3\""_s.arg(refresh->value("client_id"_L1).toString(),
                      refresh->value("username"_L1).toString(), prepared->client.client.clientId);
            FormRequest::appendCompatibilityNotes(&outcome.decision);
            return outcome;
        }
    }
    if (!token || !token->isActiveAt(now)) {
        // RFC 7662 §2.2: nothing else, so an inactive token tells the caller nothing.
        outcome.response.body = R"({"active":false})"_ba;
        outcome.decision.reason = u"inactive: "_s + inactiveReason(token, now);
        FormRequest::appendCompatibilityNotes(&outcome.decision);
        return outcome;
    }

    JsonObjectWriter writer;
    writer.add(u"active", true);
    writer.add(u"sub", token->subject);
    writer.add(u"aud", token->audience);
    writer.add(u"nbf", token->issuedAt);
    if (!token->scopes.isEmpty()) // RFC 7662 §2.2: OPTIONAL; nothing granted, nothing to say
        writer.add(u"scope", token->scopes.join(u' '));
    writer.add(u"iss", token->issuer);
    writer.add(u"exp", token->expiresAt);
    writer.add(u"iat", token->issuedAt);
    writer.add(u"jti", token->tokenId);
    writer.add(u"client_id", token->clientId);
    writer.add(u"token_type", u"Bearer");
    if (!token->extraClaims.isEmpty()) {
        const QJsonObject extra = QJsonDocument::fromJson(token->extraClaims).object();
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
            // RFC 7662 §2.2 lets the response carry the token's other claims too; the members
            // above win over an extra claim of the same name.
            static const QStringList Reserved {u"active"_s, u"client_id"_s, u"token_type"_s};
            if (!Reserved.contains(it.key()))
                writer.addValue(it.key(), it.value());
        }
    }
    outcome.response.body = writer.toJson();
    outcome.decision.tokenId = token->tokenId;
    outcome.decision.reason = u"active %1 token of client \"%2\", introspected by \"%3\""_s.arg(
        token->format, token->clientId, prepared->client.client.clientId);
    FormRequest::appendCompatibilityNotes(&outcome.decision);
    return outcome;
}

RevocationEndpoint::RevocationEndpoint(const ProtocolRegistry &registry)
    : m_authentication(registry, ClientAuthentication::Clients::ConfidentialOnly)
{ }

EndpointOutcome RevocationEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    EndpointOutcome outcome;
    const Result<Prepared> prepared
        = prepare(request, context, m_authentication, path(), &outcome.decision);
    if (!prepared)
        return failed(std::move(outcome), prepared.error());

    const QString &clientId = prepared->client.client.clientId;
    outcome.decision.tokenFingerprint = ExchangeDecision::fingerprintOf(prepared->token);
    const std::optional<StoredToken> token = lookUp(prepared->token, context);
    if (token && token->clientId != clientId) {
        return failed(std::move(outcome),
            OAuthError(OAuthError::Code::InvalidClient, u"Client authentication failed"_s,
                u"the token belongs to client \"%1\", not \"%2\"; it stays active"_s.arg(
                    token->clientId, clientId)));
    }

    const std::optional<QJsonObject> refresh
        = token ? std::nullopt : UserTokens::refreshToken(prepared->token, context);
    if (refresh && refresh->value("client_id"_L1).toString() != clientId) {
        return failed(std::move(outcome),
            OAuthError(OAuthError::Code::InvalidClient, u"Client authentication failed"_s,
                u"the refresh token belongs to client \"%1\", not \"%2\"; it stays active"_s.arg(
                    refresh->value("client_id"_L1).toString(), clientId)));
    }

    // RFC 7009 §2.2: 200 whether or not the token was known; the body is empty.
    outcome.response.status = 200;
    outcome.response.contentType.clear();
    if (refresh) {
        // RFC 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same
        // grant: the family and the access tokens noted on it.
        const int revoked
            = UserTokens::revokeFamily(refresh->value("family"_L1).toString(), context);
        outcome.decision.reason = revoked > 0
            ? u"revoked the refresh token, its family (%1 refresh token(s)) and their access "
              "tokens"_s.arg(revoked)
            : u"the refresh token was already revoked"_s;
    } else if (!token) {
        outcome.decision.reason = u"no token issued here has that value; nothing to revoke"_s;
    } else {
        // A signed JWT the store does not hold is recorded, revoked.
        if (context.tokens && !context.tokens->find(prepared->token))
            context.tokens->add(*token);
        const bool revoked
            = context.tokens && context.tokens->revoke(prepared->token, seconds(context.nowMSecs));
        outcome.decision.tokenId = token->tokenId;
        outcome.decision.reason = revoked ? u"revoked the %1 token"_s.arg(token->format)
                                          : u"the token was already revoked"_s;
    }
    FormRequest::appendCompatibilityNotes(&outcome.decision);
    return outcome;
}
