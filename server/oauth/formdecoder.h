// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Decoded application/x-www-form-urlencoded parameters, in arrival order, repeats kept, so that a
// repeated parameter can be detected (RFC 6749 §3.2).
class FormParameters
{
public:
    FormParameters() = default;
    explicit FormParameters(QList<QPair<QString, QString>> pairs) : m_pairs(std::move(pairs)) { }

    bool contains(QStringView name) const;
    int count(QStringView name) const;
    // First value; empty when absent.
    QString value(QStringView name) const;
    QStringList values(QStringView name) const;
    bool isEmpty() const { return m_pairs.isEmpty(); }
    const QList<QPair<QString, QString>> &pairs() const { return m_pairs; }
    void append(const QString &name, const QString &value) { m_pairs.append({name, value}); }

private:
    QList<QPair<QString, QString>> m_pairs;
};

// The WHATWG/HTML application/x-www-form-urlencoded parser, strict where OAuth needs it:
// '+' is a space, "%XX" is a byte, and a '%' not followed by two hex digits or bytes that are not
// valid UTF-8 are errors (invalid_request) instead of being passed through. Empty pairs
// ("a=1&&b=2") are skipped; a name without '=' has an empty value.
namespace FormDecoder {

Result<FormParameters> decode(QByteArrayView body);

// The value of one hexadecimal digit (either case), or -1: for %XX here and \uXXXX elsewhere.
int hexDigitValue(char c);

// Decodes one component ('+' to space, %XX); std::nullopt on bad escapes or invalid UTF-8.
std::optional<QString> decodeComponent(QByteArrayView component);

// The reverse, for building requests: unreserved characters as-is, space as '+', the rest %XX.
QByteArray encodeComponent(QStringView value);

} // namespace FormDecoder
