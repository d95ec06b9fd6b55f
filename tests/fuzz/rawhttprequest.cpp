// SPDX-License-Identifier: GPL-3.0-or-later
#include "rawhttprequest.h"

#include <QUrl>

namespace {

// One line up to LF (a CR before it dropped); advances *at past the LF. Without an LF the rest
// is the line and *at the end.
QByteArrayView takeLine(QByteArrayView text, qsizetype *at)
{
    const qsizetype end = text.indexOf('\n', *at);
    QByteArrayView line = end < 0 ? text.sliced(*at) : text.sliced(*at, end - *at);
    *at = end < 0 ? text.size() : end + 1;
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool isToken(QByteArrayView word)
{
    if (word.isEmpty())
        return false;
    for (const char c : word) {
        const uchar u = uchar(c);
        if (u <= 0x20 || u >= 0x7F || c == ':' || c == '(' || c == ')' || c == '"' || c == '/')
            return false;
    }
    return true;
}

} // namespace

std::optional<HttpRequest> parseRawHttpRequest(QByteArrayView text)
{
    qsizetype at = 0;
    const QByteArrayView requestLine = takeLine(text, &at);
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        return std::nullopt;
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(method) || !version.startsWith("HTTP/1."))
        return std::nullopt;

    HttpRequest request;
    request.method = method.toByteArray();
    request.peer = QStringLiteral("127.0.0.1:40000");

    const QUrl url = QUrl::fromEncoded(target.toByteArray());
    if (url.isValid()) {
        request.path = url.path(QUrl::FullyEncoded).toUtf8();
        request.query = url.query(QUrl::FullyEncoded).toUtf8();
    } else {
        const qsizetype question = target.indexOf('?');
        request.path = (question < 0 ? target : target.first(question)).toByteArray();
        if (question >= 0)
            request.query = target.sliced(question + 1).toByteArray();
    }

    qsizetype contentLength = -1;
    while (at < text.size()) {
        const QByteArrayView line = takeLine(text, &at);
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue; // not a field line; QHttpServer would refuse the request, we skip the line
        const QByteArrayView name = line.first(colon);
        const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        request.headers.append({name.toByteArray(), value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qlonglong n = value.toLongLong(&ok);
            if (ok && n >= 0)
                contentLength = n;
        }
    }
    QByteArrayView body = text.sliced(at);
    if (contentLength >= 0 && contentLength < body.size())
        body = body.first(contentLength);
    request.body = body.toByteArray();
    return request;
}
