// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// JSON as text, in the order it was written.
//
// QJsonObject sorts its members and turns every number into a double; a token inspector must
// show a JWT's header and claims as the issuer wrote them (member order, 64-bit numbers, escape
// sequences). These functions rework the text itself and never reinterpret a value. They expect
// JSON that QJsonDocument already accepted; on anything else they return a best effort and never
// read out of bounds.
namespace JsonText {

struct Span
{
    enum class Kind { Key, String, Number, Literal, Punctuation };
    qsizetype start = 0; // in UTF-16 code units of Pretty::text
    qsizetype length = 0;
    Kind kind = Kind::Punctuation;

    friend bool operator==(const Span &, const Span &) = default;
};

// Indented text, with the span of every token for syntax colouring.
struct Pretty
{
    QString text;
    QList<Span> spans;
};

struct Member
{
    QString name; // unescaped
    QByteArray value; // the value's JSON text, compact
};

Pretty pretty(QByteArrayView json, int indent = 2);
// Everything outside strings that is whitespace removed.
QByteArray compact(QByteArrayView json);
// The members of a top-level object in the order written, duplicates included; empty when
// "json" is not an object.
QList<Member> topLevelMembers(QByteArrayView json);

} // namespace JsonText
