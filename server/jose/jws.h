// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

class Key;

// JSON Web Signature, compact serialisation (RFC 7515 §7.1).
namespace Jws {

// Signs "signingInput" (ASCII: base64url(header) '.' base64url(payload)) with the algorithm
// named by "alg": HS256/384/512 (with a Key::fromSecret or "oct" key), RS256/384/512,
// PS256/384/512, ES256/384/512 or EdDSA (Ed25519). Returns the raw signature bytes, empty on
// failure, including a key of the wrong kind for "alg". HMAC keys shorter than the hash output
// (weak under RFC 7518 §3.2) are accepted: callers that care check Key::bits().
QByteArray sign(const QByteArray &signingInput, const QString &alg, const Key &key);

// Frees what the calling thread holds: its signing contexts and OpenSSL's per-thread state
// (random generators, error queue). OpenSSL would free the latter from a thread-exit handler, but
// QThread::wait() returns before those handlers run, so a process that exits right after joining
// its workers could end with them still allocated. Call it last on a thread that is finishing.
void releaseThreadState();

// true when "signature" is a valid "alg" signature of "signingInput" by "key".
bool verify(const QByteArray &signingInput, const QByteArray &signature, const QString &alg,
    const Key &key);

// base64url(header) . base64url(payload) . base64url(signature); empty on failure.
QByteArray compact(const QByteArray &headerJson, const QByteArray &payloadJson, const QString &alg,
    const Key &key);

} // namespace Jws
