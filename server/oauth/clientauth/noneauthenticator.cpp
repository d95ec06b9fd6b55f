// SPDX-License-Identifier: GPL-3.0-or-later
#include "noneauthenticator.h"

#include "basiccredentials.h"

using namespace Qt::Literals::StringLiterals;

QString NoneAuthenticator::method() const
{
    return AuthMethod::None.toString();
}

ClientAuthenticator::Presence NoneAuthenticator::detect(const TokenRequest &request) const
{
    // client_id and nothing that authenticates: with the Authorization header, client_id may ride
    // along in the body (RFC 6749 §2.3.1), and likewise beside a client assertion (RFC 7521 §4.2).
    if (request.form.contains(u"client_id") && !request.form.contains(u"client_secret")
        && !isBasicAuthorization(request.authorization)
        && !request.form.contains(u"client_assertion")
        && !request.form.contains(u"client_assertion_type")) {
        return Presence::Present;
    }
    return Presence::Absent;
}

QString NoneAuthenticator::presentedClientId(const TokenRequest &request) const
{
    return request.form.value(u"client_id");
}

Result<AuthenticatedClient> NoneAuthenticator::authenticate(
    const TokenRequest &request, const TokenContext &context) const
{
    const QString clientId = request.form.value(u"client_id");
    if (clientId.isEmpty())
        return clientAuthenticationFailed(u"client_id is empty"_s);
    if (!isAcceptableClientId(clientId)) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            u"client_id contains characters that are not allowed"_s);
    }
    const ClientRegistration *client
        = context.snapshot ? context.snapshot->configuration.findClient(clientId) : nullptr;
    if (!client) {
        return clientAuthenticationFailed(
            u"no client is registered with id \"%1\""_s.arg(clientId));
    }
    if (!client->allowsAuthenticationMethod(method())) {
        return clientAuthenticationFailed(
            u"client_secret is missing: client \"%1\" is registered for %2, not none (a public "
            "client)"_s.arg(clientId,
                client->authenticationMethods.isEmpty()
                    ? u"no method"_s
                    : client->authenticationMethods.join(u", ")));
    }
    return AuthenticatedClient {*client, method()};
}
