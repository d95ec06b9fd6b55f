// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/formdecoder.h"
#include "store/configuration.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

// An authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1) that
// passed every check.
struct AuthorizationRequest
{
    QString clientId;
    QString redirectUri; // where the answer goes: the presented one, else the only registered one
    bool redirectUriPresented = false; // then the token request must repeat it (RFC 6749 §4.1.3)
    QStringList scopes;
    QString state;
    QString codeChallenge; // empty without PKCE
    QString codeChallengeMethod; // S256 or plain when codeChallenge is set
    QString nonce;
    QStringList prompt; // none, login, consent, select_account
    std::optional<qint64> maxAge;
    QString loginHint;
    FormParameters parameters; // as received, carried through the login form
};

// The verdict on one authorization request, in the order RFC 6749 §4.1.2.1 needs: the client and
// the redirect URI first, whose failure is shown on an error page and never redirected (the URI
// cannot be trusted); every later failure goes back to the redirect URI.
struct AuthorizationValidation
{
    enum class Kind { Valid, ErrorPage, ErrorRedirect };
    Kind kind = Kind::ErrorPage;
    AuthorizationRequest request; // Valid; clientId, redirectUri and state also for ErrorRedirect
    QByteArray error; // "invalid_request", ... (ErrorRedirect)
    QString description; // shown on the page or sent as error_description
    QString detail; // for the log

    bool isValid() const { return kind == Kind::Valid; }
};

namespace AuthorizationRequests {

// "parameters": the URL query of a GET or the form body of a POST.
AuthorizationValidation validate(const FormParameters &parameters, const Configuration &config);

// The redirect URI with error, error_description, state (when the request had one) and iss
// (RFC 9207).
QString errorRedirect(const AuthorizationValidation &validation, const QString &issuer);

} // namespace AuthorizationRequests
