// SPDX-License-Identifier: GPL-3.0-or-later
#include "composerrequestkind.h"

#include "oauth/protocolregistry.h"
#include "resource/bearererror.h"
#include "store/resourceserversettings.h"
#include "tokenrequestbuilder.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ComposerRequestKind", text);
}

using Parameters = QList<std::pair<QString, QString>>;

Parameters tokenParameters(const TokenRequestInput &input)
{
    Parameters list = {{u"grant_type"_s,
        input.grantType.isEmpty() ? GrantType::ClientCredentials.toString() : input.grantType}};
    return list + input.grantParameters;
}

// RFC 7662 §2.1 and RFC 7009 §2.1 share the two parameters.
Parameters tokenAndHint(const TokenRequestInput &input)
{
    Parameters list = {{u"token"_s, input.token}};
    if (!input.tokenTypeHint.isEmpty())
        list.append({u"token_type_hint"_s, input.tokenTypeHint});
    return list;
}

QString describeIntrospection(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (!object.contains("active"_L1))
        return tr("The answer has no \u201cactive\u201d member, which RFC 7662 §2.2 requires.");
    if (object.value("active"_L1).toBool()) {
        return tr("Active: the server issued this token and it is neither expired nor revoked. "
                  "The other members say what it grants.");
    }
    return tr("Not active: expired, revoked, unknown, or issued by another server. RFC 7662 "
              "§2.2 says no more than that, on purpose.");
}

QString describeRevocation(const QByteArray &)
{
    return tr("Revoked, or the server did not know the token: RFC 7009 §2.2 answers 200 either "
              "way. Introspect it to see that it is no longer active.");
}

QString describeApiAnswer(const QByteArray &)
{
    return tr("The resource server accepted the token: it was valid, and it carries the scope "
              "this route needs.");
}

// RFC 6750 §3 and §3.1, and the API's own answers.
QString describeBearerError(int status, const QByteArray &wwwAuthenticate, const QByteArray &body)
{
    const auto challengeParameter = &BearerError::challengeParameter;
    const QString error = challengeParameter(wwwAuthenticate, u"error"_s);
    const QString description = challengeParameter(wwwAuthenticate, u"error_description"_s);
    const QString why = description.isEmpty() ? QString() : tr(" It says: %1.").arg(description);
    if (status == 401 && error.isEmpty()) {
        return tr("No token: a request without credentials gets 401 and a Bearer challenge "
                  "without an error code (RFC 6750 §3.1). Get a token and send it.");
    }
    if (error == "invalid_token"_L1) {
        return tr("invalid_token: the token is expired, revoked, malformed or not issued by the "
                  "authorization server this API trusts (RFC 6750 §3.1).")
            + why;
    }
    if (error == "insufficient_scope"_L1) {
        return tr("insufficient_scope: the token is valid but lacks the scope %1 that this "
                  "route needs (RFC 6750 §3.1).")
            .arg(challengeParameter(wwwAuthenticate, u"scope"_s));
    }
    if (error == "invalid_request"_L1) {
        return tr("invalid_request: the token was sent in a way the resource server does not "
                  "accept, or more than one way at once (RFC 6750 §3.1).")
            + why;
    }
    if (status == 404)
        return tr("Not found: the API has no such resource (an unknown code or id).");
    const QString message = QJsonDocument::fromJson(body).object().value("message"_L1).toString();
    return message.isEmpty() ? QString() : tr("The API says: %1").arg(message);
}

QString describeUserInfo(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    return tr("The claims about the signed-in user that the access token's scopes allow "
              "(OpenID Connect Core §5.3); sub is %1.")
        .arg(object.value("sub"_L1).toString());
}

const QList<ComposerRequestKind> &allKinds()
{
    static const QList<ComposerRequestKind> kinds = {
        {u"token_endpoint"_s, tr("Token (client credentials)"), true, false, tokenParameters,
            nullptr},
        {u"introspection_endpoint"_s, tr("Introspection (RFC 7662)"), false, true, tokenAndHint,
            describeIntrospection},
        {u"revocation_endpoint"_s, tr("Revocation (RFC 7009)"), false, true, tokenAndHint,
            describeRevocation},
        {ComposerRequestKinds::ResourceCall.toString(), tr("API call to the resource server"),
            false, true, nullptr, describeApiAnswer, true, describeBearerError},
        {u"authorization_endpoint"_s, tr("Authorization code flow (steps)"), true, false, nullptr,
            nullptr, false, nullptr, true, true},
        {u"userinfo_endpoint"_s, tr("UserInfo (OpenID Connect)"), false, true, nullptr,
            describeUserInfo, false, describeBearerError, false, true, false},
        {u"end_session_endpoint"_s, tr("Logout (OpenID Connect)"), false, false, nullptr, nullptr,
            false, nullptr, false, true, false},
    };
    return kinds;
}

} // namespace

namespace ComposerRequestKinds {

QList<const ComposerRequestKind *> available()
{
    QList<const ComposerRequestKind *> list;
    for (const auto &endpoint : ProtocolRegistry::instance().endpoints()) {
        for (const ComposerRequestKind &kind : allKinds()) {
            if (kind.listed && !kind.codeFlow && kind.endpoint == endpoint->metadataMember()
                && endpoint->method() == "POST")
                list.append(&kind);
        }
    }
    for (const ComposerRequestKind &kind : allKinds()) {
        if (kind.resourceCall)
            list.append(&kind);
    }
    // Last: a flow of several requests rather than one.
    for (const ComposerRequestKind &kind : allKinds()) {
        if (kind.codeFlow && !pathOf(kind.endpoint).isEmpty())
            list.append(&kind);
    }
    return list;
}

const ComposerRequestKind &forEndpoint(QStringView endpoint)
{
    for (const ComposerRequestKind &kind : allKinds()) {
        if (kind.endpoint == endpoint)
            return kind;
    }
    return allKinds().first();
}

QString pathOf(QStringView endpoint)
{
    for (const auto &registered : ProtocolRegistry::instance().endpoints()) {
        if (registered->metadataMember() == endpoint)
            return QString::fromLatin1(registered->path());
    }
    return {};
}

QStringList tokenTypeHints()
{
    return {u"access_token"_s, u"refresh_token"_s};
}

QList<std::pair<QString, QString>> resourceExamples()
{
    QList<std::pair<QString, QString>> list;
    for (const ResourceRouteScope &route : ResourceServerSettings::defaultRouteScopes()) {
        const qsizetype space = route.route.indexOf(u' ');
        QString path = route.route.mid(space + 1);
        path.replace(u"{code}"_s, u"AUS"_s);
        path.replace(u"{id}"_s, u"1"_s);
        list.append({route.route.left(space), path});
    }
    return list;
}

} // namespace ComposerRequestKinds
