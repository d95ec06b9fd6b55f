// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

// The client's side of the authorization code flow (RFC 6749 §4.1) with PKCE (RFC 7636) and
// OpenID Connect: the random values a client makes for one authorization request, the request's
// URL, and the checks a client runs on the ID token it gets back. Plain functions, no I/O, used by
// the Composer's code flow and its tests.
namespace CodeFlow {

// A code_verifier (RFC 7636 §4.1): 32 bytes from the system's CSPRNG, base64url, which is 43
// characters of the unreserved set, the length §4.1 recommends.
QString newCodeVerifier();
// Whether "verifier" is a valid code_verifier: 43 to 128 characters of ALPHA / DIGIT / "-" /
// "." / "_" / "~".
bool isValidCodeVerifier(QStringView verifier);
// code_challenge for the S256 method (RFC 7636 §4.2): BASE64URL(SHA-256(ASCII(verifier))).
QString s256Challenge(QStringView verifier);
// state (RFC 6749 §10.12) and nonce (OpenID Connect Core §3.1.2.1): 16 bytes of the system's
// CSPRNG, base64url.
QString newState();
QString newNonce();

struct AuthorizationRequest
{
    QUrl authorizationEndpoint;
    QString clientId;
    QString redirectUri;
    QStringList scopes;
    QString state;
    QString nonce; // sent only when the scopes include "openid"
    QString codeChallenge; // S256
};

// The authorization endpoint's URL with response_type=code, client_id, redirect_uri, scope,
// state, nonce, code_challenge and code_challenge_method=S256, in that order.
QUrl authorizationUrl(const AuthorizationRequest &request);

// The at_hash of an access token for an ID token signed with "alg" (OpenID Connect Core
// §3.1.3.6): the left half of the hash of the token's ASCII bytes with the alg's SHA-2 size,
// base64url. Empty for an alg without one (none, an unknown name).
QString accessTokenHash(QStringView accessToken, QStringView alg);

// One line of the checks on an ID token: what was checked, whether it passed, and what was seen.
struct Check
{
    QString name; // "nonce", "at_hash"
    bool passed = false;
    QString detail;
};

// The nonce check (the id_token's "nonce" equals the one sent) and, when an access token came
// with it, the at_hash check. An id_token that cannot be decoded fails both.
QList<Check> checkIdToken(
    const QString &idToken, const QString &sentNonce, const QString &accessToken);

} // namespace CodeFlow
