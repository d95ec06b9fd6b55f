// SPDX-License-Identifier: GPL-3.0-or-later
#include "formdecoder.h"

using namespace Qt::Literals::StringLiterals;

bool FormParameters::contains(QStringView name) const
{
    for (const auto &pair : m_pairs) {
        if (pair.first == name)
            return true;
    }
    return false;
}

int FormParameters::count(QStringView name) const
{
    int n = 0;
    for (const auto &pair : m_pairs) {
        if (pair.first == name)
            ++n;
    }
    return n;
}

QString FormParameters::value(QStringView name) const
{
    for (const auto &pair : m_pairs) {
        if (pair.first == name)
            return pair.second;
    }
    return {};
}

QStringList FormParameters::values(QStringView name) const
{
    QStringList result;
    for (const auto &pair : m_pairs) {
        if (pair.first == name)
            result.append(pair.second);
    }
    return result;
}

namespace {

enum class ComponentError { None, BadEscape, InvalidUtf8 };

bool isContinuation(uchar byte)
{
    return (byte & 0xC0) == 0x80;
}

// Well-formed UTF-8 as RFC 3629 §4 defines it: no overlong forms, no surrogates (U+D800..DFFF),
// nothing above U+10FFFF, no truncated sequence. QString::fromUtf8() would silently substitute
// U+FFFD instead, turning two different byte strings into the same client id or secret.
bool isWellFormedUtf8(QByteArrayView bytes)
{
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const uchar lead = uchar(bytes[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        qsizetype length = 0;
        uchar secondMin = 0x80;
        uchar secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                secondMin = 0xA0; // overlong below U+0800
            else if (lead == 0xED)
                secondMax = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                secondMin = 0x90; // overlong below U+10000
            else if (lead == 0xF4)
                secondMax = 0x8F; // above U+10FFFF
        } else {
            return false; // continuation byte, 0xC0/0xC1 (overlong) or 0xF5..0xFF
        }
        if (size - i < length)
            return false;
        const uchar second = uchar(bytes[i + 1]);
        if (second < secondMin || second > secondMax)
            return false;
        for (qsizetype k = 2; k < length; ++k) {
            if (!isContinuation(uchar(bytes[i + k])))
                return false;
        }
        i += length;
    }
    return true;
}

std::optional<QString> decodeChecked(QByteArrayView component, ComponentError *error)
{
    QByteArray bytes;
    bytes.reserve(component.size());
    for (qsizetype i = 0; i < component.size(); ++i) {
        const char c = component[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c == '%') {
            const int high
                = i + 1 < component.size() ? FormDecoder::hexDigitValue(component[i + 1]) : -1;
            const int low
                = i + 2 < component.size() ? FormDecoder::hexDigitValue(component[i + 2]) : -1;
            if (high < 0 || low < 0) {
                *error = ComponentError::BadEscape;
                return std::nullopt;
            }
            bytes.append(char(high * 16 + low));
            i += 2;
        } else {
            bytes.append(c);
        }
    }
    if (!isWellFormedUtf8(bytes)) {
        *error = ComponentError::InvalidUtf8;
        return std::nullopt;
    }
    return QString::fromUtf8(bytes);
}

OAuthError decodingError(ComponentError error, qsizetype pairNumber)
{
    const QString where = u" (pair %1)"_s.arg(pairNumber);
    if (error == ComponentError::BadEscape) {
        const QString description
            = u"malformed percent-encoding: '%' must be followed by two hexadecimal digits"_s;
        return OAuthError(OAuthError::Code::InvalidRequest, description, description + where);
    }
    const QString description = u"the percent-decoded form data is not valid UTF-8"_s;
    return OAuthError(OAuthError::Code::InvalidRequest, description, description + where);
}

} // namespace

namespace FormDecoder {

int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Result<FormParameters> decode(QByteArrayView body)
{
    QList<QPair<QString, QString>> pairs;
    qsizetype pairNumber = 0;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        start = end + 1;
        ++pairNumber;
        if (pair.isEmpty())
            continue;

        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView rawName = equals < 0 ? pair : pair.first(equals);
        const QByteArrayView rawValue = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
        ComponentError error = ComponentError::None;
        std::optional<QString> name = decodeChecked(rawName, &error);
        if (!name)
            return decodingError(error, pairNumber);
        std::optional<QString> value = decodeChecked(rawValue, &error);
        if (!value)
            return decodingError(error, pairNumber);
        pairs.append({std::move(*name), std::move(*value)});
    }
    return FormParameters(std::move(pairs));
}

std::optional<QString> decodeComponent(QByteArrayView component)
{
    ComponentError error = ComponentError::None;
    return decodeChecked(component, &error);
}

QByteArray encodeComponent(QStringView value)
{
    static constexpr char hexDigits[] = "0123456789ABCDEF";
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (const char c : utf8) {
        const uchar byte = uchar(c);
        // The HTML form encoding's set (WHATWG URL, application/x-www-form-urlencoded serializer).
        const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')
            || (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_'
            || byte == '*';
        if (keep) {
            out.append(c);
        } else if (byte == ' ') {
            out.append('+');
        } else {
            out.append('%');
            out.append(hexDigits[byte >> 4]);
            out.append(hexDigits[byte & 0x0F]);
        }
    }
    return out;
}

} // namespace FormDecoder
