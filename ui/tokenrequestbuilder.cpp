// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenrequestbuilder.h"

#include "authmethodexplainer.h"
#include "composerrequestkind.h"
#include "oauth/clientauth/basiccredentials.h"
#include "oauth/clientauth/clientassertion.h"
#include "oauth/formdecoder.h"
#include "oauth/secretmasking.h"
#include "store/configuration.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TokenRequestBuilder", text);
}

// curl --data-urlencode keeps only RFC 3986 unreserved characters; matching it keeps the
// composer's body identical to the seed's curl command.
QByteArray dataUrlEncoded(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

} // namespace

TokenRequestBuilder::TokenRequestBuilder(TokenRequestInput input) : m_input(std::move(input))
{ }

bool TokenRequestBuilder::isBasic() const
{
    return m_input.method == AuthMethod::ClientSecretBasic;
}

bool TokenRequestBuilder::isAssertion() const
{
    return m_input.method == AuthMethod::ClientSecretJwt
        || m_input.method == AuthMethod::PrivateKeyJwt;
}

bool TokenRequestBuilder::isResourceCall() const
{
    const ComposerRequestKind &kind = ComposerRequestKinds::forEndpoint(m_input.endpoint);
    return kind.resourceCall || kind.bearerGet;
}

QByteArray TokenRequestBuilder::requestMethod() const
{
    if (!isResourceCall())
        return "POST"_ba;
    return m_input.httpMethod.isEmpty() ? "GET"_ba : m_input.httpMethod.toLatin1().toUpper();
}

QByteArray TokenRequestBuilder::target(Secrets secrets) const
{
    QByteArray path = m_input.tokenUrl.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/"_ba;
    if (m_input.tokenUrl.hasQuery()) {
        const QByteArray query = m_input.tokenUrl.query(QUrl::FullyEncoded).toLatin1();
        path += '?' + (secrets == Secrets::Shown ? query : SecretMasking::maskForm(query));
    }
    return path;
}

QByteArray TokenRequestBuilder::authorization(Secrets secrets) const
{
    const QByteArray value = isResourceCall()
        ? "Bearer "_ba + m_input.token.toLatin1()
        : BasicCredentials::headerValue(m_input.clientId, m_input.clientSecret);
    return secrets == Secrets::Shown ? value
                                     : SecretMasking::maskHeaderValue("Authorization", value);
}

QList<TokenRequestBuilder::Header> TokenRequestBuilder::headers(Secrets secrets) const
{
    QList<Header> list = {{"Host"_ba, hostHeader(m_input.tokenUrl).toLatin1()}};
    if (isResourceCall()) {
        if (!m_input.token.isEmpty())
            list.append({"Authorization"_ba, authorization(secrets)});
        if (!body().isEmpty())
            list.append({"Content-Type"_ba, "application/json"_ba});
        return list;
    }
    if (isBasic())
        list.append({"Authorization"_ba, authorization(secrets)});
    list.append({"Content-Type"_ba, "application/x-www-form-urlencoded"_ba});
    return list;
}

QList<std::pair<QString, QString>> TokenRequestBuilder::parameters(Secrets secrets) const
{
    const ComposerRequestKind &kind = ComposerRequestKinds::forEndpoint(m_input.endpoint);
    if (isResourceCall())
        return {};
    QList<std::pair<QString, QString>> list = kind.leadingParameters(m_input);
    if (isAssertion()) {
        list.append({u"client_id"_s, m_input.clientId});
        list.append({u"client_assertion_type"_s, ClientAssertion::JwtBearerType.toString()});
        list.append({u"client_assertion"_s, m_input.clientAssertion});
    } else if (m_input.method == AuthMethod::None) {
        // A public client names itself and proves nothing (RFC 6749 §2.1, §3.2.1).
        list.append({u"client_id"_s, m_input.clientId});
    } else if (!isBasic()) {
        list.append({u"client_id"_s, m_input.clientId});
        list.append({u"client_secret"_s, m_input.clientSecret});
    }
    if (kind.usesScopes && !m_input.scopes.isEmpty())
        list.append({u"scope"_s, m_input.scopes.join(u' ')});
    for (const auto &parameter : m_input.extraParameters) {
        if (!parameter.first.isEmpty())
            list.append(parameter);
    }
    return secrets == Secrets::Shown ? list : SecretMasking::maskParameters(std::move(list));
}

QByteArray TokenRequestBuilder::body(Secrets secrets) const
{
    if (isResourceCall()) {
        const QByteArray json = requestMethod() == "GET" ? QByteArray() : m_input.jsonBody.toUtf8();
        return secrets == Secrets::Shown ? json : SecretMasking::maskRequestBody(json);
    }
    QByteArrayList pairs;
    for (const auto &[name, value] : parameters(Secrets::Shown))
        pairs.append(dataUrlEncoded(name) + '=' + dataUrlEncoded(value));
    const QByteArray form = pairs.join('&');
    return secrets == Secrets::Shown ? form : SecretMasking::maskForm(form);
}

QString TokenRequestBuilder::previewText(Secrets secrets) const
{
    QString text = QString::fromLatin1(requestMethod() + ' ' + target(secrets)) + u" HTTP/1.1\n"_s;
    for (const auto &[name, value] : headers(secrets))
        text += QString::fromLatin1(name) + u": "_s + QString::fromLatin1(value) + u'\n';
    return text + u'\n' + QString::fromUtf8(body(secrets));
}

QStringList TokenRequestBuilder::basicSteps() const
{
    const QString id = QString::fromLatin1(FormDecoder::encodeComponent(m_input.clientId));
    const QString secret = QString::fromLatin1(FormDecoder::encodeComponent(m_input.clientSecret));
    QStringList changed = AuthMethodExplainer::charactersChangedByEncoding(m_input.clientId);
    for (const QString &c :
        AuthMethodExplainer::charactersChangedByEncoding(m_input.clientSecret)) {
        if (!changed.contains(c))
            changed.append(c);
    }
    const QString joined = id + u':' + secret;
    return {
        tr("1. Form-encode the client id and the secret (RFC 6749 §2.3.1)%1: %2 and %3")
            .arg(changed.isEmpty() ? tr(", which changes nothing here")
                                   : tr(", which changes %1").arg(changed.join(u' ')),
                id, secret),
        tr("2. Join them with a colon: %1").arg(joined),
        tr("3. Base64 the result: Authorization: %1")
            .arg(QString::fromLatin1(authorization(Secrets::Shown))),
    };
}

QString TokenRequestBuilder::hostHeader(const QUrl &url)
{
    const bool https = url.scheme() == "https"_L1;
    const int port = url.port(https ? 443 : 80);
    const bool defaultPort = (https && port == 443) || (!https && port == 80);
    return defaultPort ? url.host() : u"%1:%2"_s.arg(url.host()).arg(port);
}

QString TokenRequestBuilder::shellQuoted(const QString &value)
{
    QString quoted = value;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString TokenRequestBuilder::powerShellQuoted(const QString &value)
{
    QString quoted = value;
    quoted.replace(u'\'', u"''"_s);
    return u'\'' + quoted + u'\'';
}

QString TokenRequestBuilder::curlCommand(Secrets secrets) const
{
    if (isResourceCall()) {
        QStringList lines = {u"curl --location --request "_s + QString::fromLatin1(requestMethod())
            + u' ' + shellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded))};
        for (const auto &[name, value] : headers(secrets)) {
            if (name != "Host")
                lines.append(
                    u"--header "_s + shellQuoted(QString::fromLatin1(name + ": " + value)));
        }
        if (!body().isEmpty())
            lines.append(u"--data-raw "_s + shellQuoted(QString::fromUtf8(body(secrets))));
        return lines.join(u" \\\n"_s);
    }
    QStringList lines = {u"curl --location --request POST "_s
            + shellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded)),
        u"--header 'Content-Type: application/x-www-form-urlencoded'"_s};
    if (isBasic()) {
        // --user would send the raw values; §2.3.1 wants them form-encoded first.
        lines.append(u"--header "_s
            + shellQuoted(u"Authorization: "_s + QString::fromLatin1(authorization(secrets))));
    }
    for (const auto &[name, value] : parameters(secrets))
        lines.append(u"--data-urlencode "_s + shellQuoted(name + u'=' + value));
    return lines.join(u" \\\n"_s);
}

QString TokenRequestBuilder::httpieCommand(Secrets secrets) const
{
    if (isResourceCall()) {
        QStringList lines = {u"http "_s + QString::fromLatin1(requestMethod()) + u' '
            + shellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded))};
        for (const auto &[name, value] : headers(secrets)) {
            if (name != "Host")
                lines.append(shellQuoted(QString::fromLatin1(name + ':' + value)));
        }
        if (!body().isEmpty())
            lines.append(u"--raw "_s + shellQuoted(QString::fromUtf8(body(secrets))));
        return lines.join(u" \\\n  "_s);
    }
    QStringList lines
        = {u"http --form POST "_s + shellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded))};
    if (isBasic()) {
        lines.append(
            shellQuoted(u"Authorization:"_s + QString::fromLatin1(authorization(secrets))));
    }
    for (const auto &[name, value] : parameters(secrets))
        lines.append(shellQuoted(name + u'=' + value));
    return lines.join(u" \\\n  "_s);
}

QString TokenRequestBuilder::powerShellCommand(Secrets secrets) const
{
    if (isResourceCall()) {
        const QString method = QString::fromLatin1(requestMethod());
        QString text = u"Invoke-RestMethod -Method "_s + method.left(1) + method.mid(1).toLower()
            + u" -Uri "_s + powerShellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded));
        if (!m_input.token.isEmpty()) {
            text += u" `\n  -Headers @{ Authorization = "_s
                + powerShellQuoted(QString::fromLatin1(authorization(secrets))) + u" }"_s;
        }
        if (!body().isEmpty()) {
            text += u" `\n  -ContentType 'application/json' -Body "_s
                + powerShellQuoted(QString::fromUtf8(body(secrets)));
        }
        return text;
    }
    QString text = u"$body = [ordered]@{\n"_s;
    for (const auto &[name, value] : parameters(secrets))
        text += u"    "_s + powerShellQuoted(name) + u" = "_s + powerShellQuoted(value) + u'\n';
    text += u"}\n"_s;
    text += u"Invoke-RestMethod -Method Post -Uri "_s
        + powerShellQuoted(m_input.tokenUrl.toString(QUrl::FullyEncoded)) + u" `\n"_s
        + u"  -ContentType 'application/x-www-form-urlencoded' `\n"_s;
    if (isBasic()) {
        text += u"  -Headers @{ Authorization = "_s
            + powerShellQuoted(QString::fromLatin1(authorization(secrets))) + u" } `\n"_s;
    }
    return text + u"  -Body $body"_s;
}
