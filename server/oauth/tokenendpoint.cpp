// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenendpoint.h"

#include "clientauth/clientsecretjwt.h"
#include "clientauth/privatekeyjwt.h"
#include "clientcredentialsgrant.h"
#include "clientsecretbasic.h"
#include "clientsecretpost.h"

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QByteArrayView FormMediaType = "application/x-www-form-urlencoded";

// Parameters whose repetition makes a request ambiguous (RFC 6749 §3.2: "Request and response
// parameters MUST NOT be included more than once").
constexpr QStringView SingleValuedParameters[]
    = {u"client_id", u"client_secret", u"grant_type", u"scope"};

// Client credentials that must never travel in a URL, where proxies and logs keep them.
constexpr QStringView CredentialParameters[]
    = {u"client_id", u"client_secret", u"client_assertion"};

bool isFormMediaType(QByteArrayView contentType)
{
    // The media type is case-insensitive and may carry parameters such as charset (RFC 9110
    // §8.3.1); the body is decoded as UTF-8 whatever the charset says, as Spring does.
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView type
        = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return type.compare(FormMediaType, Qt::CaseInsensitive) == 0;
}

// A request value quoted in an error_description only when every character is allowed there
// (RFC 6749 §5.2) and it is short; otherwise left out.
bool isQuotable(QStringView value)
{
    if (value.isEmpty() || value.size() > 64)
        return false;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7E || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

QString joinNames(const QStringList &names)
{
    if (names.size() <= 1)
        return names.join(QString());
    return names.first(names.size() - 1).join(u", ") + u" and "_s + names.last();
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

HttpResponse errorResponse(const OAuthError &error)
{
    HttpResponse response;
    response.status = error.httpStatus();
    response.body = error.toJson();
    if (error.challenge() == OAuthError::Challenge::Basic)
        response.setHeader("WWW-Authenticate"_ba, "Basic realm=\"OAuth2 Playground\""_ba);
    return response;
}

OAuthError invalidRequest(const QString &description, const QString &detail = {})
{
    return OAuthError(OAuthError::Code::InvalidRequest, description, detail);
}

} // namespace

TokenEndpoint::TokenEndpoint()
{
    // Registration order is the order of the metadata lists and of error descriptions; basic
    // first as Spring Authorization Server lists it.
    addAuthenticator(std::make_unique<ClientSecretBasicAuthenticator>());
    addAuthenticator(std::make_unique<ClientSecretPostAuthenticator>());
    addAuthenticator(std::make_unique<ClientSecretJwtAuthenticator>());
    addAuthenticator(std::make_unique<PrivateKeyJwtAuthenticator>());
    addGrantHandler(std::make_unique<ClientCredentialsGrant>());
}

TokenEndpoint::~TokenEndpoint() = default;

void TokenEndpoint::addAuthenticator(std::unique_ptr<ClientAuthenticator> authenticator)
{
    m_authenticators.push_back(std::move(authenticator));
}

void TokenEndpoint::addGrantHandler(std::unique_ptr<GrantHandler> handler)
{
    m_grants.push_back(std::move(handler));
}

QStringList TokenEndpoint::authenticationMethods() const
{
    QStringList names;
    for (const auto &authenticator : m_authenticators)
        names.append(authenticator->method());
    return names;
}

QStringList TokenEndpoint::authenticationSigningAlgorithms() const
{
    QStringList names;
    for (const auto &authenticator : m_authenticators) {
        for (const QString &alg : authenticator->signingAlgorithms()) {
            if (!names.contains(alg))
                names.append(alg);
        }
    }
    return names;
}

QStringList TokenEndpoint::grantTypes() const
{
    QStringList names;
    for (const auto &grant : m_grants)
        names.append(grant->grantType());
    return names;
}

TokenEndpointOutcome TokenEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    TokenEndpointOutcome outcome;
    ExchangeDecision &decision = outcome.decision;
    const auto fail = [&outcome](const OAuthError &error) {
        outcome.response = errorResponse(error);
        outcome.decision.reason = error.detail();
        return outcome;
    };

    if (!context.snapshot)
        return fail(OAuthError(OAuthError::Code::ServerError, {}, u"no registry snapshot"_s));

    // 1. Media type (RFC 6749 §3.2: the token endpoint takes a form body).
    const QByteArray contentType = request.header("content-type");
    if (!isFormMediaType(contentType)) {
        const QString description = u"the request body must be application/x-www-form-urlencoded"_s;
        const QString received = contentType.isEmpty()
            ? u"the request has no Content-Type"_s
            : u"Content-Type is "_s + QString::fromLatin1(contentType);
        return fail(invalidRequest(description, description + u"; "_s + received));
    }

    // 2. The body.
    TokenRequest tokenRequest;
    tokenRequest.authorization = request.header("authorization");
    Result<FormParameters> form = FormDecoder::decode(request.body);
    if (!form) {
        const OAuthError &error = form.error();
        return fail(invalidRequest(error.description(), u"request body: "_s + error.detail()));
    }
    tokenRequest.form = std::move(form).value();
    decision.clientId = tokenRequest.form.value(u"client_id");
    decision.grantType = tokenRequest.form.value(u"grant_type");

    // 3. The URL query: only checked for credentials, its other parameters are ignored.
    Result<FormParameters> query = FormDecoder::decode(request.query);
    if (!query) {
        const OAuthError &error = query.error();
        return fail(invalidRequest(u"the URL query is malformed: "_s + error.description(),
            u"URL query: "_s + error.detail()));
    }
    tokenRequest.query = std::move(query).value();
    for (const QStringView name : CredentialParameters) {
        if (tokenRequest.query.contains(name)) {
            return fail(invalidRequest(
                u"client credentials must be sent in the request body, not in the URL"_s,
                u"the URL query carries %1"_s.arg(name)));
        }
    }

    // 4. Repeated parameters (RFC 6749 §3.2).
    for (const QStringView name : SingleValuedParameters) {
        const int count = tokenRequest.form.count(name);
        if (count > 1) {
            return fail(invalidRequest(u"parameter '%1' is repeated"_s.arg(name),
                u"parameter \"%1\" appears %2 times"_s.arg(name).arg(count)));
        }
    }

    // Two Authorization headers would be two sets of credentials: as ambiguous as a repeated
    // parameter.
    if (request.headerCount("authorization") > 1)
        return fail(invalidRequest(u"the Authorization header is repeated"_s));

    // 5. client_id is printable ASCII: it is echoed into logs and compared byte for byte.
    if (!isAcceptableClientId(decision.clientId))
        return fail(invalidRequest(u"client_id contains characters that are not allowed"_s));

    // 6. Client authentication: exactly one method (RFC 6749 §2.3).
    QList<const ClientAuthenticator *> present;
    for (const auto &authenticator : m_authenticators) {
        if (authenticator->detect(tokenRequest) == ClientAuthenticator::Presence::Present)
            present.append(authenticator.get());
    }
    QStringList presentMethods;
    for (const ClientAuthenticator *authenticator : std::as_const(present)) {
        presentMethods.append(authenticator->method());
        if (decision.clientId.isEmpty())
            decision.clientId = authenticator->presentedClientId(tokenRequest);
    }
    decision.authenticationMethod = presentMethods.join(u", ");
    if (present.isEmpty()) {
        // No challenge: RFC 6749 §5.2 asks for WWW-Authenticate only when the client used the
        // Authorization header.
        return fail(clientAuthenticationFailed(u"the request carries no client credentials"_s));
    }
    if (present.size() > 1) {
        return fail(invalidRequest(
            u"the request uses more than one client authentication method (%1)"_s.arg(
                joinNames(presentMethods))));
    }
    const Result<AuthenticatedClient> client = present.first()->authenticate(tokenRequest, context);
    if (!client)
        return fail(client.error());
    decision.clientId = client->client.clientId;

    // 7. The grant type.
    const QString grantType = tokenRequest.form.value(u"grant_type");
    if (grantType.isEmpty())
        return fail(invalidRequest(u"grant_type is missing"_s));
    const GrantHandler *handler = nullptr;
    for (const auto &grant : m_grants) {
        if (grant->grantType() == grantType) {
            handler = grant.get();
            break;
        }
    }
    if (!handler) {
        return fail(OAuthError(OAuthError::Code::UnsupportedGrantType,
            isQuotable(grantType) ? u"grant type '%1' is not supported"_s.arg(grantType)
                                  : u"the grant type is not supported"_s,
            u"grant type \"%1\" is not supported"_s.arg(grantType)));
    }
    if (!client->client.allowsGrantType(grantType)) {
        return fail(OAuthError(OAuthError::Code::UnauthorizedClient,
            u"the client is not allowed to use the grant type '%1'"_s.arg(grantType),
            u"client \"%1\" is registered for grant types: %2"_s.arg(client->client.clientId,
                client->client.grantTypes.isEmpty() ? u"none"_s
                                                    : client->client.grantTypes.join(u", "))));
    }

    // 8. The grant.
    const Result<TokenResponse> token = handler->handle(tokenRequest, client.value(), context);
    if (!token)
        return fail(token.error());

    decision.grantedScopes = token->scopes;
    decision.keyId = token->keyId;
    decision.tokenId = token->tokenId;
    decision.reason = u"issued a token for %1, valid %2"_s.arg(describeScopes(token->scopes.size()),
        describeLifetime(client->client.accessTokenLifetimeSeconds));
    outcome.response.status = 200;
    outcome.response.body = token->toJson();
    return outcome;
}
