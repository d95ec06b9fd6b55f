// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/tokenrequest.h"

#include <QJsonObject>
#include <QString>

#include <optional>

// A JWT this server signed (an access token or an id_token, expired or not): its RS256 signature
// verifies with one of the snapshot's verification keys and its "iss" is the context's issuer.
// The claims; nullopt for anything else.
namespace OwnJwt {

std::optional<QJsonObject> verifiedClaims(const QString &value, const TokenContext &context);

} // namespace OwnJwt
