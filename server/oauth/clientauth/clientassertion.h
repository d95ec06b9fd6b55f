// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"

#include "jose/key.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// A client assertion (RFC 7521 §4.2, RFC 7523 §2.2) as it arrived, split and decoded, not yet
// trusted.
struct ClientAssertionToken
{
    QByteArray signingInput; // base64url(header) '.' base64url(payload)
    QByteArray signature;
    QJsonObject header;
    QJsonObject claims;
    QString alg;
    QString kid; // empty when the header has none

    // Splits a compact JWS; the reason (for error_description) when it is not one.
    static Result<ClientAssertionToken> parse(QStringView assertion);
};

namespace ClientAssertion {

inline constexpr QStringView JwtBearerType
    = u"urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
// How far the server's and the client's clocks may disagree, for exp, nbf and iat.
inline constexpr qint64 ClockSkewSeconds = 30;
// A client assertion is a few hundred bytes to a few kilobytes.
inline constexpr qsizetype MaxAssertionLength = 16 * 1024;
inline constexpr qsizetype MaxJtiLength = 256;

// The signing algorithms each method accepts (RFC 7518 §3.1), the one list the verifier and the
// metadata's token_endpoint_auth_signing_alg_values_supported read. "none" is never in it.
const QStringList &secretAlgorithms(); // HS256, HS384, HS512
const QStringList &privateKeyAlgorithms(); // RS*, PS*, ES*, EdDSA

// Whether "key" is of the kind "alg" signs with (RSA of at least 2048 bits for RS and PS, the
// curve of ES256/384/512, Ed25519 for EdDSA, an HMAC secret at least as long as the hash for
// HS, RFC 7518 §3.2); the reason when not.
QString keyMismatch(const QString &alg, const Key &key);

} // namespace ClientAssertion

// What client_secret_jwt and private_key_jwt share: the request's parameters, the assertion's
// form, algorithm and claims (RFC 7523 §3: iss = sub = client id, aud names this endpoint or the
// issuer, exp required and not too far away, nbf and iat not in the future, jti once), the
// signature check and the replay check. Subclasses say which algorithms they accept and which
// keys verify them.
//
// The two methods tell each other apart by the assertion's "alg" (HS* is client_secret_jwt, any
// other is private_key_jwt), so exactly one of them detects a given assertion. Every failure is
// invalid_client (401). Checks that do not depend on the client come first and say precisely what
// is wrong; an unknown client, a method it did not register and a signature that does not verify
// share one description, so the answer never tells whether a client exists (the log has the
// exact reason).
class ClientAssertionAuthenticator : public ClientAuthenticator
{
public:
    Presence detect(const TokenRequest &request) const override;
    QString presentedClientId(const TokenRequest &request) const override;
    Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context) const override;

protected:
    // The keys that may verify "token" for "client", each already checked against the alg (a
    // refusal when none can). May set *context.deferral and refuse, to be asked again once
    // something it waits for has arrived.
    virtual Result<QList<Key>> verificationKeys(const ClientAssertionToken &token,
        const ClientRegistration &client, const TokenContext &context) const = 0;

    // Which method an assertion with this header "alg" belongs to.
    virtual bool claimsAlgorithm(const QString &alg) const = 0;

    static OAuthError refused(const QString &reason, const QString &detail = {});
    static OAuthError notVerified(const QString &detail);
};
