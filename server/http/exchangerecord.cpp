// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchangerecord.h"

#include "oauth/secretmasking.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <chrono>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK"_ba;
    case 400:
        return "Bad Request"_ba;
    case 401:
        return "Unauthorized"_ba;
    case 404:
        return "Not Found"_ba;
    case 405:
        return "Method Not Allowed"_ba;
    case 413:
        return "Payload Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    default:
        return {};
    }
}

} // namespace

qint64 ExchangeRecord::wallClockMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch())
        .count();
}

QString ExchangeRecord::logLine() const
{
    const QString time = QDateTime::fromMSecsSinceEpoch(startedMSecs(), QTimeZone::utc())
                             .toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
    QString line = time % u' ' % QString::fromLatin1(method) % u' ' % QString::fromUtf8(path);
    if (!decision.clientId.isEmpty())
        line += u" client="_s % decision.clientId;
    line += u' ' % QString::number(status) % u' ' % outcome;
    if (status != 200 && !decision.reason.isEmpty())
        line += u" ("_s % decision.reason % u')';
    line += u' ' % QString::number(double(durationMicros) / 1000.0, 'f', 1) % u" ms"_s;
    return line;
}

QByteArray ExchangeRecord::requestText(const HttpRequest &request, Secrets secrets)
{
    const bool mask = secrets == Secrets::Masked;
    QByteArray text = request.method % ' ' % request.path;
    if (!request.query.isEmpty())
        text += '?' % (mask ? SecretMasking::maskForm(request.query) : request.query);
    text += " HTTP/1.1\r\n"_ba;
    for (const auto &[name, value] : request.headers)
        text += name % ": " % (mask ? SecretMasking::maskHeaderValue(name, value) : value) % "\r\n";
    text += "\r\n" % (mask ? SecretMasking::maskRequestBody(request.body) : request.body);
    return text;
}

QByteArray ExchangeRecord::maskedRequestText(const HttpRequest &request)
{
    return requestText(request, Secrets::Masked);
}

QByteArray ExchangeRecord::responseText(const HttpResponse &response)
{
    QByteArray text = "HTTP/1.1 " % QByteArray::number(response.status) % ' '
        % reasonPhrase(response.status) % "\r\n";
    if (!response.contentType.isEmpty())
        text += "Content-Type: " % response.contentType % "\r\n";
    for (const auto &[name, value] : response.headers)
        text += name % ": " % SecretMasking::maskHeaderValue(name, value) % "\r\n";
    // Tokens stay: the window sends them to the inspector. HAR exports mask them.
    text += "Content-Length: " % QByteArray::number(response.body.size()) % "\r\n\r\n"
        % SecretMasking::maskJson(response.body, SecretMasking::Tokens::Included);
    return text;
}

QString ExchangeRecord::errorCodeOf(const HttpResponse &response)
{
    const QJsonObject object = QJsonDocument::fromJson(response.body).object();
    const QString error = object.value("error"_L1).toString();
    return error.isEmpty() ? u"HTTP %1"_s.arg(response.status) : error;
}
