// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/result.h"
#include "oauth/tokenrequest.h"

#include <QString>

// The client a request was authenticated as, and how.
struct AuthenticatedClient
{
    ClientRegistration client;
    QString method;
};

// One client-authentication method (client_secret_post, client_secret_basic, ...), as Spring
// Authorization Server's converter + provider pair. Adding a method means adding a class and
// registering it with the TokenEndpoint, not editing a switch.
class ClientAuthenticator
{
public:
    enum class Presence { Absent, Present };

    virtual ~ClientAuthenticator() = default;

    // The RFC 8414 / RFC 7591 name of the method.
    virtual QString method() const = 0;

    // Does the request carry credentials of this kind? Used to find the one method a request
    // uses: two present is invalid_request (RFC 6749 §2.3), none present is invalid_client.
    virtual Presence detect(const TokenRequest &request) const = 0;

    // The client id the request presents for this method (even an unknown or malformed one),
    // for the exchange log; empty when it cannot be read.
    virtual QString presentedClientId(const TokenRequest &request) const = 0;

    // Authenticates a request for which detect() said Present. Errors: invalid_request for a
    // malformed credential, invalid_client (401) for everything else, with detail() saying
    // exactly why for the log.
    virtual Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context) const = 0;

    // The JWS algorithms a method that signs accepts (RFC 8414
    // token_endpoint_auth_signing_alg_values_supported); empty for the others.
    virtual QStringList signingAlgorithms() const { return {}; }

    // A method that proves nothing but the client id ("none", public clients, RFC 6749 §2.1):
    // endpoints that need a confidential client (introspection, revocation) do not run it.
    virtual bool isPublic() const { return false; }
};

// Constant-time comparison of a presented secret with the registered one.
bool secretsEqual(QStringView presented, QStringView registered);

// true when a client id holds only printable ASCII (no control characters, nothing above 0x7E),
// the only ids the token endpoint accepts.
bool isAcceptableClientId(QStringView clientId);

// invalid_client (401) with the one wire description every authentication failure shares, so the
// response never tells an unknown client from a wrong secret; "detail" says which, for the log.
OAuthError clientAuthenticationFailed(const QString &detail);

// Checks shared by the secret-based methods once the id and secret are known: the client exists,
// the secret matches (constant time), has not expired, and "method" is registered for it.
Result<AuthenticatedClient> authenticateWithSecret(const QString &clientId,
    const QString &clientSecret, const QString &method, const TokenContext &context);
