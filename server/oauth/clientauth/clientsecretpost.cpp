// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsecretpost.h"

#include "basiccredentials.h"

using namespace Qt::Literals::StringLiterals;

QString ClientSecretPostAuthenticator::method() const
{
    return AuthMethod::ClientSecretPost.toString();
}

ClientAuthenticator::Presence ClientSecretPostAuthenticator::detect(
    const TokenRequest &request) const
{
    if (request.form.contains(u"client_secret"))
        return Presence::Present;
    // A client_id alone is a client_secret_post attempt that forgot its secret, unless the
    // Authorization header authenticates the client: RFC 6749 §2.3.1 lets client_id ride along in
    // the body then, and ClientSecretBasicAuthenticator checks that it matches; likewise beside a
    // client assertion (RFC 7521 §4.2), which the JWT methods check.
    if (request.form.contains(u"client_id") && !isBasicAuthorization(request.authorization)
        && !request.form.contains(u"client_assertion")
        && !request.form.contains(u"client_assertion_type")) {
        return Presence::Present;
    }
    return Presence::Absent;
}

QString ClientSecretPostAuthenticator::presentedClientId(const TokenRequest &request) const
{
    return request.form.value(u"client_id");
}

Result<AuthenticatedClient> ClientSecretPostAuthenticator::authenticate(
    const TokenRequest &request, const TokenContext &context) const
{
    if (!request.form.contains(u"client_id")) {
        return clientAuthenticationFailed(u"client_secret is present but client_id is missing"_s);
    }
    const QString clientId = request.form.value(u"client_id");
    if (clientId.isEmpty())
        return clientAuthenticationFailed(u"client_id is empty"_s);
    if (!request.form.contains(u"client_secret")) {
        if (!isAcceptableClientId(clientId)) {
            return OAuthError(OAuthError::Code::InvalidRequest,
                u"client_id contains characters that are not allowed"_s);
        }
        return clientAuthenticationFailed(u"client_secret is missing"_s);
    }
    return authenticateWithSecret(
        clientId, request.form.value(u"client_secret"), method(), context);
}
