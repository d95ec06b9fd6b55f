// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bearererror.h"
#include "oauth/httpmessage.h"

#include <QByteArray>
#include <QString>

#include <optional>

// Where a resource server looks for a bearer token (RFC 6750 §2). The header is always read;
// the form body (§2.2) and the URL query (§2.3) only when switched on.
struct BearerOptions
{
    bool allowFormBody = false;
    bool allowQuery = false;
};

// The bearer token of one request, or why there is none.
struct BearerExtraction
{
    QByteArray token; // empty when none was found or the request is refused
    QString source; // "Authorization header", "form body", "URL query"
    // Set when the request is refused: more than one method or a repeated header or parameter
    // (invalid_request, §2 and §3.1), a malformed token (invalid_token).
    std::optional<BearerError> error;
    // What the request carried that was not used, for the traffic log ("an access_token in the
    // URL query is ignored: allowQueryToken is off").
    QString note;

    bool hasToken() const { return !token.isEmpty() && !error; }
};

namespace BearerToken {

// The token of "request". No token (and no error) means: answer 401 with only the realm.
BearerExtraction extract(const HttpRequest &request, const BearerOptions &options);

// RFC 6750 §2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isB64Token(QByteArrayView token);

} // namespace BearerToken
