// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationendpoint.h"

#include "oauth/authorize/authorizationflow.h"
#include "oauth/authorize/authorizationpages.h"
#include "oauth/authorize/authorizationrequest.h"
#include "oauth/authorize/pkce.h"
#include "oauth/clientauth/clientauthenticator.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString BadRequestTitle = u"This sign-in request cannot be used"_s;

EndpointOutcome pageOutcome(HttpResponse response, const QString &reason)
{
    EndpointOutcome outcome;
    outcome.response = std::move(response);
    outcome.decision.reason = reason;
    return outcome;
}

// A later failure of a valid request, sent back to its redirect URI.
EndpointOutcome refuse(const AuthorizationValidation &validation, const QByteArray &error,
    const QString &description, const QString &reason, const TokenContext &context)
{
    AuthorizationValidation refused = validation;
    refused.kind = AuthorizationValidation::Kind::ErrorRedirect;
    refused.error = error;
    refused.description = description;
    EndpointOutcome outcome;
    outcome.response = AuthorizationFlow::redirect(
        AuthorizationRequests::errorRedirect(refused, context.issuer));
    outcome.decision.clientId = validation.request.clientId;
    outcome.decision.reason = QString::fromLatin1(error) + u": "_s + reason;
    return outcome;
}

// The user is signed in: the consent page when the client needs one (consent_required for
// prompt=none), else the code.
EndpointOutcome signedIn(const HttpRequest &httpRequest, const AuthorizationValidation &validation,
    const AuthorizationFlow::Session &session, const TokenContext &context)
{
    const AuthorizationRequest &request = validation.request;
    EndpointOutcome outcome;
    outcome.decision.clientId = request.clientId;
    if (AuthorizationFlow::needsConsent(request, session, context)) {
        if (request.prompt.contains("none"_L1)) {
            return refuse(validation, "consent_required",
                u"the user has not allowed this client these scopes"_s,
                u"prompt=none and the consent of %1 is missing"_s.arg(session.username), context);
        }
        outcome.response = AuthorizationFlow::consentPage(httpRequest, request, session, context);
        outcome.decision.reason
            = u"consent page for %1 and client \"%2\""_s.arg(session.username, request.clientId);
        return outcome;
    }
    outcome.response = AuthorizationFlow::issueCode(request, session, context, &outcome.decision);
    return outcome;
}

// The answer to a validated request: an error, the login page, the consent page or the code.
EndpointOutcome answer(const HttpRequest &httpRequest, const AuthorizationValidation &validation,
    const TokenContext &context)
{
    EndpointOutcome outcome;
    outcome.decision.clientId = validation.request.clientId;
    outcome.decision.reason = validation.detail;
    if (validation.kind == AuthorizationValidation::Kind::ErrorPage) {
        outcome.response
            = AuthorizationPages::message(400, BadRequestTitle, validation.description);
        return outcome;
    }
    if (validation.kind == AuthorizationValidation::Kind::ErrorRedirect) {
        outcome.response = AuthorizationFlow::redirect(
            AuthorizationRequests::errorRedirect(validation, context.issuer));
        outcome.decision.reason
            = u"%1: %2"_s.arg(QString::fromLatin1(validation.error), validation.detail);
        return outcome;
    }
    const AuthorizationRequest &request = validation.request;
    const std::optional<AuthorizationFlow::Session> session
        = AuthorizationFlow::session(httpRequest, context);
    const qint64 now = context.nowMSecs / 1000;
    const bool fresh = session && !request.prompt.contains("login"_L1)
        && (!request.maxAge || now - session->authTime <= *request.maxAge);
    if (fresh)
        return signedIn(httpRequest, validation, *session, context);
    if (request.prompt.contains("none"_L1)) {
        return refuse(validation, "login_required", u"the user is not signed in"_s,
            u"prompt=none without a session"_s, context);
    }
    outcome.response = AuthorizationFlow::loginPage(httpRequest, request, context);
    outcome.decision.reason = u"login page for client \"%1\""_s.arg(request.clientId);
    return outcome;
}

} // namespace

QJsonObject AuthorizationEndpoint::metadata() const
{
    // RFC 8414 §2 and RFC 7636 §4.3 (S256 first: the method clients should use). Every
    // authorization response, success or error, carries iss (RFC 9207 §3).
    return QJsonObject {{u"response_types_supported"_s, QJsonArray {u"code"_s}},
        {u"response_modes_supported"_s, QJsonArray {u"query"_s}},
        {u"code_challenge_methods_supported"_s,
            QJsonArray {Pkce::S256.toString(), Pkce::Plain.toString()}},
        {u"authorization_response_iss_parameter_supported"_s, true}};
}

EndpointOutcome AuthorizationEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    if (!context.snapshot || !context.tokens) {
        return pageOutcome(AuthorizationPages::message(
                               500, u"Server error"_s, u"The server has no store for sign-ins."_s),
            u"no token store"_s);
    }
    QByteArrayView encoded = request.query;
    if (request.method == "POST") {
        if (!request.hasFormBody()) {
            return pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                                   u"A POST to this address must be a form "
                                   u"(application/x-www-form-urlencoded)."_s),
                u"POST authorize without a form body"_s);
        }
        encoded = request.body;
    }
    const Result<FormParameters> parameters = FormDecoder::decode(encoded);
    if (!parameters) {
        return pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                               u"The request's parameters are not correctly encoded."_s),
            parameters.error().detail());
    }
    return answer(request,
        AuthorizationRequests::validate(parameters.value(), context.snapshot->configuration),
        context);
}

namespace {

// A form of the sign-in flow, read and checked as far as the login and consent forms agree: the
// form itself, its CSRF token against the cookie, and the pending authorization request (checked
// again in full). "name" is how its pages call it ("sign-in", "consent").
struct PendingForm
{
    FormParameters form;
    AuthorizationValidation validation;
};
Expected<PendingForm, EndpointOutcome> readPendingForm(
    const HttpRequest &request, const TokenContext &context, const QString &name)
{
    if (!context.snapshot || !context.tokens) {
        return Unexpected(pageOutcome(AuthorizationPages::message(500, u"Server error"_s,
                                          u"The server has no store for sign-ins."_s),
            u"no token store"_s));
    }
    const Result<FormParameters> form = request.hasFormBody()
        ? FormDecoder::decode(request.body)
        : Result<FormParameters>(FormParameters());
    if (!form || form->count(u"request") != 1) {
        return Unexpected(
            pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                            u"The %1 form was not sent as this server's %1 page sends it. "
                            u"Start again from the app."_s.arg(name)),
                u"%1 form without its fields"_s.arg(name)));
    }
    // Cross-site request forgery: the hidden field must repeat the cookie the page set.
    if (!AuthorizationFlow::csrfMatches(request, *form)) {
        return Unexpected(
            pageOutcome(AuthorizationPages::message(403, u"The %1 form has expired"_s.arg(name),
                            u"The form did not come from this server's %1 page in this "
                            u"browser (its security token is missing or wrong). Start again "
                            u"from the app."_s.arg(name)),
                u"%1 form refused: CSRF token missing or not matching its cookie"_s.arg(name)));
    }
    const Result<FormParameters> pending = FormDecoder::decode(form->value(u"request").toUtf8());
    if (!pending) {
        return Unexpected(pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                                          u"The pending request is not correctly encoded."_s),
            pending.error().detail()));
    }
    AuthorizationValidation validation
        = AuthorizationRequests::validate(pending.value(), context.snapshot->configuration);
    if (!validation.isValid())
        return Unexpected(answer(request, validation, context));
    return PendingForm {*form, std::move(validation)};
}

} // namespace

EndpointOutcome LoginEndpoint::handle(const HttpRequest &request, const TokenContext &context) const
{
    const Expected<PendingForm, EndpointOutcome> read
        = readPendingForm(request, context, u"sign-in"_s);
    if (!read)
        return read.error();
    const FormParameters *form = &read->form;
    const AuthorizationValidation &validation = read->validation;

    // The credentials, compared in constant time; an unknown user is compared against a
    // placeholder so that the answer takes as long.
    const QString username = form->value(u"username");
    const QString password = form->value(u"password");
    const TestUser *user = form->count(u"username") == 1 && form->count(u"password") == 1
        ? context.snapshot->configuration.findUser(username)
        : nullptr;
    const bool passwordOk = secretsEqual(password,
        user ? QStringView(user->password) : QStringView(u"unknown-user-placeholder-password"));
    if (!user || !passwordOk) {
        EndpointOutcome outcome;
        outcome.response = AuthorizationFlow::loginPage(request, validation.request, context, 200,
            u"The user name or the password is wrong."_s, username.left(200));
        outcome.decision.clientId = validation.request.clientId;
        outcome.decision.reason = user ? u"login refused: wrong password for \"%1\""_s.arg(username)
                                       : u"login refused: unknown user"_s;
        return outcome;
    }

    AuthorizationFlow::Session session;
    const QByteArray setCookie = AuthorizationFlow::startSession(user->username, context, &session);
    EndpointOutcome outcome = signedIn(request, validation, session, context);
    outcome.response.headers.append({"Set-Cookie"_ba, setCookie});
    outcome.decision.reason = u"signed in as %1; "_s.arg(user->username) + outcome.decision.reason;
    return outcome;
}

EndpointOutcome ConsentEndpoint::handle(
    const HttpRequest &request, const TokenContext &context) const
{
    const Expected<PendingForm, EndpointOutcome> read
        = readPendingForm(request, context, u"consent"_s);
    if (!read)
        return read.error();
    const FormParameters *form = &read->form;
    const AuthorizationValidation &validation = read->validation;
    const AuthorizationRequest &asked = validation.request;

    // The decision belongs to the signed-in user: without a session (it ended, or the form came
    // from elsewhere), the login page for the same request.
    const std::optional<AuthorizationFlow::Session> session
        = AuthorizationFlow::session(request, context);
    if (!session) {
        EndpointOutcome outcome;
        outcome.response = AuthorizationFlow::loginPage(request, asked, context);
        outcome.decision.clientId = asked.clientId;
        outcome.decision.reason = u"consent form without a session: login page"_s;
        return outcome;
    }

    const QString decision = form->count(u"decision") == 1 ? form->value(u"decision") : QString();
    if (decision != "allow"_L1 && decision != "deny"_L1) {
        return pageOutcome(AuthorizationPages::message(
                               400, BadRequestTitle, u"The consent form must say Allow or Deny."_s),
            u"consent form without one decision"_s);
    }
    if (decision == "deny"_L1) {
        return refuse(validation, "access_denied", u"the user denied the request"_s,
            u"%1 denied client \"%2\""_s.arg(session->username, asked.clientId), context);
    }

    // Only scopes the request asked for count; openid is the sign-in itself.
    const QStringList ticked = form->values(u"scope");
    const QStringList consentable = AuthorizationFlow::consentScopes(asked);
    QStringList allowed;
    for (const QString &scope : consentable) {
        if (ticked.contains(scope))
            allowed.append(scope);
    }
    if (!consentable.isEmpty() && allowed.isEmpty()) {
        return refuse(validation, "access_denied", u"the user allowed none of the scopes"_s,
            u"%1 allowed client \"%2\" none of its scopes"_s.arg(session->username, asked.clientId),
            context);
    }
    if (form->value(u"remember") == "yes"_L1)
        AuthorizationFlow::rememberConsent(asked.clientId, session->username, allowed, context);

    AuthorizationRequest granted = asked;
    granted.scopes.clear();
    for (const QString &scope : asked.scopes) {
        if (scope == "openid"_L1 || allowed.contains(scope))
            granted.scopes.append(scope);
    }
    EndpointOutcome outcome;
    outcome.response = AuthorizationFlow::issueCode(granted, *session, context, &outcome.decision);
    outcome.decision.reason
        = u"%1 allowed %2%3; "_s.arg(session->username,
              allowed.isEmpty() ? u"the sign-in"_s : allowed.join(u' '),
              form->value(u"remember") == "yes"_L1 ? u" (remembered)"_s : QString())
        + outcome.decision.reason;
    return outcome;
}
