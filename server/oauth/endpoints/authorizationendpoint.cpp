// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationendpoint.h"

#include "oauth/authorize/authorizationflow.h"
#include "oauth/authorize/authorizationpages.h"
#include "oauth/authorize/authorizationrequest.h"
#include "oauth/clientauth/clientauthenticator.h"

using namespace Qt::Literals::StringLiterals;

namespace {

const QString BadRequestTitle = u"This sign-in request cannot be used"_s;

bool isFormBody(const HttpRequest &request)
{
    const QByteArray type = request.header("Content-Type").toLower();
    return type.split(';').first().trimmed() == "application/x-www-form-urlencoded";
}

EndpointOutcome pageOutcome(HttpResponse response, const QString &reason)
{
    EndpointOutcome outcome;
    outcome.response = std::move(response);
    outcome.decision.reason = reason;
    return outcome;
}

// The answer to a validated request: an error, the login page, or the code.
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
    if (fresh) {
        outcome.response
            = AuthorizationFlow::issueCode(request, *session, context, &outcome.decision);
        return outcome;
    }
    if (request.prompt.contains("none"_L1)) {
        AuthorizationValidation refused = validation;
        refused.error = "login_required";
        refused.description = u"the user is not signed in"_s;
        outcome.response = AuthorizationFlow::redirect(
            AuthorizationRequests::errorRedirect(refused, context.issuer));
        outcome.decision.reason = u"login_required: prompt=none without a session"_s;
        return outcome;
    }
    outcome.response = AuthorizationFlow::loginPage(httpRequest, request, context);
    outcome.decision.reason = u"login page for client \"%1\""_s.arg(request.clientId);
    return outcome;
}

} // namespace

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
        if (!isFormBody(request)) {
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

EndpointOutcome LoginEndpoint::handle(const HttpRequest &request, const TokenContext &context) const
{
    if (!context.snapshot || !context.tokens) {
        return pageOutcome(AuthorizationPages::message(
                               500, u"Server error"_s, u"The server has no store for sign-ins."_s),
            u"no token store"_s);
    }
    const Result<FormParameters> form = isFormBody(request)
        ? FormDecoder::decode(request.body)
        : Result<FormParameters>(FormParameters());
    if (!form || !form->contains(u"request")) {
        return pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                               u"The sign-in form was not sent as this server's login page sends "
                               u"it. Start again from the app."_s),
            u"login form without its fields"_s);
    }

    // Cross-site request forgery: the hidden field must repeat the cookie the page set.
    const QByteArray cookie
        = AuthorizationFlow::cookies(request).value(QByteArray(AuthorizationFlow::CsrfCookie));
    const QString csrf = form->value(u"csrf");
    if (cookie.isEmpty() || form->count(u"csrf") != 1
        || !secretsEqual(csrf, QString::fromLatin1(cookie))) {
        return pageOutcome(AuthorizationPages::message(403, u"The sign-in form has expired"_s,
                               u"The form did not come from this server's login page in this "
                               u"browser (its security token is missing or wrong). Start again "
                               u"from the app."_s),
            u"login form refused: CSRF token missing or not matching its cookie"_s);
    }

    const Result<FormParameters> pending = FormDecoder::decode(form->value(u"request").toUtf8());
    if (!pending) {
        return pageOutcome(AuthorizationPages::message(400, BadRequestTitle,
                               u"The pending request is not correctly encoded."_s),
            pending.error().detail());
    }
    const AuthorizationValidation validation
        = AuthorizationRequests::validate(pending.value(), context.snapshot->configuration);
    if (!validation.isValid())
        return answer(request, validation, context);

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
    EndpointOutcome outcome;
    outcome.response
        = AuthorizationFlow::issueCode(validation.request, session, context, &outcome.decision);
    outcome.response.headers.append({"Set-Cookie"_ba, setCookie});
    outcome.decision.reason = u"signed in as %1; "_s.arg(user->username) + outcome.decision.reason;
    return outcome;
}
