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
