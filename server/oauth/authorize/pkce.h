// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

// Proof Key for Code Exchange (RFC 7636): the checks the authorization endpoint makes on
// code_challenge and the token endpoint on code_verifier. Plain values in, a verdict out.
namespace Pkce {

inline constexpr QStringView S256 = u"S256";
inline constexpr QStringView Plain = u"plain";

// RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". A
// code_challenge has the same syntax (§4.2: S256 gives 43 characters, plain the verifier).
bool isValidVerifier(QStringView verifier);
bool isValidChallenge(QStringView challenge);

// BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), RFC 7636 §4.2.
QString s256Challenge(QStringView verifier);

// RFC 7636 §4.6: the verifier, transformed by "method" (S256 or plain), equals the challenge,
// compared in constant time. false for an unknown method or a malformed verifier.
bool verify(QStringView verifier, QStringView challenge, QStringView method);

} // namespace Pkce
