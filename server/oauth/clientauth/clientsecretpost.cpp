// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsecretpost.h"

using namespace Qt::Literals::StringLiterals;

QString ClientSecretPostAuthenticator::method() const
{
    return AuthMethod::ClientSecretPost.toString();
}

ClientAuthenticator::Presence ClientSecretPostAuthenticator::detect(
    const TokenRequest &request) const
{
    // A client_id alone is NoneAuthenticator's to judge: a public client, or a confidential one
    // that left its secret out.
    return request.form.contains(u"client_secret") ? Presence::Present : Presence::Absent;
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
    return authenticateWithSecret(
        clientId, request.form.value(u"client_secret"), method(), context);
}
