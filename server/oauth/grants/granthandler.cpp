// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/granthandler.h"

#include "jose/jsonwriter.h"

QByteArray TokenResponse::toJson() const
{
    JsonObjectWriter writer;
    writer.add(u"access_token", accessToken);
    // RFC 6749 §5.1: scope is OPTIONAL when it equals the request; like Spring Authorization
    // Server it is sent whenever something was granted, and omitted when nothing was.
    if (!scopes.isEmpty())
        writer.add(u"scope", scopes.join(u' '));
    writer.add(u"token_type", tokenType);
    writer.add(u"expires_in", expiresIn);
    return writer.toJson();
}
