// SPDX-License-Identifier: GPL-3.0-or-later
#include "introspection.h"

#include "oauth/formdecoder.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Introspection {

const QByteArray UserAgent = "oauth2-playground-resource-server"_ba;

IntrospectionCall call(
    const QString &issuer, const QByteArray &token, const ResourceServerSettings &settings)
{
    IntrospectionCall out;
    out.url = issuer + u"/oauth2/introspect"_s;
    out.headers.append({"Content-Type"_ba, "application/x-www-form-urlencoded"_ba});
    out.headers.append({"Accept"_ba, "application/json"_ba});
    // So the authorization server's traffic log says who asked.
    out.headers.append({"User-Agent"_ba, UserAgent});
    out.body = "token=" + FormDecoder::encodeComponent(QString::fromLatin1(token))
        + "&token_type_hint=access_token";
    if (settings.introspectionAuth == ResourceServerSettings::IntrospectionAuth::ClientSecretPost) {
        out.body += "&client_id=" + FormDecoder::encodeComponent(settings.introspectionClientId)
            + "&client_secret=" + FormDecoder::encodeComponent(settings.introspectionClientSecret);
    } else {
        // RFC 6749 §2.3.1: id and secret form-encoded, then joined by ':' and base64.
        const QByteArray pair = FormDecoder::encodeComponent(settings.introspectionClientId) + ':'
            + FormDecoder::encodeComponent(settings.introspectionClientSecret);
        out.headers.append({"Authorization"_ba, "Basic " + pair.toBase64()});
    }
    return out;
}

std::optional<IntrospectionAnswer> parse(int status, const QByteArray &body, QString *problem)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (status != 200) {
        const QString error = object.value("error"_L1).toString();
        const QString description = object.value("error_description"_L1).toString();
        *problem = error.isEmpty()
            ? u"the authorization server's introspection endpoint answered HTTP %1"_s.arg(status)
            : u"the authorization server refused the introspection with HTTP %1 %2%3"_s.arg(status)
                  .arg(error, description.isEmpty() ? QString() : u": "_s + description);
        return std::nullopt;
    }
    if (!object.value("active"_L1).isBool()) {
        *problem = u"the introspection answer has no boolean \"active\" member"_s;
        return std::nullopt;
    }
    IntrospectionAnswer answer;
    answer.active = object.value("active"_L1).toBool();
    if (answer.active)
        answer.info = AccessTokenChecks::fromClaims(object);
    return answer;
}

} // namespace Introspection
