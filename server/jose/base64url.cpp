// SPDX-License-Identifier: GPL-3.0-or-later
#include "base64url.h"

#include <array>

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr signed char invalid = -1;

// Maps a byte to its 6-bit value, or -1 for everything outside the base64url alphabet: this is
// what makes '=', '+', '/', whitespace and non-ASCII bytes errors instead of being skipped.
constexpr std::array<signed char, 256> makeDecodeTable()
{
    std::array<signed char, 256> table {};
    for (auto &entry : table) {
        entry = invalid;
    }
    for (int i = 0; i < 64; ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    }
    return table;
}

constexpr std::array<signed char, 256> decodeTable = makeDecodeTable();

} // namespace

namespace Base64Url {

QByteArray encode(const QByteArray &data)
{
    const auto *in = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype length = data.size();
    const qsizetype fullGroups = length / 3;
    const qsizetype remainder = length % 3;

    QByteArray out(fullGroups * 4 + (remainder == 0 ? 0 : remainder + 1), Qt::Uninitialized);
    char *o = out.data();
    for (qsizetype i = 0; i < fullGroups; ++i, in += 3) {
        const quint32 group = (quint32(in[0]) << 16) | (quint32(in[1]) << 8) | in[2];
        *o++ = alphabet[(group >> 18) & 0x3f];
        *o++ = alphabet[(group >> 12) & 0x3f];
        *o++ = alphabet[(group >> 6) & 0x3f];
        *o++ = alphabet[group & 0x3f];
    }
    if (remainder == 1) {
        const quint32 group = quint32(in[0]) << 16;
        *o++ = alphabet[(group >> 18) & 0x3f];
        *o++ = alphabet[(group >> 12) & 0x3f];
    } else if (remainder == 2) {
        const quint32 group = (quint32(in[0]) << 16) | (quint32(in[1]) << 8);
        *o++ = alphabet[(group >> 18) & 0x3f];
        *o++ = alphabet[(group >> 12) & 0x3f];
        *o++ = alphabet[(group >> 6) & 0x3f];
    }
    return out;
}

std::optional<QByteArray> decode(QByteArrayView text)
{
    const qsizetype length = text.size();
    const qsizetype remainder = length % 4;
    // One leftover character carries only 6 bits: never a whole byte (RFC 4648 §3.5 rejects it).
    if (remainder == 1) {
        return std::nullopt;
    }

    const auto *in = reinterpret_cast<const unsigned char *>(text.data());
    const qsizetype fullGroups = length / 4;
    QByteArray out(fullGroups * 3 + (remainder == 0 ? 0 : remainder - 1), Qt::Uninitialized);
    char *o = out.data();

    for (qsizetype i = 0; i < fullGroups; ++i, in += 4) {
        const int a = decodeTable[in[0]];
        const int b = decodeTable[in[1]];
        const int c = decodeTable[in[2]];
        const int d = decodeTable[in[3]];
        if ((a | b | c | d) < 0) {
            return std::nullopt;
        }
        const quint32 group = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6) | d;
        *o++ = char(group >> 16);
        *o++ = char(group >> 8);
        *o++ = char(group);
    }

    if (remainder > 0) {
        const int a = decodeTable[in[0]];
        const int b = decodeTable[in[1]];
        const int c = remainder == 3 ? decodeTable[in[2]] : 0;
        if ((a | b | c) < 0) {
            return std::nullopt;
        }
        const quint32 group = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6);
        // The bits past the last whole byte must be zero, otherwise several encodings would
        // decode to the same bytes (RFC 4648 §3.5), and a JWS segment must have exactly one.
        if (remainder == 2) {
            if (group & 0xffff) {
                return std::nullopt;
            }
            *o++ = char(group >> 16);
        } else {
            if (group & 0xff) {
                return std::nullopt;
            }
            *o++ = char(group >> 16);
            *o++ = char(group >> 8);
        }
    }
    return out;
}

} // namespace Base64Url
