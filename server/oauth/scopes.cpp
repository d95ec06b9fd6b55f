// SPDX-License-Identifier: GPL-3.0-or-later
#include "scopes.h"

#include "store/registry.h"

using namespace Qt::Literals::StringLiterals;

namespace Scopes {

bool isValidScopeToken(QStringView token)
{
    if (token.isEmpty())
        return false;
    for (const QChar c : token) {
        const char16_t u = c.unicode();
        const bool allowed = u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
        if (!allowed)
            return false;
    }
    return true;
}

Result<QStringList> parse(const QString &scope)
{
    QStringList tokens;
    // RFC 6749 §3.3 delimits with single spaces; runs of spaces are tolerated rather than read as
    // empty scope tokens.
    for (const QStringView token : QStringView(scope).split(u' ', Qt::SkipEmptyParts)) {
        if (!isValidScopeToken(token)) {
            // The token is not echoed: it holds characters that error_description may not carry.
            return OAuthError(OAuthError::Code::InvalidScope,
                u"the scope parameter contains characters that are not allowed"_s,
                u"scope token \"%1\" has characters outside RFC 6749 section 3.3"_s.arg(token));
        }
        const QString name = token.toString();
        if (!tokens.contains(name))
            tokens.append(name);
    }
    return tokens;
}

Result<QStringList> resolve(const QString &requested, const QStringList &allowed)
{
    Result<QStringList> parsed = parse(requested);
    if (!parsed)
        return parsed;
    for (const QString &scope : parsed.value()) {
        if (!allowed.contains(scope)) {
            // A valid scope token is safe in error_description (RFC 6749 §3.3 and §5.2 exclude
            // the same characters), and naming it tells the client nothing about the registry.
            const QString description = u"scope '%1' is not allowed for this client"_s.arg(scope);
            const QString registered = allowed.isEmpty() ? u"none"_s : allowed.join(u", ");
            return OAuthError(OAuthError::Code::InvalidScope, description,
                description + u"; registered scopes: "_s + registered);
        }
    }
    return parsed;
}

std::optional<OAuthError> undefinedOnServer(
    const QStringList &scopes, const ClientRegistration &client, const RegistrySnapshot &snapshot)
{
    for (const QString &scope : scopes) {
        if (!snapshot.configuration.findScope(scope)) {
            const QString description = u"scope '%1' is not allowed for this client"_s.arg(scope);
            return OAuthError(OAuthError::Code::InvalidScope, description,
                u"scope \"%1\" is registered for client \"%2\" but no longer defined "
                "on the server"_s.arg(scope, client.clientId));
        }
    }
    return std::nullopt;
}

} // namespace Scopes
