// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenendpoint.h"

#include "oauth/formrequest.h"
#include "oauth/protocolregistry.h"
#include "oauth/tokens/usertokens.h"
#include "store/tokenstore.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace {

// Parameters whose repetition makes a request ambiguous (RFC 6749 §3.2: "Request and response
// parameters MUST NOT be included more than once").
const QList<QStringView> SingleValuedParameters = {u"client_id", u"client_secret", u"grant_type",
    u"scope", u"code", u"redirect_uri", u"code_verifier", u"refresh_token"};

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

QString describeLifetime(qint64 seconds)
{
    if (seconds > 0 && seconds % 3600 == 0)
        return u"%1 h"_s.arg(seconds / 3600);
    if (seconds > 0 && seconds % 60 == 0)
        return u"%1 min"_s.arg(seconds / 60);
    return u"%1 s"_s.arg(seconds);
}

QString describeScopes(qsizetype count)
{
    if (count == 0)
        return u"no scope"_s;
    return count == 1 ? u"1 scope"_s : u"%1 scopes"_s.arg(count);
}

} // namespace

TokenEndpoint::TokenEndpoint(const ProtocolRegistry &registry)
    : m_registry(registry), m_authentication(registry)
{ }

TokenEndpoint::TokenEndpoint() : TokenEndpoint(ProtocolRegistry::instance())
{ }

EndpointOutcome TokenEndpoint::handle(const HttpRequest &request, const TokenContext &context) const
{
    EndpointOutcome outcome;
    ExchangeDecision &decision = outcome.decision;
    const auto fail = [&outcome](const OAuthError &error) {
        outcome.response = FormRequest::errorResponse(error);
        outcome.decision.reason = error.detail();
        return outcome;
    };

    if (!context.snapshot)
        return fail(OAuthError(OAuthError::Code::ServerError, {}, u"no registry snapshot"_s));

    // 1-4. Media type, body, URL query, repeated parameters and headers.
    const Result<TokenRequest> parsed = FormRequest::parse(
        request, SingleValuedParameters, &decision, context.snapshot->configuration.server.profile);
    if (!parsed)
        return fail(parsed.error());
    const TokenRequest &tokenRequest = parsed.value();

    // 5-6. Client authentication (RFC 6749 §2.3).
    TokenContext authenticationContext = context;
    authenticationContext.endpointUrl = context.issuer + QString::fromLatin1(path());
    const Result<AuthenticatedClient> client
        = m_authentication.authenticate(tokenRequest, authenticationContext, &decision);
    if (!client)
        return fail(client.error());
    const ClientRegistration &registration = client->client;

    // 7. The grant type.
    const QString grantType = tokenRequest.form.value(u"grant_type");
    if (grantType.isEmpty())
        return fail(OAuthError(OAuthError::Code::InvalidRequest, u"grant_type is missing"_s));
    const GrantHandler *handler = m_registry.grant(grantType);
    if (!handler) {
        return fail(OAuthError(OAuthError::Code::UnsupportedGrantType,
            FormRequest::isQuotable(grantType)
                ? u"grant type '%1' is not supported"_s.arg(grantType)
                : u"the grant type is not supported"_s,
            u"grant type \"%1\" is not supported"_s.arg(grantType)));
    }
    if (!registration.allowsGrantType(grantType)) {
        return fail(OAuthError(OAuthError::Code::UnauthorizedClient,
            u"the client is not allowed to use the grant type '%1'"_s.arg(grantType),
            u"client \"%1\" is registered for grant types: %2"_s.arg(registration.clientId,
                registration.grantTypes.isEmpty() ? u"none"_s
                                                  : registration.grantTypes.join(u", "))));
    }

    // 8. The grant decides the claims.
    const Result<GrantOutcome> outcomeOfGrant
        = handler->handle(tokenRequest, client.value(), context);
    if (!outcomeOfGrant)
        return fail(outcomeOfGrant.error());
    const AccessTokenClaims *const claims = &outcomeOfGrant->claims;

    // 9. The client's token generator issues the token.
    const QString &format = registration.tokenFormat;
    const TokenGenerator *generator = m_registry.tokenGenerator(format);
    if (!generator) {
        return fail(OAuthError(OAuthError::Code::ServerError, u"the server cannot issue tokens"_s,
            u"no token generator for the format \"%1\""_s.arg(format)));
    }
    const Result<IssuedToken> token = generator->generate(*claims, context);
    if (!token)
        return fail(token.error());

    // 10. Recorded, so it can be introspected, revoked and listed (writes go to disk later).
    if (context.tokens) {
        StoredToken stored;
        stored.value = token->value;
        stored.tokenId = claims->tokenId;
        stored.format = format;
        stored.clientId = registration.clientId;
        stored.subject = claims->subject;
        stored.scopes = claims->scopes;
        stored.audience = claims->audience;
        stored.issuer = claims->issuer;
        if (!claims->extraClaims.isEmpty())
            stored.extraClaims = QJsonDocument(claims->extraClaims).toJson(QJsonDocument::Compact);
        stored.issuedAt = claims->issuedAt;
        stored.expiresAt = claims->expiresAt;
        context.tokens->add(stored);
    }

    TokenResponse response;
    response.accessToken = token->value;
    // Whole seconds in the token (RFC 7519 NumericDate); expires_in counts down from the precise
    // time, so 14399 for a 4 h token unless the request arrived on a whole second, as Spring
    // Authorization Server computes it.
    response.expiresIn = floorDiv(claims->expiresAt * 1000 - context.nowMSecs, 1000);
    response.scopes = claims->scopes;
    response.keyId = token->keyId;
    response.tokenId = claims->tokenId;

    // 11. For a user: the refresh token and the id_token.
    if (const Status<OAuthError> completed
        = UserTokens::complete(registration, outcomeOfGrant.value(), context, &response);
        !completed) {
        return fail(completed.error());
    }

    decision.grantedScopes = response.scopes;
    decision.keyId = response.keyId;
    decision.tokenId = response.tokenId;
    decision.tokenFingerprint = ExchangeDecision::fingerprintOf(token->value);
    decision.reason
        = u"issued a token for %1, valid %2"_s.arg(describeScopes(response.scopes.size()),
            describeLifetime(registration.accessTokenLifetimeSeconds));
    if (format != TokenFormat::Jwt)
        decision.reason += u" (%1 token)"_s.arg(format);
    if (outcomeOfGrant->user) {
        decision.reason += u" for user \"%1\""_s.arg(outcomeOfGrant->user->username);
        if (!response.refreshToken.isEmpty()) {
            decision.reason += outcomeOfGrant->user->presentedRefreshToken.isEmpty()
                ? u", with a refresh token"_s
                : (outcomeOfGrant->user->rotate ? u", refresh token rotated"_s
                                                : u", same refresh token"_s);
        }
        if (!response.idToken.isEmpty())
            decision.reason += u", with an id_token"_s;
    }
    FormRequest::appendCompatibilityNotes(&decision);
    outcome.response.status = 200;
    outcome.response.body = response.toJson();
    return outcome;
}
