// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsecretbasic.h"

#include "basiccredentials.h"

using namespace Qt::Literals::StringLiterals;

QString ClientSecretBasicAuthenticator::method() const
{
    return AuthMethod::ClientSecretBasic.toString();
}

ClientAuthenticator::Presence ClientSecretBasicAuthenticator::detect(
    const TokenRequest &request) const
{
    return isBasicAuthorization(request.authorization) ? Presence::Present : Presence::Absent;
}

QString ClientSecretBasicAuthenticator::presentedClientId(const TokenRequest &request) const
{
    const Result<BasicCredentials> credentials = BasicCredentials::parse(request.authorization);
    return credentials ? credentials->clientId : QString();
}

Result<AuthenticatedClient> ClientSecretBasicAuthenticator::authenticate(
    const TokenRequest &request, const TokenContext &context) const
{
    // A malformed header is invalid_request (400), which needs no challenge.
    const Result<BasicCredentials> credentials = BasicCredentials::parse(request.authorization);
    if (!credentials)
        return credentials.error();

    if (request.form.contains(u"client_id")
        && request.form.value(u"client_id") != credentials->clientId) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            u"client_id in the body does not match the Authorization header"_s);
    }

    Result<AuthenticatedClient> result = authenticateWithSecret(
        credentials->clientId, credentials->clientSecret, method(), context);
    if (!result && result.error().code() == OAuthError::Code::InvalidClient) {
        // RFC 6749 §5.2: a 401 to a client that used the Authorization header MUST carry
        // WWW-Authenticate with the scheme it used.
        OAuthError error = result.error();
        error.setChallenge(OAuthError::Challenge::Basic);
        return error;
    }
    return result;
}
