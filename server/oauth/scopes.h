// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <optional>

struct ClientRegistration;
struct RegistrySnapshot;

// scope parameter handling (RFC 6749 §3.3).
namespace Scopes {

// true for a valid scope-token: 1*( %x21 / %x23-5B / %x5D-7E ).
bool isValidScopeToken(QStringView token);

// Splits a space-delimited scope string into tokens, dropping duplicates and keeping first-seen
// order. invalid_scope when a token has characters outside the RFC 6749 §3.3 set.
Result<QStringList> parse(const QString &scope);

// The requested scopes, each of which must be registered for the client, else invalid_scope
// naming the first one that is not. An empty request grants nothing (as Spring Authorization
// Server does).
Result<QStringList> resolve(const QString &requested, const QStringList &allowed);

// invalid_scope for the first of "scopes" that is registered for the client but no longer defined
// on the server (a scope removed from the server's list is not granted); nullopt when all are.
std::optional<OAuthError> undefinedOnServer(
    const QStringList &scopes, const ClientRegistration &client, const RegistrySnapshot &snapshot);

} // namespace Scopes
