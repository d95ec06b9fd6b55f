// SPDX-License-Identifier: GPL-3.0-or-later
#include "composerrequestkind.h"

#include "oauth/protocolregistry.h"
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

Parameters tokenParameters(const TokenRequestInput &)
{
    return {{u"grant_type"_s, GrantType::ClientCredentials.toString()}};
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

const QList<ComposerRequestKind> &allKinds()
{
    static const QList<ComposerRequestKind> kinds = {
        {u"token_endpoint"_s, tr("Token (client credentials)"), true, false, tokenParameters,
            nullptr},
        {u"introspection_endpoint"_s, tr("Introspection (RFC 7662)"), false, true, tokenAndHint,
            describeIntrospection},
        {u"revocation_endpoint"_s, tr("Revocation (RFC 7009)"), false, true, tokenAndHint,
            describeRevocation},
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
            if (kind.endpoint == endpoint->metadataMember() && endpoint->method() == "POST")
                list.append(&kind);
        }
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

} // namespace ComposerRequestKinds
