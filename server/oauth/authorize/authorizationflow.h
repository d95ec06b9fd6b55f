// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "authorizationrequest.h"
#include "oauth/httpmessage.h"
#include "oauth/tokenrequest.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

// The steps the authorization endpoint and the login form share: the browser session, the login
// page with its CSRF token, and issuing the authorization code. Sessions and codes are records of
// the token store (RecordKind::Session, RecordKind::AuthorizationCode).
namespace AuthorizationFlow {

inline constexpr char SessionCookie[] = "playground_session";
inline constexpr char CsrfCookie[] = "playground_csrf";
// How long a sign-in lasts without being asked again (the session record's lifetime).
inline constexpr qint64 SessionLifetimeSeconds = 8 * 3600;

// 32 bytes of the system CSPRNG, base64url: codes, session ids, CSRF tokens.
QString randomToken();

// The request's cookies (Cookie headers, RFC 6265 §5.4); the first of a repeated name wins.
QHash<QByteArray, QByteArray> cookies(const HttpRequest &request);

// The path of the issuer URL ("/ms-auth-server"; "/" for an empty context path).
QByteArray issuerPath(const QString &issuer);

struct Session
{
    QString id;
    QString username;
    qint64 authTime = 0;
};

// The live session the request's cookie names, whose user still exists.
std::optional<Session> session(const HttpRequest &request, const TokenContext &context);

// Starts a session for the user and returns its Set-Cookie value (HttpOnly, SameSite=Lax, the
// issuer's path).
QByteArray startSession(const QString &username, const TokenContext &context, Session *session);

// The login page for a valid request (status 200, or "status" with an error message), with a
// CSRF token that is also set as a cookie (double submit; the cookie is reused when the browser
// already has one).
HttpResponse loginPage(const HttpRequest &httpRequest, const AuthorizationRequest &request,
    const TokenContext &context, int status = 200, const QString &error = {},
    const QString &username = {});

// Whether the form's hidden "csrf" field is there once and repeats the CSRF cookie (constant-time
// comparison): the double-submit check of the login and consent forms.
bool csrfMatches(const HttpRequest &httpRequest, const FormParameters &form);

// The requested scopes the consent page asks about: all but openid, which is the sign-in itself
// (as Spring Authorization Server, which never asks about openid alone).
QStringList consentScopes(const AuthorizationRequest &request);

// Whether the user must be asked before a code is issued: the request asks for scopes beyond
// openid, and either it says prompt=consent (whatever the client), or the client requires consent
// and the user's remembered consent for it (RecordKind::Consent) does not cover them all.
bool needsConsent(
    const AuthorizationRequest &request, const Session &session, const TokenContext &context);

// Remembers that the user allowed the client these scopes (added to what was remembered before),
// for ConsentLifetimeSeconds.
inline constexpr qint64 ConsentLifetimeSeconds = 365 * 24 * 3600;
void rememberConsent(const QString &clientId, const QString &username, const QStringList &scopes,
    const TokenContext &context);
// The scopes the user allowed the client and asked to remember (empty: none).
QStringList rememberedConsent(
    const QString &clientId, const QString &username, const TokenContext &context);

// The consent page for a valid request and the signed-in user, with its CSRF token as the login
// page has it.
HttpResponse consentPage(const HttpRequest &httpRequest, const AuthorizationRequest &request,
    const Session &session, const TokenContext &context);

// A 302 to the location.
HttpResponse redirect(const QString &location);

// Issues a single-use code for the request and the signed-in user (bound to client,
// redirect_uri, scope, PKCE challenge, nonce, user, auth_time and session; valid for the
// client's code lifetime) and answers the 302 to the redirect URI with code, state and iss.
HttpResponse issueCode(const AuthorizationRequest &request, const Session &session,
    const TokenContext &context, ExchangeDecision *decision);

} // namespace AuthorizationFlow
