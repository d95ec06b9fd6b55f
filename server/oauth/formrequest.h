// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpmessage.h"
#include "result.h"
#include "tokenrequest.h"

#include <QList>
#include <QStringView>

// The transport-level checks every form endpoint that authenticates clients shares (token,
// introspect, revoke), in this order: the media type (RFC 6749 §3.2), the body, the URL query
// (credentials never travel there), repeated parameters (RFC 6749 §3.2) and a repeated
// Authorization header. Fills decision->clientId and grantType from the body as soon as it is
// decoded, so a refusal after that point still names them in the log.
namespace FormRequest {

// With the spring profile, parameters other than credentials that are in the URL query and not
// in the body are read from the query, as Spring Authorization Server does, and each is noted in
// decision->compatibilityNotes; with strict, the query is only checked for credentials.
Result<TokenRequest> parse(const HttpRequest &request,
    const QList<QStringView> &singleValuedParameters, ExchangeDecision *decision,
    ServerSettings::Profile profile = ServerSettings::Profile::Strict);

// Appends the compatibility notes to decision->reason.
void appendCompatibilityNotes(ExchangeDecision *decision);

// A request value quoted in an error_description only when every character is allowed there
// (RFC 6749 §5.2) and it is short.
bool isQuotable(QStringView value);

// The JSON error response for an OAuthError, with WWW-Authenticate when it asks for a challenge.
HttpResponse errorResponse(const OAuthError &error);

} // namespace FormRequest
