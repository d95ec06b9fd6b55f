// SPDX-License-Identifier: GPL-3.0-or-later
#include "configurationedits.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace {

qsizetype indexOfClient(const Configuration &config, const QString &clientId)
{
    const auto it = std::find_if(config.clients.cbegin(), config.clients.cend(),
        [&](const ClientRegistration &client) { return client.clientId == clientId; });
    return it == config.clients.cend() ? -1 : it - config.clients.cbegin();
}

qsizetype indexOfScope(const Configuration &config, const QString &name)
{
    const auto it = std::find_if(config.scopes.cbegin(), config.scopes.cend(),
        [&](const ScopeDefinition &scope) { return scope.name == name; });
    return it == config.scopes.cend() ? -1 : it - config.scopes.cbegin();
}

// theirs, minus what the user removed from base, plus what the user added; in theirs' order
// with the user's additions after it, so the merged list reads like the saved one.
QStringList mergeSet(const QStringList &base, const QStringList &mine, const QStringList &theirs)
{
    QStringList merged;
    for (const QString &item : theirs) {
        const bool removedByMe = base.contains(item) && !mine.contains(item);
        if (!removedByMe && !merged.contains(item))
            merged.append(item);
    }
    for (const QString &item : mine) {
        if (!base.contains(item) && !merged.contains(item))
            merged.append(item);
    }
    return merged;
}

template<typename T>
T mergeValue(const T &base, const T &mine, const T &theirs)
{
    return mine == base ? theirs : mine;
}

} // namespace

namespace ConfigurationEdits {

Configuration withClient(
    Configuration config, const QString &originalId, const ClientRegistration &client)
{
    const qsizetype index = originalId.isEmpty() ? -1 : indexOfClient(config, originalId);
    if (index < 0)
        config.clients.append(client);
    else
        config.clients[index] = client;
    return config;
}

Configuration withoutClient(Configuration config, const QString &clientId)
{
    config.clients.removeIf(
        [&](const ClientRegistration &client) { return client.clientId == clientId; });
    return config;
}

Configuration withScope(
    Configuration config, const QString &originalName, const ScopeDefinition &scope)
{
    const qsizetype index = originalName.isEmpty() ? -1 : indexOfScope(config, originalName);
    if (index < 0) {
        config.scopes.append(scope);
        return config;
    }
    config.scopes[index] = scope;
    if (originalName != scope.name) {
        for (ClientRegistration &client : config.clients) {
            const qsizetype at = client.scopes.indexOf(originalName);
            if (at < 0)
                continue;
            // A client could already list the new name only if the configuration was edited
            // by hand; one entry is enough either way.
            if (client.scopes.contains(scope.name))
                client.scopes.removeAt(at);
            else
                client.scopes[at] = scope.name;
        }
    }
    return config;
}

Configuration withoutScope(Configuration config, const QString &name)
{
    config.scopes.removeIf([&](const ScopeDefinition &scope) { return scope.name == name; });
    for (ClientRegistration &client : config.clients)
        client.scopes.removeAll(name);
    return config;
}

Configuration withUser(Configuration config, const QString &originalUsername, const TestUser &user)
{
    const auto it = std::find_if(config.users.begin(), config.users.end(),
        [&](const TestUser &existing) { return existing.username == originalUsername; });
    if (originalUsername.isEmpty() || it == config.users.end())
        config.users.append(user);
    else
        *it = user;
    return config;
}

Configuration withoutUser(Configuration config, const QString &username)
{
    config.users.removeIf([&](const TestUser &user) { return user.username == username; });
    return config;
}

QStringList clientsUsingScope(const Configuration &config, const QString &name)
{
    QStringList ids;
    for (const ClientRegistration &client : config.clients) {
        if (client.scopes.contains(name))
            ids.append(client.clientId);
    }
    return ids;
}

QString uniqueClientId(const Configuration &config, const QString &base)
{
    if (!config.findClient(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = base + u'-' + QString::number(n);
        if (!config.findClient(candidate))
            return candidate;
    }
}

ClientRegistration mergeClient(const ClientRegistration &base, const ClientRegistration &mine,
    const ClientRegistration &theirs)
{
    ClientRegistration merged;
    merged.clientId = mergeValue(base.clientId, mine.clientId, theirs.clientId);
    merged.clientSecret = mergeValue(base.clientSecret, mine.clientSecret, theirs.clientSecret);
    merged.displayName = mergeValue(base.displayName, mine.displayName, theirs.displayName);
    merged.authenticationMethods = mergeSet(
        base.authenticationMethods, mine.authenticationMethods, theirs.authenticationMethods);
    merged.grantTypes = mergeSet(base.grantTypes, mine.grantTypes, theirs.grantTypes);
    merged.scopes = mergeSet(base.scopes, mine.scopes, theirs.scopes);
    merged.accessTokenLifetimeSeconds = mergeValue(base.accessTokenLifetimeSeconds,
        mine.accessTokenLifetimeSeconds, theirs.accessTokenLifetimeSeconds);
    merged.clientSecretExpiresAt = mergeValue(
        base.clientSecretExpiresAt, mine.clientSecretExpiresAt, theirs.clientSecretExpiresAt);
    merged.jwks = mergeValue(base.jwks, mine.jwks, theirs.jwks);
    merged.jwksUri = mergeValue(base.jwksUri, mine.jwksUri, theirs.jwksUri);
    merged.appPrivateKeyPem
        = mergeValue(base.appPrivateKeyPem, mine.appPrivateKeyPem, theirs.appPrivateKeyPem);
    merged.assertionMaxLifetimeSeconds = mergeValue(base.assertionMaxLifetimeSeconds,
        mine.assertionMaxLifetimeSeconds, theirs.assertionMaxLifetimeSeconds);
    merged.tokenFormat = mergeValue(base.tokenFormat, mine.tokenFormat, theirs.tokenFormat);
    merged.audience = mergeValue(base.audience, mine.audience, theirs.audience);
    merged.extraClaims = mergeValue(base.extraClaims, mine.extraClaims, theirs.extraClaims);
    merged.redirectUris = mergeValue(base.redirectUris, mine.redirectUris, theirs.redirectUris);
    merged.postLogoutRedirectUris = mergeValue(
        base.postLogoutRedirectUris, mine.postLogoutRedirectUris, theirs.postLogoutRedirectUris);
    merged.requirePkce = mergeValue(base.requirePkce, mine.requirePkce, theirs.requirePkce);
    merged.allowPlainPkce
        = mergeValue(base.allowPlainPkce, mine.allowPlainPkce, theirs.allowPlainPkce);
    merged.requireConsent
        = mergeValue(base.requireConsent, mine.requireConsent, theirs.requireConsent);
    merged.authorizationCodeLifetimeSeconds = mergeValue(base.authorizationCodeLifetimeSeconds,
        mine.authorizationCodeLifetimeSeconds, theirs.authorizationCodeLifetimeSeconds);
    merged.refreshTokenLifetimeSeconds = mergeValue(base.refreshTokenLifetimeSeconds,
        mine.refreshTokenLifetimeSeconds, theirs.refreshTokenLifetimeSeconds);
    merged.rotateRefreshTokens = mergeValue(
        base.rotateRefreshTokens, mine.rotateRefreshTokens, theirs.rotateRefreshTokens);
    return merged;
}

} // namespace ConfigurationEdits
