// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QString>
#include <QStringList>

// The edits the Clients, Scopes and Users pages make, as pure functions from one Configuration to
// the next: the pages never mutate the workspace's configuration in place, and every rule about how
// one edit ripples into the rest (a renamed scope, a deleted client) lives here.
namespace ConfigurationEdits {

// Replaces the client registered as originalId (keeping its position) or, when there is none
// (a new client, or one deleted meanwhile), appends it.
Configuration withClient(
    Configuration config, const QString &originalId, const ClientRegistration &client);
Configuration withoutClient(Configuration config, const QString &clientId);

// Replaces the scope named originalName (keeping its position) or appends it. A rename rewrites
// the name in every client that has the old one, so no client is left with an undefined scope.
Configuration withScope(
    Configuration config, const QString &originalName, const ScopeDefinition &scope);
// Removes the scope and takes it away from every client that has it.
Configuration withoutScope(Configuration config, const QString &name);

// Replaces the user signed in as originalUsername (keeping its position) or, when there is none
// (a new user, or one deleted meanwhile), appends it. Users stand alone: no client names them.
Configuration withUser(Configuration config, const QString &originalUsername, const TestUser &user);
Configuration withoutUser(Configuration config, const QString &username);

// Ids of the clients that may request the scope, in configuration order.
QStringList clientsUsingScope(const Configuration &config, const QString &name);

// base when no client uses it, else base-2, base-3...
QString uniqueClientId(const Configuration &config, const QString &base);

// Three-way merge for a form that was being edited while the configuration changed under it
// (a scope renamed on the other page, an import): every field the user did not touch takes the
// new value; every field the user changed keeps the user's value. List fields merge as sets, so
// a scope renamed elsewhere is renamed in the form too and the user's own additions stay.
ClientRegistration mergeClient(const ClientRegistration &base, const ClientRegistration &mine,
    const ClientRegistration &theirs);

} // namespace ConfigurationEdits
