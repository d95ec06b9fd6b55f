// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

// The protocol catalogue: every client authentication method, grant type, token format and
// credential-carrying parameter the playground knows by name, with the wire names RFC 7591 and
// RFC 8414 use. It is data only, below every layer, so that the configuration reader (store/) and
// the masking rule (oauth/) read the same list as the protocol registry (oauth/protocolregistry.h),
// which binds a class to each name it implements. What the server *supports* (the metadata, the
// client form's options) is the registry's list; what a configuration may *name* is this one, so
// that a configuration written by a newer build, or a default client whose method a build does
// not implement yet, still loads.
namespace AuthMethod {
inline constexpr QStringView ClientSecretPost = u"client_secret_post";
inline constexpr QStringView ClientSecretBasic = u"client_secret_basic";
inline constexpr QStringView ClientSecretJwt = u"client_secret_jwt";
inline constexpr QStringView PrivateKeyJwt = u"private_key_jwt";
// A public client (RFC 6749 §2.1): it presents its client_id only (RFC 7591 §2), and must use
// PKCE (RFC 7636).
inline constexpr QStringView None = u"none";
} // namespace AuthMethod

namespace GrantType {
inline constexpr QStringView ClientCredentials = u"client_credentials";
inline constexpr QStringView AuthorizationCode = u"authorization_code"; // RFC 6749 §4.1
inline constexpr QStringView RefreshToken = u"refresh_token"; // RFC 6749 §6
} // namespace GrantType

namespace TokenFormat {
inline constexpr QStringView Jwt = u"jwt"; // self-contained, signed (RFC 9068 shape)
inline constexpr QStringView Reference = u"reference"; // opaque, looked up in the token store
} // namespace TokenFormat

namespace Protocol {

struct AuthMethodInfo
{
    QStringView name;
    // Whether a client registered for it needs a client secret (client_secret_jwt signs with it).
    bool usesSecret;
};

// In the order a configuration error lists them.
const QList<AuthMethodInfo> &authenticationMethods();
QStringList authenticationMethodNames();
bool usesSecret(QStringView method);

QStringList grantTypes();
QStringList tokenFormats();

// The claims the server sets in every access token, which a client's extra claims may not
// override: RFC 7519 §4.1's registered claims and "scope".
QStringList registeredClaims();

// The claims the server sets in an ID token or userinfo answer itself (OpenID Connect Core §2 and
// §5.1), which a test user's extra claims may not override.
QStringList idTokenClaims();

// Form and query parameters that carry a credential (docs/protocol.md, "Masking", gives the RFC of
// each): what a client proves itself with, a grant that can be redeemed, a token presented to the
// server. Every name is listed whether or not this build implements what sends it: what the user
// typed is a secret either way.
const QList<QStringView> &credentialParameters();

} // namespace Protocol
