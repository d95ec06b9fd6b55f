// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"

// GET and POST {issuer}/oauth2/authorize (RFC 6749 §4.1.1, Spring Authorization Server's path):
// checks the request (AuthorizationRequests::validate), then, with a live browser session,
// asks for consent when the client needs it (AuthorizationFlow::needsConsent) and then issues the
// code and redirects (AuthorizationFlow::issueCode); without one, answers the login page, or
// login_required / consent_required for prompt=none.
class AuthorizationEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QList<QByteArray> methods() const override
    {
        return {QByteArrayLiteral("GET"), QByteArrayLiteral("POST")};
    }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/authorize"); }
    QString metadataMember() const override { return QStringLiteral("authorization_endpoint"); }
    QJsonObject metadata() const override;
    QString successLabel() const override { return QStringLiteral("login page"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};

// POST {issuer}/login: the login page's form (username, password, csrf, and the pending
// authorization request in the hidden field "request"). Checks the CSRF token against its
// cookie, the request again, then the credentials against the configuration's test users in
// constant time: wrong, the login page again (200) with a message; right, a session, then the
// consent page or the code.
class LoginEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/login"); }
    QString successLabel() const override { return QStringLiteral("login page"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};

// POST {issuer}/consent: the consent page's form (csrf, the pending request, the ticked "scope"
// boxes, "remember", and decision=allow|deny). Checks the CSRF token, the request again and the
// session (none: the login page); deny, or allowing none of the asked scopes, redirects with
// access_denied; allow issues a code for the allowed scopes (and openid when asked), remembering
// them for the user and client when "remember" is ticked.
class ConsentEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/consent"); }
    QString successLabel() const override { return QStringLiteral("consent page"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};
