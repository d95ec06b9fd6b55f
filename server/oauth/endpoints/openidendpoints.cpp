// SPDX-License-Identifier: GPL-3.0-or-later
#include "openidendpoints.h"

#include "metadata.h"
#include "oauth/authorize/authorizationflow.h"
#include "oauth/authorize/authorizationpages.h"
#include "oauth/authorize/redirecturi.h"
#include "oauth/formrequest.h"
#include "oauth/tokens/idtoken.h"
#include "oauth/tokens/ownjwt.h"
#include "store/tokenstore.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace {

EndpointOutcome jsonOutcome(int status, const QJsonObject &object, const QString &reason)
{
    EndpointOutcome outcome;
    outcome.response.status = status;
    outcome.response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    outcome.decision.reason = reason;
    return outcome;
}

// RFC 6750 §3: the challenge, and the same in a JSON body for people reading the exchange.
EndpointOutcome bearerError(int status, const QByteArray &error, const QString &description,
    const QString &reason, const QByteArray &scope = {})
{
    QByteArray challenge = "Bearer"_ba;
    QJsonObject body;
    if (!error.isEmpty()) {
        challenge += " error=\""_ba + error + "\", error_description=\""_ba + description.toLatin1()
            + '"';
        if (!scope.isEmpty())
            challenge += ", scope=\""_ba + scope + '"';
        body = QJsonObject {
            {u"error"_s, QString::fromLatin1(error)}, {u"error_description"_s, description}};
    }
    EndpointOutcome outcome = jsonOutcome(status, body, reason);
    if (error.isEmpty()) {
        outcome.response.contentType.clear();
        outcome.response.body.clear();
    }
    outcome.response.setHeader("WWW-Authenticate"_ba, challenge);
    return outcome;
}

} // namespace

EndpointOutcome UserinfoEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    if (!context.snapshot || !context.tokens) {
        return jsonOutcome(
            500, QJsonObject {{u"error"_s, u"server_error"_s}}, u"the server has no token store"_s);
    }
    // RFC 6750 §3.1: a request without a token gets the bare challenge.
    if (request.headerCount("Authorization") > 1) {
        return bearerError(400, "invalid_request", u"more than one Authorization header"_s,
            u"refused: the Authorization header is repeated"_s);
    }
    const QByteArray authorization = request.header("Authorization").trimmed();
    if (authorization.isEmpty())
        return bearerError(401, {}, {}, u"no access token: the Bearer challenge"_s);
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0
        || QByteArrayView(authorization).first(space).compare("Bearer", Qt::CaseInsensitive) != 0) {
        return bearerError(401, {}, {}, u"the Authorization header is not a Bearer token"_s);
    }
    const QString value = QString::fromLatin1(authorization.mid(space + 1).trimmed());
    const qint64 now = context.nowMSecs / 1000;
    const std::optional<StoredToken> token = context.tokens->find(value);
    EndpointOutcome outcome;
    if (!token || !token->isActiveAt(now)) {
        outcome = bearerError(401, "invalid_token", u"The access token is not active"_s,
            !token ? u"no access token issued here has that value"_s
                   : (token->revokedAt ? u"the access token was revoked"_s
                                       : u"the access token has expired"_s));
    } else if (!token->scopes.contains(u"openid")) {
        outcome = bearerError(403, "insufficient_scope",
            u"The access token was not granted the openid scope"_s,
            u"the access token's scope (%1) has no openid"_s.arg(token->scopes.join(u' ')),
            "openid");
    } else if (const TestUser *user = context.snapshot->configuration.findUser(token->subject)) {
        outcome = jsonOutcome(200, UserClaims::forScopes(*user, token->scopes),
            u"claims of user \"%1\" for scope %2"_s.arg(user->username, token->scopes.join(u' ')));
    } else {
        outcome = bearerError(401, "invalid_token", u"The access token is not for a user"_s,
            u"the token's subject \"%1\" is not a test user"_s.arg(token->subject));
    }
    outcome.decision.tokenFingerprint = ExchangeDecision::fingerprintOf(value);
    if (token) {
        outcome.decision.clientId = token->clientId;
        outcome.decision.tokenId = token->tokenId;
    }
    return outcome;
}

EndpointOutcome OpenIdConfigurationEndpoint::handle(
    const HttpRequest &, const TokenContext &context) const
{
    QJsonObject configuration = Metadata::authorizationServer(
        context.issuer, context.snapshot->configuration, m_registry);
    configuration.insert(u"subject_types_supported"_s, QJsonArray {u"public"_s});
    configuration.insert(u"id_token_signing_alg_values_supported"_s, QJsonArray {u"RS256"_s});
    configuration.insert(u"claims_supported"_s,
        QJsonArray {u"iss"_s, u"sub"_s, u"aud"_s, u"azp"_s, u"exp"_s, u"iat"_s, u"auth_time"_s,
            u"nonce"_s, u"sid"_s, u"at_hash"_s, u"name"_s, u"given_name"_s, u"family_name"_s,
            u"email"_s, u"email_verified"_s});
    return jsonOutcome(200, configuration, u"OpenID Provider configuration"_s);
}

namespace {

const QString LogoutRefusedTitle = u"This sign-out request cannot be used"_s;

EndpointOutcome pageOutcome(HttpResponse response, const QString &reason, const QString &clientId)
{
    EndpointOutcome outcome;
    outcome.response = std::move(response);
    outcome.decision.reason = reason;
    outcome.decision.clientId = clientId;
    return outcome;
}

EndpointOutcome refused(const QString &text, const QString &reason, const QString &clientId = {})
{
    return pageOutcome(
        AuthorizationPages::message(400, LogoutRefusedTitle, text), reason, clientId);
}

} // namespace

EndpointOutcome LogoutEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    if (!context.snapshot || !context.tokens) {
        return pageOutcome(AuthorizationPages::message(
                               500, u"Server error"_s, u"The server has no store for sign-ins."_s),
            u"no token store"_s, {});
    }
    if (request.method == "POST" && !request.hasFormBody()) {
        return refused(
            u"A POST to this address must be a form (application/x-www-form-urlencoded)."_s,
            u"POST logout without a form body"_s);
    }
    const Result<FormParameters> parameters
        = FormDecoder::decode(request.method == "POST" ? request.body : request.query);
    if (!parameters) {
        return refused(
            u"The request's parameters are not correctly encoded."_s, parameters.error().detail());
    }
    for (const QStringView name :
        {u"id_token_hint", u"client_id", u"post_logout_redirect_uri", u"state"}) {
        if (parameters->count(name) > 1) {
            return refused(u"The parameter %1 is repeated."_s.arg(name),
                u"refused: %1 is repeated"_s.arg(name));
        }
    }

    // The client: the id_token's audience, or client_id; both must agree.
    const Configuration &configuration = context.snapshot->configuration;
    QString clientId = parameters->value(u"client_id");
    QString hintSubject;
    if (parameters->contains(u"id_token_hint")) {
        const std::optional<QJsonObject> claims
            = OwnJwt::verifiedClaims(parameters->value(u"id_token_hint"), context);
        if (!claims) {
            return refused(u"The id_token_hint is not an ID token this server issued."_s,
                u"refused: id_token_hint is not a JWT signed by this server for its issuer"_s,
                clientId);
        }
        const QJsonValue aud = claims->value("aud"_L1);
        const QString audience = aud.isArray() ? aud.toArray().first().toString() : aud.toString();
        if (!clientId.isEmpty() && clientId != audience) {
            return refused(
                u"The id_token_hint was issued to another application than client_id names."_s,
                u"refused: id_token_hint's aud \"%1\" is not client_id \"%2\""_s.arg(
                    audience, clientId),
                clientId);
        }
        clientId = audience;
        hintSubject = claims->value("sub"_L1).toString();
    }
    const ClientRegistration *client
        = clientId.isEmpty() ? nullptr : configuration.findClient(clientId);
    if (!clientId.isEmpty() && !client) {
        return refused(u"The application that asked to sign you out is not registered here."_s,
            u"refused: no client \"%1\""_s.arg(clientId), clientId);
    }
    const QString postLogoutRedirectUri = parameters->value(u"post_logout_redirect_uri");
    if (!postLogoutRedirectUri.isEmpty()) {
        if (!client) {
            return refused(u"The request names a page to return to but not the application, so it "
                           "cannot be checked. Send id_token_hint or client_id."_s,
                u"refused: post_logout_redirect_uri without id_token_hint or client_id"_s);
        }
        // Matched as redirect URIs are: exactly, a loopback IP literal on any port.
        if (!RedirectUri::match(client->postLogoutRedirectUris, postLogoutRedirectUri)) {
            return refused(u"The page to return to is not one the application registered."_s,
                u"refused: post_logout_redirect_uri \"%1\" is not registered for client \"%2\""_s
                    .arg(postLogoutRedirectUri, clientId),
                clientId);
        }
    }

    // End the browser's session (the cookie's), and clear the cookie.
    const std::optional<AuthorizationFlow::Session> session
        = AuthorizationFlow::session(request, context);
    if (session)
        context.tokens->removeRecord(RecordKind::Session, session->id);
    const QByteArray clearCookie = QByteArray(AuthorizationFlow::SessionCookie)
        + "=; Max-Age=0; HttpOnly; SameSite=Lax; Path="_ba
        + AuthorizationFlow::issuerPath(context.issuer);
    const QString who = session
        ? u"user \"%1\""_s.arg(session->username)
        : (hintSubject.isEmpty() ? u"no session"_s
                                 : u"no session (hint for \"%1\")"_s.arg(hintSubject));

    EndpointOutcome outcome;
    outcome.decision.clientId = clientId;
    if (!postLogoutRedirectUri.isEmpty()) {
        QList<QPair<QString, QString>> back;
        if (parameters->contains(u"state"))
            back.append({u"state"_s, parameters->value(u"state")});
        outcome.response = AuthorizationFlow::redirect(back.isEmpty()
                ? postLogoutRedirectUri
                : RedirectUri::withParameters(postLogoutRedirectUri, back));
        outcome.decision.reason
            = u"signed out %1; back to the client's post-logout page"_s.arg(who);
    } else {
        outcome.response = AuthorizationPages::message(200, u"You are signed out"_s,
            client ? u"You signed out of %1 at this server. You can close this page."_s.arg(
                client->displayName.isEmpty() ? client->clientId : client->displayName)
                   : u"You signed out of this server. You can close this page."_s);
        outcome.decision.reason = u"signed out %1"_s.arg(who);
    }
    outcome.response.headers.append({"Set-Cookie"_ba, clearCookie});
    return outcome;
}
