// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accesstokeninfo.h"
#include "store/clientjwkset.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// What the resource server expects of a JWT access token.
struct JwtExpectations
{
    QString issuer; // the authorization server's issuer, compared exactly
    QStringList audience; // empty: not checked
    qint64 nowSeconds = 0;
};

// The outcome of checking one JWT access token locally (RFC 9068 §4, the way resource servers
// such as Spring's check them): the signature with a key of the authorization server's JWK set,
// chosen by kid, then iss, exp, nbf and, when configured, aud.
struct JwtValidation
{
    enum class Status {
        Valid,
        UnknownKey, // the header names a kid the set lacks: fetch the set again, then retry
        Invalid,
    };
    Status status = Status::Invalid;
    AccessTokenInfo info; // Valid, and Invalid once the claims could be read (for the log)
    QString problem; // Invalid, UnknownKey: what is wrong, for error_description
    QString kid; // the header's kid
};

namespace JwtAccessToken {

// Three base64url segments whose first decodes to a JSON object: a JWS, not an opaque token.
bool looksLikeJwt(QByteArrayView token);

// Checks "token" against "keys" (the authorization server's JWK set) and "expected".
JwtValidation validate(
    const QByteArray &token, const ClientJwkSet &keys, const JwtExpectations &expected);

// The claims of a token that has not been checked (the log, the revoked case), or an empty
// info when it cannot be read.
AccessTokenInfo readClaims(const QByteArray &token);

} // namespace JwtAccessToken
