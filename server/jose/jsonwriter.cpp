// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

// Bytes that must be escaped inside a JSON string (RFC 8259 §7): '"', '\\' and U+0000..U+001F.
// '/' may be escaped but need not be, so it is written as is.
inline bool needsEscape(char16_t c)
{
    return c < 0x20 || c == u'"' || c == u'\\';
}

void appendEscaped(QByteArray &out, char16_t c)
{
    switch (c) {
    case u'"':
        out.append("\\\"", 2);
        return;
    case u'\\':
        out.append("\\\\", 2);
        return;
    case u'\b':
        out.append("\\b", 2);
        return;
    case u'\f':
        out.append("\\f", 2);
        return;
    case u'\n':
        out.append("\\n", 2);
        return;
    case u'\r':
        out.append("\\r", 2);
        return;
    case u'\t':
        out.append("\\t", 2);
        return;
    default: {
        const char escape[6] = {'\\', 'u', '0', '0', hexDigits[(c >> 4) & 0xf], hexDigits[c & 0xf]};
        out.append(escape, 6);
        return;
    }
    }
}

} // namespace

void JsonObjectWriter::appendString(QByteArray &out, QStringView value)
{
    const char16_t *begin = value.utf16();
    const char16_t *const end = begin + value.size();

    out.reserve(out.size() + value.size() + 2);
    out.append('"');
    // Copies ASCII runs byte by byte and hands only the non-ASCII runs to the UTF-8 encoder, so
    // the common all-ASCII value costs no temporary allocation. Every byte of a multi-byte UTF-8
    // sequence is >= 0x80, so escaping never has to look inside those runs.
    const char16_t *p = begin;
    while (p != end) {
        if (*p < 0x80) {
            if (needsEscape(*p)) {
                appendEscaped(out, *p);
            } else {
                out.append(char(*p));
            }
            ++p;
        } else {
            const char16_t *runEnd = p + 1;
            while (runEnd != end && *runEnd >= 0x80) {
                ++runEnd;
            }
            out.append(QStringView(p, runEnd).toUtf8());
            p = runEnd;
        }
    }
    out.append('"');
}

void JsonObjectWriter::appendName(QStringView name)
{
    if (!m_body.isEmpty()) {
        m_body.append(',');
    }
    appendString(m_body, name);
    m_body.append(':');
}

JsonObjectWriter &JsonObjectWriter::add(QStringView name, QStringView value)
{
    appendName(name);
    appendString(m_body, value);
    return *this;
}

JsonObjectWriter &JsonObjectWriter::add(QStringView name, qint64 value)
{
    appendName(name);
    m_body.append(QByteArray::number(value));
    return *this;
}

JsonObjectWriter &JsonObjectWriter::add(QStringView name, bool value)
{
    appendName(name);
    if (value) {
        m_body.append("true", 4);
    } else {
        m_body.append("false", 5);
    }
    return *this;
}

JsonObjectWriter &JsonObjectWriter::add(QStringView name, const QStringList &values)
{
    appendName(name);
    m_body.append('[');
    bool first = true;
    for (const QString &value : values) {
        if (!first) {
            m_body.append(',');
        }
        first = false;
        appendString(m_body, value);
    }
    m_body.append(']');
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addRaw(QStringView name, const QByteArray &json)
{
    appendName(name);
    m_body.append(json);
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addValue(QStringView name, const QJsonValue &value)
{
    // Through an array, since QJsonDocument holds no bare scalar.
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return addRaw(name, array.mid(1, array.size() - 2));
}

QByteArray JsonObjectWriter::toJson() const
{
    QByteArray out;
    out.reserve(m_body.size() + 2);
    out.append('{');
    out.append(m_body);
    out.append('}');
    return out;
}
