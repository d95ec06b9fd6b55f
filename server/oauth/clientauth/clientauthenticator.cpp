// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientauthenticator.h"

#include <QDateTime>

using namespace Qt::Literals::StringLiterals;

OAuthError clientAuthenticationFailed(const QString &detail)
{
    return OAuthError(OAuthError::Code::InvalidClient, u"Client authentication failed"_s, detail);
}

bool secretsEqual(QStringView presented, QStringView registered)
{
    const QByteArray a = presented.toUtf8();
    const QByteArray b = registered.toUtf8();
    const qsizetype length = std::max(a.size(), b.size());
    // Runs over the longer length whatever the content, folding the length difference in, so the
    // time taken says nothing about how many leading bytes matched.
    unsigned difference = a.size() == b.size() ? 0u : 1u;
    for (qsizetype i = 0; i < length; ++i) {
        const uchar x = i < a.size() ? uchar(a[i]) : 0;
        const uchar y = i < b.size() ? uchar(b[i]) : 0;
        difference |= unsigned(x ^ y);
    }
    return difference == 0;
}

bool isAcceptableClientId(QStringView clientId)
{
    for (const QChar c : clientId) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            return false;
    }
    return true;
}

Result<AuthenticatedClient> authenticateWithSecret(const QString &clientId,
    const QString &clientSecret, const QString &method, const TokenContext &context)
{
    if (!isAcceptableClientId(clientId)) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            u"client_id contains characters that are not allowed"_s);
    }

    const ClientRegistration *client
        = context.snapshot ? context.snapshot->configuration.findClient(clientId) : nullptr;
    if (!client) {
        // Compare anyway so that an unknown id costs about as much as a wrong secret.
        (void)secretsEqual(clientSecret, u"unknown-client-placeholder-secret");
        return clientAuthenticationFailed(
            u"no client is registered with id \"%1\""_s.arg(clientId));
    }

    // Spring Authorization Server's order: method, secret, expiry.
    if (!client->allowsAuthenticationMethod(method)) {
        if (client->authenticationMethods.isEmpty()) {
            return clientAuthenticationFailed(
                u"client \"%1\" has no client authentication method registered, "
                "so not %2"_s.arg(clientId, method));
        }
        return clientAuthenticationFailed(u"client \"%1\" is registered for %2 only, not %3"_s.arg(
            clientId, client->authenticationMethods.join(u", "), method));
    }

    // An empty secret never authenticates, even against an empty registered one.
    if (clientSecret.isEmpty())
        return clientAuthenticationFailed(u"the client secret is empty"_s);
    if (!secretsEqual(clientSecret, client->clientSecret))
        return clientAuthenticationFailed(u"the client secret does not match"_s);

    if (client->clientSecretExpiresAt
        && client->clientSecretExpiresAt->toMSecsSinceEpoch() <= context.nowMSecs) {
        const QString expiredAt = client->clientSecretExpiresAt->toUTC().toString(Qt::ISODate);
        return clientAuthenticationFailed(u"the client secret expired at %1"_s.arg(expiredAt));
    }

    return AuthenticatedClient {*client, method};
}
