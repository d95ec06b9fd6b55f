// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jose/key.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// One public key a client registered for private_key_jwt (RFC 7523 §3), with the JWK members
// that decide which assertions it may verify.
struct ClientKey
{
    Key key;
    QString kid; // empty when the JWK has none
    QString alg; // the JWK's "alg" (RFC 7517 §4.4), empty when absent
    QString use; // the JWK's "use" (RFC 7517 §4.2), empty when absent
};

// A client's JWK set (RFC 7517 §5), read once: from the registration ("jwks") or from what its
// "jwksUri" answered.
struct ClientJwkSet
{
    QList<ClientKey> keys;
    QStringList skipped; // "keys[1]: ..." for each member that cannot verify an assertion

    // The set as it was read back for the log: "2 keys (kid a: RSA 2048, kid b: EC P-256)".
    QString describe() const;
};

namespace ClientJwks {

// A JSON object {"keys": [...]}. Refuses (std::nullopt and *error) anything that is not a JWK
// set; keys of the set that cannot verify client assertions are listed in "skipped": symmetric
// ("oct") keys, keys with private members ("d", "p", ...: only public keys belong in a published
// set), keys whose "use" is not "sig", and JWKs Key::fromJwk cannot read.
std::optional<ClientJwkSet> parse(const QJsonObject &jwks, QString *error);

// The same from the bytes of a document (as fetched from a jwksUri).
std::optional<ClientJwkSet> parse(const QByteArray &json, QString *error);

} // namespace ClientJwks
