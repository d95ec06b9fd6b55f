// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accesstokeninfo.h"
#include "oauth/httpmessage.h"
#include "store/resourceserversettings.h"

#include <QByteArray>
#include <QString>

// The resource server's side of token introspection (RFC 7662): the request it sends to the
// authorization server and what it reads from the answer. Sending is server/http/'s.
struct IntrospectionCall
{
    QString url; // {issuer}/oauth2/introspect
    HttpHeaders headers; // Content-Type, Accept, Authorization (client_secret_basic)
    QByteArray body; // token=...&token_type_hint=access_token[&client_id=...&client_secret=...]
};

// What the authorization server said about one token.
struct IntrospectionAnswer
{
    bool active = false;
    AccessTokenInfo info; // when active
};

namespace Introspection {

// The User-Agent of every call the resource server makes to the authorization server
// (introspection, its JWK set).
extern const QByteArray UserAgent;

IntrospectionCall call(
    const QString &issuer, const QByteArray &token, const ResourceServerSettings &settings);

// The answer of the introspection endpoint: status 200 and a JSON object with a boolean
// "active"; anything else is std::nullopt and *problem ("the authorization server answered
// 401 invalid_client: ...").
std::optional<IntrospectionAnswer> parse(int status, const QByteArray &body, QString *problem);

} // namespace Introspection
