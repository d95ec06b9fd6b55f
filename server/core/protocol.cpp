// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol.h"

using namespace Qt::Literals::StringLiterals;

namespace Protocol {

const QList<AuthMethodInfo> &authenticationMethods()
{
    static const QList<AuthMethodInfo> methods {
        {AuthMethod::ClientSecretPost, true}, // RFC 6749 §2.3.1
        {AuthMethod::ClientSecretBasic, true}, // RFC 6749 §2.3.1
        {AuthMethod::ClientSecretJwt, true}, // RFC 7523 §2.2, OpenID Connect Core §9
        {AuthMethod::PrivateKeyJwt, false}, // RFC 7523 §2.2, OpenID Connect Core §9
        {AuthMethod::None, false}, // RFC 7591 §2: a public client
    };
    return methods;
}

QStringList authenticationMethodNames()
{
    QStringList names;
    for (const AuthMethodInfo &method : authenticationMethods())
        names.append(method.name.toString());
    return names;
}

bool usesSecret(QStringView method)
{
    for (const AuthMethodInfo &info : authenticationMethods()) {
        if (info.name == method)
            return info.usesSecret;
    }
    return false;
}

QStringList grantTypes()
{
    return {GrantType::ClientCredentials.toString(), GrantType::AuthorizationCode.toString(),
        GrantType::RefreshToken.toString()};
}

QStringList tokenFormats()
{
    return {TokenFormat::Jwt.toString(), TokenFormat::Reference.toString()};
}

QStringList registeredClaims()
{
    // RFC 7519 §4.1, and "scope" (RFC 8693 §4.2, RFC 9068 §2.2.3), which the grant sets.
    return {u"iss"_s, u"sub"_s, u"aud"_s, u"exp"_s, u"nbf"_s, u"iat"_s, u"jti"_s, u"scope"_s};
}

QStringList idTokenClaims()
{
    return {u"iss"_s, u"sub"_s, u"aud"_s, u"exp"_s, u"iat"_s, u"auth_time"_s, u"nonce"_s, u"acr"_s,
        u"amr"_s, u"azp"_s, u"at_hash"_s, u"c_hash"_s, u"sid"_s, u"jti"_s, u"nbf"_s, u"name"_s,
        u"given_name"_s, u"family_name"_s, u"email"_s, u"email_verified"_s};
}

const QList<QStringView> &credentialParameters()
{
    static const QList<QStringView> names {
        u"client_secret", // RFC 6749 §2.3.1
        u"client_assertion", // RFC 7521 §4.2, RFC 7523 §2.2
        u"assertion", // RFC 7521 §4.1, RFC 7522 §2.1, RFC 7523 §2.1
        u"password", // RFC 6749 §4.3.2
        u"refresh_token", // RFC 6749 §6
        u"code", // RFC 6749 §4.1.3
        u"code_verifier", // RFC 7636 §4.5
        u"token", // RFC 7009 §2.1, RFC 7662 §2.1
        u"access_token", // RFC 6750 §2.2 and §2.3
        u"subject_token", // RFC 8693 §2.1
        u"actor_token", // RFC 8693 §2.1
        u"device_code", // RFC 8628 §3.4
        u"id_token_hint", // OpenID Connect RP-Initiated Logout §2
    };
    return names;
}

} // namespace Protocol
