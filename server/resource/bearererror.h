// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"

#include <QString>

// Why a protected resource refuses a request, as RFC 6750 §3 puts it on the wire: the status,
// the WWW-Authenticate challenge (realm, error, error_description, scope) and a JSON body that
// says the same for people.
struct BearerError
{
    enum class Code {
        MissingToken, // 401, the challenge carries no error (RFC 6750 §3.1)
        InvalidRequest, // 400: more than one method, repeated header or parameter
        InvalidToken, // 401: malformed, bad signature, expired, revoked, unknown
        InsufficientScope, // 403: the token lacks "scope"
    };

    Code code = Code::MissingToken;
    QString description;
    QString scope; // InsufficientScope: the scope the route needs

    int status() const;
    // "invalid_token"; empty for MissingToken.
    QString errorCode() const;
    // Bearer realm="ms-system"[, error="...", error_description="..."][, scope="..."]
    QByteArray challenge(const QString &realm) const;
    // The value of "parameter" in a WWW-Authenticate Bearer challenge as a client reads it
    // (RFC 9110 §11.2 auth-params: a token or a quoted-string), unquoted; empty when absent.
    static QString challengeParameter(const QByteArray &wwwAuthenticate, const QString &parameter);
    // status, WWW-Authenticate and, except for MissingToken, {"error", "error_description"}.
    HttpResponse response(const QString &realm) const;
};
