// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

// base64url without padding (RFC 7515 §2, RFC 4648 §5), the encoding of every JOSE segment.
namespace Base64Url {

QByteArray encode(const QByteArray &data);

// Strict: rejects padding, characters outside the base64url alphabet, a length that is 1 mod 4,
// and non-zero trailing bits. Returns std::nullopt on any of those.
std::optional<QByteArray> decode(QByteArrayView text);

} // namespace Base64Url
