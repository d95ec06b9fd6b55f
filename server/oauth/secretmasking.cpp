// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretmasking.h"

#include "formdecoder.h"

#include "core/protocol.h"

using namespace Qt::Literals::StringLiterals;

namespace {

// Headers whose value is a credential.
constexpr QByteArrayView CredentialHeaders[] = {
    "Authorization", // RFC 9110 §11.6.2
    "Proxy-Authorization", // RFC 9110 §11.7.2
    "Cookie", // RFC 6265 §5.4
    "Set-Cookie", // RFC 6265 §4.1
    // A redirect's URL: an authorization response carries the code in its query (RFC 6749
    // §4.1.2); only the credential parameters of the query are masked.
    "Location", // RFC 9110 §10.2.2
};

// Members of a token response that are tokens (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
constexpr QLatin1StringView TokenMembers[] = {
    "access_token"_L1,
    "refresh_token"_L1,
    "id_token"_L1,
};

template<typename List>
bool listContains(const List &list, QStringView name)
{
    const QStringView trimmed = name.trimmed();
    for (const auto entry : list) {
        if (trimmed.compare(entry, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A form component decoded by the server's own FormDecoder, so that masking finds every name the
// server would read. A component the decoder refuses (a bad escape, bytes that are not UTF-8)
// fails the whole request, so it names no parameter the server used: it stays as written.
QString decodeName(QByteArrayView component)
{
    return FormDecoder::decodeComponent(component).value_or(QString::fromUtf8(component));
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

qsizetype skipSpace(QByteArrayView json, qsizetype i)
{
    while (i < json.size() && isJsonSpace(json[i]))
        ++i;
    return i;
}

// The index just past the string that starts with the quote at "start" (or the end of the text
// when it is not closed).
qsizetype stringEnd(QByteArrayView json, qsizetype start)
{
    qsizetype i = start + 1;
    while (i < json.size()) {
        if (json[i] == '\\')
            i += 2;
        else if (json[i] == '"')
            return i + 1;
        else
            ++i;
    }
    return json.size();
}

// The characters of a JSON string (without its quotes) with the escapes undone, so that
// "access\u005ftoken" is found as access_token.
QString unescapeJsonString(QByteArrayView inner)
{
    QString out;
    QByteArray run;
    const auto flush = [&] {
        out += QString::fromUtf8(run);
        run.clear();
    };
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c != '\\' || i + 1 >= inner.size()) {
            run.append(c);
            continue;
        }
        const char e = inner[++i];
        switch (e) {
        case 'b':
            run.append('\b');
            break;
        case 'f':
            run.append('\f');
            break;
        case 'n':
            run.append('\n');
            break;
        case 'r':
            run.append('\r');
            break;
        case 't':
            run.append('\t');
            break;
        case 'u': {
            int code = 0;
            bool ok = i + 4 < inner.size();
            for (qsizetype k = 1; ok && k <= 4; ++k) {
                const int digit = FormDecoder::hexDigitValue(inner[i + k]);
                ok = digit >= 0;
                code = code * 16 + digit;
            }
            if (!ok) {
                run.append("\\u");
                break;
            }
            flush();
            out += QChar(char16_t(code));
            i += 4;
            break;
        }
        default: // '"', '\\', '/' and anything a lenient writer escaped
            run.append(e);
            break;
        }
    }
    flush();
    return out;
}

bool isMaskedMember(QStringView name, SecretMasking::Tokens tokens)
{
    if (SecretMasking::isTokenMember(name))
        return tokens == SecretMasking::Tokens::Masked;
    return SecretMasking::isCredentialParameter(name);
}

// "name=value; name=value": every value masked, spacing kept. With attributesFollow (Set-Cookie)
// only the first pair is the cookie; the rest are its attributes.
QByteArray maskCookies(QByteArrayView value, bool attributesFollow)
{
    QByteArray out;
    qsizetype start = 0;
    bool first = true;
    while (start <= value.size()) {
        qsizetype end = value.indexOf(';', start);
        if (end < 0)
            end = value.size();
        const QByteArrayView part = value.sliced(start, end - start);
        if (!first)
            out += ';';
        if (first || !attributesFollow) {
            const qsizetype equals = part.indexOf('=');
            if (equals >= 0) {
                out += part.first(equals + 1);
                out += SecretMasking::Mask;
            } else if (!part.trimmed().isEmpty()) {
                // A cookie without '=' is a value with an empty name (RFC 6265 §5.2).
                qsizetype lead = 0;
                while (lead < part.size() && (part[lead] == ' ' || part[lead] == '\t'))
                    ++lead;
                out += part.first(lead);
                out += SecretMasking::Mask;
            } else {
                out += part;
            }
        } else {
            out += part;
        }
        first = false;
        start = end + 1;
    }
    return out;
}

} // namespace

namespace SecretMasking {

bool isCredentialParameter(QStringView decodedName)
{
    return listContains(Protocol::credentialParameters(), decodedName);
}

bool isCredentialHeader(QByteArrayView name)
{
    const QByteArrayView trimmed = name.trimmed();
    for (const QByteArrayView header : CredentialHeaders) {
        if (trimmed.compare(header, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isTokenMember(QStringView decodedName)
{
    return listContains(TokenMembers, decodedName);
}

QByteArray maskForm(QByteArrayView form)
{
    QByteArray out;
    out.reserve(form.size());
    qsizetype start = 0;
    while (start <= form.size()) {
        qsizetype end = form.indexOf('&', start);
        if (end < 0)
            end = form.size();
        const QByteArrayView pair = form.sliced(start, end - start);
        if (start > 0)
            out += '&';
        const qsizetype equals = pair.indexOf('=');
        // An empty value hides nothing and shows a common mistake, so it stays empty.
        if (equals >= 0 && equals + 1 < pair.size()
            && isCredentialParameter(decodeName(pair.first(equals)))) {
            out += pair.first(equals + 1);
            out += Mask;
        } else {
            out += pair;
        }
        start = end + 1;
    }
    return out;
}

QByteArray maskHeaderValue(QByteArrayView name, QByteArrayView value)
{
    if (!isCredentialHeader(name))
        return value.toByteArray();
    const QByteArrayView trimmed = name.trimmed();
    if (trimmed.compare("Authorization", Qt::CaseInsensitive) == 0
        || trimmed.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0) {
        // The scheme (RFC 9110 §11.4) says how the credentials were sent; only they are hidden.
        const QByteArrayView credentials = value.trimmed();
        const qsizetype space = credentials.indexOf(' ');
        return space > 0 ? credentials.first(space + 1).toByteArray() + Mask : Mask.toByteArray();
    }
    if (trimmed.compare("Location", Qt::CaseInsensitive) == 0) {
        const QUrl url = QUrl::fromEncoded(value.toByteArray());
        return url.isValid() ? maskUrl(url).toEncoded() : value.toByteArray();
    }
    // Cookie or Set-Cookie.
    return maskCookies(value, trimmed.compare("Set-Cookie", Qt::CaseInsensitive) == 0);
}

QByteArray maskJson(QByteArrayView json, Tokens tokens)
{
    const qsizetype first = skipSpace(json, 0);
    if (first >= json.size() || (json[first] != '{' && json[first] != '['))
        return json.toByteArray();
    QByteArray out;
    out.reserve(json.size());
    qsizetype copied = 0; // json[0, copied) is in out
    qsizetype i = first;
    while (i < json.size()) {
        if (json[i] != '"') {
            ++i;
            continue;
        }
        const qsizetype end = stringEnd(json, i);
        const qsizetype colon = skipSpace(json, end);
        if (colon >= json.size() || json[colon] != ':') {
            i = end; // a value, not a member name
            continue;
        }
        const QString name
            = unescapeJsonString(json.sliced(i + 1, std::max<qsizetype>(end - i - 2, 0)));
        const qsizetype valueStart = skipSpace(json, colon + 1);
        i = valueStart;
        if (valueStart >= json.size() || !isMaskedMember(name, tokens))
            continue;
        const char c = json[valueStart];
        if (c == '{' || c == '[')
            continue; // its own members are looked at in turn
        qsizetype valueEnd = valueStart;
        if (c == '"') {
            valueEnd = stringEnd(json, valueStart);
        } else {
            while (valueEnd < json.size() && !isJsonSpace(json[valueEnd]) && json[valueEnd] != ','
                && json[valueEnd] != '}' && json[valueEnd] != ']')
                ++valueEnd;
        }
        out += json.sliced(copied, valueStart - copied);
        out += '"';
        out += Mask;
        out += '"';
        copied = valueEnd;
        i = valueEnd;
    }
    out += json.sliced(copied);
    return out;
}

QByteArray maskRequestBody(QByteArrayView body)
{
    // A body is masked as JSON when it is JSON and as a form in any case: the server decodes
    // whatever a form Content-Type announces, so a form pair inside JSON-looking text counts.
    return maskForm(maskJson(body, Tokens::Masked));
}

HttpHeaders maskHeaders(const HttpHeaders &headers)
{
    HttpHeaders masked;
    masked.reserve(headers.size());
    for (const auto &[name, value] : headers)
        masked.append({name, maskHeaderValue(name, value)});
    return masked;
}

QUrl maskUrl(const QUrl &url)
{
    QUrl masked = url;
    if (url.hasQuery()) {
        masked.setQuery(QString::fromUtf8(maskForm(url.query(QUrl::FullyEncoded).toUtf8())),
            QUrl::TolerantMode);
    }
    // An implicit grant's response puts the token in the fragment, form-encoded.
    if (url.hasFragment()) {
        masked.setFragment(QString::fromUtf8(maskForm(url.fragment(QUrl::FullyEncoded).toUtf8())),
            QUrl::TolerantMode);
    }
    if (!url.password().isEmpty())
        masked.setPassword(QString::fromLatin1(Mask));
    return masked;
}

QList<std::pair<QString, QString>> maskParameters(QList<std::pair<QString, QString>> parameters)
{
    for (auto &[name, value] : parameters) {
        if (!value.isEmpty() && isCredentialParameter(name))
            value = QString::fromLatin1(Mask);
    }
    return parameters;
}

} // namespace SecretMasking
