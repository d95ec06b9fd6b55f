// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsecretjwt.h"

#include <QDateTime>

using namespace Qt::Literals::StringLiterals;

QString ClientSecretJwtAuthenticator::method() const
{
    return AuthMethod::ClientSecretJwt.toString();
}

QStringList ClientSecretJwtAuthenticator::signingAlgorithms() const
{
    return ClientAssertion::secretAlgorithms();
}

bool ClientSecretJwtAuthenticator::claimsAlgorithm(const QString &alg) const
{
    return alg.startsWith(u"HS");
}

Result<QList<Key>> ClientSecretJwtAuthenticator::verificationKeys(const ClientAssertionToken &token,
    const ClientRegistration &client, const TokenContext &context) const
{
    if (client.clientSecret.isEmpty())
        return notVerified(u"client \"%1\" has no secret"_s.arg(client.clientId));
    if (client.clientSecretExpiresAt
        && client.clientSecretExpiresAt->toMSecsSinceEpoch() <= context.nowMSecs) {
        return notVerified(u"the client secret expired at %1"_s.arg(
            client.clientSecretExpiresAt->toUTC().toString(Qt::ISODate)));
    }
    const Key key = Key::fromSecret(client.clientSecret.toUtf8());
    // RFC 7518 §3.2: "A key of the same size as the hash output ... or larger MUST be used".
    if (const QString mismatch = ClientAssertion::keyMismatch(token.alg, key); !mismatch.isEmpty())
        return refused(mismatch);
    return QList<Key> {key};
}
