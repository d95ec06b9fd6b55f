// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationrequest.h"

#include "oauth/authorize/pkce.h"
#include "oauth/authorize/redirecturi.h"
#include "oauth/scopes.h"

using namespace Qt::Literals::StringLiterals;

namespace AuthorizationRequests {

namespace {

// RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
const QList<QStringView> SingleValued = {u"response_type", u"scope", u"state", u"code_challenge",
    u"code_challenge_method", u"nonce", u"prompt", u"max_age", u"login_hint", u"response_mode"};

const QStringList KnownPrompts = {u"none"_s, u"login"_s, u"consent"_s, u"select_account"_s};

AuthorizationValidation page(const QString &description, const QString &detail = {})
{
    AuthorizationValidation v;
    v.kind = AuthorizationValidation::Kind::ErrorPage;
    v.description = description;
    v.detail = detail.isEmpty() ? description : detail;
    return v;
}

} // namespace

AuthorizationValidation validate(const FormParameters &parameters, const Configuration &config)
{
    // 1. The client: present once and registered.
    if (parameters.count(u"client_id") > 1)
        return page(u"The request names client_id more than once."_s);
    const QString clientId = parameters.value(u"client_id");
    if (clientId.isEmpty())
        return page(u"The request does not say which app is asking (client_id is missing)."_s);
    const ClientRegistration *client = config.findClient(clientId);
    if (!client) {
        return page(u"The app that sent you here is not registered with this server."_s,
            u"unknown client \"%1\""_s.arg(clientId.left(80)));
    }

    // 2. The redirect URI: one of the registered ones (loopback literals on any port).
    if (parameters.count(u"redirect_uri") > 1)
        return page(u"The request names redirect_uri more than once."_s);
    AuthorizationValidation v;
    AuthorizationRequest &r = v.request;
    r.clientId = clientId;
    if (parameters.contains(u"redirect_uri")) {
        const QString presented = parameters.value(u"redirect_uri");
        if (!RedirectUri::match(client->redirectUris, presented)) {
            return page(u"The address the app wants to be sent back to is not one it registered, "
                        u"so this server does not send you there."_s,
                u"redirect_uri \"%1\" is not registered for client \"%2\""_s.arg(
                    presented.left(200), clientId));
        }
        r.redirectUri = presented;
        r.redirectUriPresented = true;
    } else if (client->redirectUris.size() == 1) {
        r.redirectUri = client->redirectUris.first(); // RFC 6749 §3.1.2.3
    } else {
        return page(u"The request does not say where to send you back (redirect_uri is missing)."_s,
            u"redirect_uri missing; client \"%1\" has %2 registered"_s.arg(clientId).arg(
                client->redirectUris.size()));
    }
    r.state = parameters.value(u"state");

    // From here on, errors go back to the client.
    v.kind = AuthorizationValidation::Kind::ErrorRedirect;
    const auto fail = [&v](const char *error, const QString &description) {
        v.error = error;
        v.description = description;
        v.detail = description;
        return v;
    };

    for (QStringView name : SingleValued) {
        if (parameters.count(name) > 1)
            return fail("invalid_request", u"%1 is repeated"_s.arg(name));
    }
    const QString responseType = parameters.value(u"response_type");
    if (responseType.isEmpty())
        return fail("invalid_request", u"response_type is missing"_s);
    if (responseType != "code"_L1)
        return fail("unsupported_response_type", u"only response_type=code is supported"_s);
    if (!client->allowsGrantType(GrantType::AuthorizationCode)) {
        return fail("unauthorized_client",
            u"the client is not allowed to use the authorization code flow"_s);
    }

    const Result<QStringList> scopes = Scopes::resolve(parameters.value(u"scope"), client->scopes);
    if (!scopes)
        return fail("invalid_scope", scopes.error().description());
    r.scopes = scopes.value();
    // A scope removed from the server's list but still on the client is no longer granted.
    for (const QString &scope : std::as_const(r.scopes)) {
        if (!config.findScope(scope))
            return fail("invalid_scope", u"scope '%1' is not allowed for this client"_s.arg(scope));
    }

    // PKCE (RFC 7636 §4.3, §4.4.1).
    const bool hasChallenge = parameters.contains(u"code_challenge");
    const bool hasMethod = parameters.contains(u"code_challenge_method");
    if (!hasChallenge) {
        if (hasMethod)
            return fail("invalid_request", u"code_challenge_method without code_challenge"_s);
        if (client->requiresPkce())
            return fail("invalid_request", u"code_challenge is required (PKCE) for this client"_s);
    } else {
        const QString method
            = hasMethod ? parameters.value(u"code_challenge_method") : Pkce::Plain.toString();
        if (method != Pkce::S256 && method != Pkce::Plain)
            return fail("invalid_request", u"code_challenge_method must be S256"_s);
        if (method == Pkce::Plain && !client->allowPlainPkce) {
            return fail("invalid_request",
                hasMethod ? u"code_challenge_method must be S256"_s
                          : u"code_challenge_method is missing; it must be S256"_s);
        }
        const QString challenge = parameters.value(u"code_challenge");
        if (!Pkce::isValidChallenge(challenge)) {
            return fail("invalid_request",
                u"code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~"_s);
        }
        r.codeChallenge = challenge;
        r.codeChallengeMethod = method;
    }

    // OpenID Connect Core §3.1.2.1.
    const QString prompt = parameters.value(u"prompt");
    r.prompt = prompt.split(u' ', Qt::SkipEmptyParts);
    for (const QString &value : std::as_const(r.prompt)) {
        if (!KnownPrompts.contains(value))
            return fail("invalid_request", u"prompt has an unknown value"_s);
    }
    if (r.prompt.contains("none"_L1) && r.prompt.size() > 1)
        return fail("invalid_request", u"prompt=none cannot be combined with other values"_s);
    if (parameters.contains(u"max_age")) {
        bool ok = false;
        const qint64 maxAge = parameters.value(u"max_age").toLongLong(&ok);
        if (!ok || maxAge < 0)
            return fail("invalid_request", u"max_age must be a non-negative integer"_s);
        r.maxAge = maxAge;
    }
    r.nonce = parameters.value(u"nonce");
    r.loginHint = parameters.value(u"login_hint");
    r.parameters = parameters;

    v.kind = AuthorizationValidation::Kind::Valid;
    v.detail = u"authorization request from client \"%1\""_s.arg(clientId);
    return v;
}

QString errorRedirect(const AuthorizationValidation &validation, const QString &issuer)
{
    QList<QPair<QString, QString>> parameters {{u"error"_s, QString::fromLatin1(validation.error)},
        {u"error_description"_s, validation.description}};
    if (!validation.request.state.isEmpty())
        parameters.append({u"state"_s, validation.request.state});
    parameters.append({u"iss"_s, issuer});
    return RedirectUri::withParameters(validation.request.redirectUri, parameters);
}

} // namespace AuthorizationRequests
