// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"

// GET and POST {issuer}/oauth2/authorize (RFC 6749 §4.1.1, Spring Authorization Server's path):
// checks the request (AuthorizationRequests::validate), then, with a live browser session,
// issues the code and redirects (AuthorizationFlow::issueCode); without one, answers the login
// page, or login_required for prompt=none. No consent page yet.
class AuthorizationEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QList<QByteArray> methods() const override
    {
        return {QByteArrayLiteral("GET"), QByteArrayLiteral("POST")};
    }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/authorize"); }
    QString successLabel() const override { return QStringLiteral("login page"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};

// POST {issuer}/login: the login page's form (username, password, csrf, and the pending
// authorization request in the hidden field "request"). Checks the CSRF token against its
// cookie, the request again, then the credentials against the configuration's test users in
// constant time: wrong, the login page again (200) with a message; right, a session and the code.
class LoginEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/login"); }
    QString successLabel() const override { return QStringLiteral("login page"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};
