// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

class Key;

// JSON Web Signature, compact serialisation (RFC 7515 §7.1).
namespace Jws {

// Signs "signingInput" (ASCII: base64url(header) '.' base64url(payload)) with the algorithm
// named by "alg" (for now "RS256"). Returns the raw signature bytes, empty on failure.
QByteArray sign(const QByteArray &signingInput, const QString &alg, const Key &key);

// true when "signature" is a valid "alg" signature of "signingInput" by "key".
bool verify(const QByteArray &signingInput, const QByteArray &signature, const QString &alg,
            const Key &key);

// base64url(header) . base64url(payload) . base64url(signature); empty on failure.
QByteArray compact(const QByteArray &headerJson, const QByteArray &payloadJson, const QString &alg,
                   const Key &key);

} // namespace Jws
