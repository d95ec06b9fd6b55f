// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/result.h"

#include <QString>

// client_secret_basic credentials (RFC 6749 §2.3.1, RFC 7617).
struct BasicCredentials
{
    QString clientId;
    QString clientSecret;

    // Parses an Authorization header value "Basic base64(urlencode(id) ':' urlencode(secret))".
    // Splits on the first colon (a secret may contain ':'), then form-decodes both parts ('+' is a
    // space, %XX a byte), as RFC 6749 §2.3.1 requires and many clients forget. Malformed input
    // (bad base64, no colon, empty id, bad escapes) is invalid_request.
    static Result<BasicCredentials> parse(QByteArrayView authorizationValue);

    // The header value a compliant client sends for id and secret.
    static QByteArray headerValue(QStringView clientId, QStringView clientSecret);
};

// true for "Basic ..." (scheme case-insensitive, RFC 7235 §2.1).
bool isBasicAuthorization(QByteArrayView authorizationValue);
