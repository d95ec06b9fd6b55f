// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// What a resource server knows about a valid access token, whether it read the JWT itself or
// the authorization server told it (introspection).
struct AccessTokenInfo
{
    QString subject;
    QString clientId;
    QString issuer;
    QString tokenId; // jti
    QStringList scopes;
    QStringList audience;
    qint64 expiresAt = 0; // seconds since the epoch; 0 when the token says nothing
    qint64 notBefore = 0;
    qint64 issuedAt = 0;

    bool hasScope(QStringView scope) const { return scope.isEmpty() || scopes.contains(scope); }
};

namespace AccessTokenChecks {

// From a JWT's claims or an introspection answer (RFC 7662 §2.2), which use the same names: a
// string or an array for "aud", a space-separated string or an array for "scope" (also "scp").
AccessTokenInfo fromClaims(const QJsonObject &claims);

// Empty when "audience" is empty (not checked) or the token names one of its values;
// otherwise why not.
QString audienceProblem(const AccessTokenInfo &info, const QStringList &audience);

// Empty when valid at "nowSeconds"; otherwise "the token expired at ... (N s ago)" or "is not
// valid before ...".
QString timeProblem(const AccessTokenInfo &info, qint64 nowSeconds);

} // namespace AccessTokenChecks
