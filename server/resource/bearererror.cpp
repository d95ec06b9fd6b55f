// SPDX-License-Identifier: GPL-3.0-or-later
#include "bearererror.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace {

// RFC 6750 §3: error_description and scope are quoted strings limited to %x20-21 / %x23-5B /
// %x5D-7E, so a double quote becomes a single one and anything else outside becomes '?'.
QByteArray quotedValue(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'"')
            out += '\'';
        else if (u == u'\\' || u < 0x20 || u > 0x7e)
            out += '?';
        else
            out += char(u);
    }
    out += '"';
    return out;
}

} // namespace

int BearerError::status() const
{
    switch (code) {
    case Code::InvalidRequest:
        return 400;
    case Code::InsufficientScope:
        return 403;
    case Code::MissingToken:
    case Code::InvalidToken:
        break;
    }
    return 401;
}

QString BearerError::errorCode() const
{
    switch (code) {
    case Code::MissingToken:
        return {};
    case Code::InvalidRequest:
        return u"invalid_request"_s;
    case Code::InvalidToken:
        return u"invalid_token"_s;
    case Code::InsufficientScope:
        return u"insufficient_scope"_s;
    }
    return {};
}

QByteArray BearerError::challenge(const QString &realm) const
{
    QByteArray value = "Bearer realm=" + quotedValue(realm);
    if (code == Code::MissingToken)
        return value;
    value += ", error=" + quotedValue(errorCode());
    if (!description.isEmpty())
        value += ", error_description=" + quotedValue(description);
    if (code == Code::InsufficientScope)
        value += ", scope=" + quotedValue(scope);
    return value;
}

QString BearerError::challengeParameter(const QByteArray &wwwAuthenticate, const QString &parameter)
{
    // auth-param = token BWS "=" BWS ( token / quoted-string ), RFC 9110 §11.2.
    const QString text = QString::fromLatin1(wwwAuthenticate);
    qsizetype at = 0;
    while ((at = text.indexOf(parameter, at)) >= 0) {
        const bool starts = at == 0 || text.at(at - 1) == u' ' || text.at(at - 1) == u',';
        qsizetype i = at + parameter.size();
        while (i < text.size() && text.at(i) == u' ')
            ++i;
        if (!starts || i >= text.size() || text.at(i) != u'=') {
            at += parameter.size();
            continue;
        }
        ++i;
        while (i < text.size() && text.at(i) == u' ')
            ++i;
        QString value;
        if (i < text.size() && text.at(i) == u'"') {
            for (++i; i < text.size() && text.at(i) != u'"'; ++i) {
                if (text.at(i) == u'\\' && i + 1 < text.size())
                    ++i;
                value += text.at(i);
            }
        } else {
            while (i < text.size() && text.at(i) != u',' && text.at(i) != u' ')
                value += text.at(i++);
        }
        return value;
    }
    return {};
}

HttpResponse BearerError::response(const QString &realm) const
{
    HttpResponse response;
    response.status = status();
    response.setHeader("WWW-Authenticate"_ba, challenge(realm));
    if (code == Code::MissingToken) {
        // RFC 6750 §3.1: a request without authentication gets no error code.
        response.contentType.clear();
        return response;
    }
    QJsonObject body {{u"error"_s, errorCode()}, {u"error_description"_s, description}};
    if (code == Code::InsufficientScope)
        body.insert(u"scope"_s, scope);
    response.contentType = "application/json"_ba;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}
